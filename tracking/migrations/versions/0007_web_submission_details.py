"""figures, file and rejection of a submission (reports made on dondoc's web pages)

Revision ID: 0007_web
Revises: 0006_agencies
Create Date: 2026-12-01 21:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_web"
down_revision = "0006_agencies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("figures", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("file_path", sa.Text(), nullable=True, comment="relative to DONDOC_HOME"))
        batch_op.add_column(sa.Column("file_name", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("file_sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("rejected_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("rejection_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("rejected_by", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        for column in (
            "rejected_by",
            "rejection_reason",
            "rejected_on",
            "file_sha256",
            "file_name",
            "file_path",
            "figures",
        ):
            batch_op.drop_column(column)
