"""a notice is unique per (obligation, stage, deadline): a changed deadline starts its ladder afresh

Revision ID: 0008_deadline
Revises: 0007_web
Create Date: 2026-12-02 04:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_deadline"
down_revision = "0007_web"
branch_labels = None
depends_on = None

OLD = ["obligation_id", "stage"]
NEW = "uq_outbox_obligation_stage_deadline"
# SQLite keeps the old constraint unnamed; batch mode finds it by this convention (column 0 is obligation_id).
SQLITE_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _old_name(bind) -> str:
    for constraint in sa.inspect(bind).get_unique_constraints("outbox"):
        if constraint["column_names"] == OLD:
            return constraint["name"]
    raise RuntimeError("outbox: the unique constraint on (obligation_id, stage) is missing")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        with op.batch_alter_table("outbox", naming_convention=SQLITE_NAMES) as batch_op:
            batch_op.drop_constraint("uq_outbox_obligation_id", type_="unique")
            batch_op.create_unique_constraint(NEW, ["obligation_id", "stage", "deadline"])
    else:
        op.drop_constraint(_old_name(bind), "outbox", type_="unique")
        op.create_unique_constraint(NEW, "outbox", ["obligation_id", "stage", "deadline"])


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_constraint(NEW, type_="unique")
        batch_op.create_unique_constraint("uq_outbox_obligation_id", OLD)  # the name SQLITE_NAMES gives it
