"""secret ballot box and the code register

Revision ID: d4e5f6a7b8c9
Revises: c3d4e5f6a7b8
Create Date: 2026-12-01 08:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "d4e5f6a7b8c9"
down_revision = "c3d4e5f6a7b8"
branch_labels = None
depends_on = None


LIVE = sa.text("status != 'void'")


def upgrade():
    # The pool where cast ballots wait, sealed, until they are moved into the box in a batch.
    op.create_table(
        "ballot_pending",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("wijk", sa.String(length=63), nullable=False),
        sa.Column("ronde", sa.String(length=63), nullable=False),
        sa.Column("sealed", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_with_rowid=False,
    )
    # No dates: a day shared by a used code and a ballot links them when few vote that day.
    with op.batch_alter_table("vote_code") as batch_op:
        batch_op.drop_column("used_on")
    with op.batch_alter_table("ballot", table_kwargs={"sqlite_with_rowid": False}) as batch_op:
        batch_op.drop_column("cast_on")
    # One live code per letter number and round.
    op.create_index(
        "uq_vote_code_live_letter",
        "vote_code",
        ["wijk", "ronde", "letter"],
        unique=True,
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )


def downgrade():
    pooled = op.get_bind().execute(sa.text("SELECT count(*) FROM ballot_pending")).scalar()
    if pooled:
        raise RuntimeError(
            f"{pooled} ballots are still in the pool: close the round (which moves them into "
            "the ballot box) before downgrading, or they would be lost."
        )
    op.drop_index("uq_vote_code_live_letter", table_name="vote_code")
    with op.batch_alter_table("ballot", table_kwargs={"sqlite_with_rowid": False}) as batch_op:
        batch_op.add_column(
            sa.Column("cast_on", sa.Date(), nullable=False, server_default="2000-01-01")
        )
    with op.batch_alter_table("vote_code") as batch_op:
        batch_op.add_column(sa.Column("used_on", sa.Date(), nullable=True))
    op.drop_table("ballot_pending")
