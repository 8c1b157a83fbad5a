"""plans, agencies, items, obligations, submissions

Revision ID: 0001
Revises:
Create Date: 2026-11-26 09:14:17.295108
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("parent_code", sa.String(length=80), nullable=True),
        sa.Column("gso_code", sa.String(length=10), nullable=True),
        sa.Column("groups", sa.JSON(), nullable=False),
        sa.Column("head_name", sa.String(length=200), nullable=True),
        sa.Column("head_title", sa.String(length=300), nullable=False),
        sa.Column("head_email", sa.String(length=254), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_title", sa.String(length=300), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "plans",
        sa.Column("number", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=60), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("monitor", sa.String(length=80), nullable=False),
        sa.Column("start_year", sa.Integer(), nullable=False),
        sa.Column(
            "reporting_due", sa.String(length=5), nullable=False, comment="MM-DD, last allowed day of the yearly report"
        ),
        sa.PrimaryKeyConstraint("number"),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_number", sa.String(length=60), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("parent", sa.String(length=40), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("lead_text", sa.Text(), nullable=True),
        sa.Column("leads", sa.JSON(), nullable=False),
        sa.Column("lead_agencies", sa.JSON(), nullable=False),
        sa.Column("coordinators", sa.JSON(), nullable=False),
        sa.Column("requested", sa.Boolean(), nullable=False),
        sa.Column("form", sa.Text(), nullable=True),
        sa.Column("timeframe_text", sa.Text(), nullable=True),
        sa.Column("meaning", sa.JSON(), nullable=False),
        sa.Column("undated_product", sa.Text(), nullable=True),
        sa.Column("precondition", sa.String(length=80), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_number"],
            ["plans.number"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_number", "code"),
    )
    op.create_table(
        "precondition_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_number", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("met_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column(
            "recorded_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["plan_number"],
            ["plans.number"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "adhoc_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column(
            "recorded_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["items.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "seq"),
    )
    op.create_table(
        "obligations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=80), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("visible_from", sa.Date(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_code"],
            ["agencies.code"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["items.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("item_id", "agency_code", "period"),
    )
    with op.batch_alter_table("obligations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_obligations_agency_code"), ["agency_code"], unique=False)
        batch_op.create_index(batch_op.f("ix_obligations_item_id"), ["item_id"], unique=False)

    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("obligation_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("document", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("difficulties", sa.Text(), nullable=True),
        sa.Column("proposals", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column(
            "recorded_at", sa.DateTime(timezone=True), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["obligation_id"],
            ["obligations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_submissions_obligation_id"), ["obligation_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_submissions_obligation_id"))

    op.drop_table("submissions")
    with op.batch_alter_table("obligations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_obligations_item_id"))
        batch_op.drop_index(batch_op.f("ix_obligations_agency_code"))

    op.drop_table("obligations")
    op.drop_table("adhoc_requests")
    op.drop_table("precondition_events")
    op.drop_table("items")
    op.drop_table("plans")
    op.drop_table("agencies")
