"""stimuleringsregeling: applications for a small subsidy

Revision ID: f6a7b8c9d0e1
Revises: e5f6a7b8c9d0
Create Date: 2026-12-01 09:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "f6a7b8c9d0e1"
down_revision = "e5f6a7b8c9d0"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "grant_application",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=9), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("wijk", sa.String(length=63), nullable=False),
        sa.Column("post", sa.String(length=63), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("for_whom", sa.String(length=200), nullable=False),
        sa.Column("when", sa.String(length=200), nullable=False),
        sa.Column("cost", sa.Integer(), nullable=False),
        sa.Column("own_part", sa.Text(), nullable=False),
        sa.Column("group_name", sa.String(length=200), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("paid_on", sa.Date(), nullable=True),
        sa.Column("accounted_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("grant_application", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grant_application_wijk"), ["wijk"], unique=False)


def downgrade():
    with op.batch_alter_table("grant_application", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grant_application_wijk"))
    op.drop_table("grant_application")
