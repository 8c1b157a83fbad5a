"""the plan's deadline rules: who IV.2 binds, continuing items, the monitor's compiling items

Revision ID: 0005_calendar
Revises: 0004_harden
Create Date: 2026-12-01 21:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_calendar"
down_revision = "0004_harden"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "deadline_rules",
                sa.JSON(),
                nullable=True,
                comment="who the plan gives a deadline (tracking.rules.periods.DeadlineRules)",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_column("deadline_rules")
