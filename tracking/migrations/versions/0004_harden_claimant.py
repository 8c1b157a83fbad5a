"""who holds a delivery's claim

Revision ID: 0004_harden
Revises: 0003
Create Date: 2026-12-01 21:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_harden"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_deliveries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "claimed_by",
                sa.String(length=200),
                nullable=True,
                comment="the dispatch process holding the claim: host, process id and its start time",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox_deliveries", schema=None) as batch_op:
        batch_op.drop_column("claimed_by")
