"""agencies in time: began, ended, successors; obligations passed on by a reorganisation

Revision ID: 0006_agencies
Revises: 0005_calendar
Create Date: 2026-12-01 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_agencies"
down_revision = "0005_calendar"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.add_column(sa.Column("territory", sa.String(20), nullable=False, server_default="continues"))
        batch_op.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("handover_working_days", sa.Integer(), nullable=False, server_default="20"))
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("began", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("ended", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("successors", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("obligations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "inherited_from",
                sa.JSON(),
                nullable=False,
                server_default="[]",
                comment="the predecessors' obligations this one took over, as [id, agency code] pairs",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("obligations", schema=None) as batch_op:
        batch_op.drop_column("inherited_from")
    with op.batch_alter_table("agencies", schema=None) as batch_op:
        batch_op.drop_column("successors")
        batch_op.drop_column("ended")
        batch_op.drop_column("began")
    with op.batch_alter_table("plans", schema=None) as batch_op:
        batch_op.drop_column("handover_working_days")
        batch_op.drop_column("ends_on")
        batch_op.drop_column("territory")
