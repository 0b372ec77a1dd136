"""ballot box: the move that last wrote each ballot

Revision ID: b8c9d0e1f2a3
Revises: a7b8c9d0e1f2
Create Date: 2026-12-01 14:00:00

A move out of the pool no longer rewrites the whole box: it rewrites the newest group of
ballots with the pool (``voting_app.ballots``), and needs to know which move wrote each
ballot. Ballots already in the box are one group (move 0), merged with the
rest at closing.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "b8c9d0e1f2a3"
down_revision = "a7b8c9d0e1f2"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("ballot", table_kwargs={"sqlite_with_rowid": False}) as batch_op:
        batch_op.add_column(sa.Column("move", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_ballot_round_move", "ballot", ["wijk", "ronde", "move"])


def downgrade():
    op.drop_index("ix_ballot_round_move", table_name="ballot")
    with op.batch_alter_table("ballot", table_kwargs={"sqlite_with_rowid": False}) as batch_op:
        batch_op.drop_column("move")
