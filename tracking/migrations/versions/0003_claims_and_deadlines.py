"""deadline per notice, claims on deliveries

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 10:22:48.258909
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "deadline", sa.Date(), nullable=True, comment="the obligation's deadline the stage was counted from"
            )
        )

    with op.batch_alter_table("outbox_deliveries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "claimed_at",
                sa.DateTime(timezone=True),
                nullable=True,
                comment="when a dispatch took it for sending (state 'sending')",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_deliveries", schema=None) as batch_op:
        batch_op.drop_column("claimed_at")

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("deadline")
