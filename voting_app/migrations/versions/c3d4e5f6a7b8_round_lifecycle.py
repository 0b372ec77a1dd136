"""round lifecycle: phases, frozen ballot, publishing state

Revision ID: c3d4e5f6a7b8
Revises: b6b1368d4b9c
Create Date: 2026-12-01 08:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "c3d4e5f6a7b8"
down_revision = "b6b1368d4b9c"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("frozen_ballot", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("fingerprint", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("invalid_ballots", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("round", schema=None) as batch_op:
        batch_op.drop_column("invalid_ballots")
        batch_op.drop_column("fingerprint")
        batch_op.drop_column("frozen_ballot")
        batch_op.drop_column("closed_on")
