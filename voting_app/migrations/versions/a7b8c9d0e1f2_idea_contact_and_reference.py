"""ideas: a phone number beside the e-mail, a reference number, and the channel

Revision ID: a7b8c9d0e1f2
Revises: f6a7b8c9d0e1
Create Date: 2026-12-01 11:00:00

Ideas sent in before this revision get a reference number too, so that every idea can be
followed the same way.
"""

import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "a7b8c9d0e1f2"
down_revision = "f6a7b8c9d0e1"
branch_labels = None
depends_on = None

_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _reference(taken: set[str]) -> str:
    while True:
        raw = "".join(secrets.choice(_ALPHABET) for _ in range(8))
        number = f"{raw[:4]}-{raw[4:]}"
        if number not in taken:
            taken.add(number)
            return number


def upgrade():
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("phone", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("reference", sa.String(length=9), nullable=True))
        batch_op.add_column(
            sa.Column("channel", sa.String(length=8), server_default="online", nullable=False)
        )
    proposal = sa.table("proposal", sa.column("id", sa.Integer), sa.column("reference"))
    connection = op.get_bind()
    taken: set[str] = set()
    for (pid,) in connection.execute(sa.select(proposal.c.id)).all():
        connection.execute(
            proposal.update().where(proposal.c.id == pid).values(reference=_reference(taken))
        )
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.alter_column("reference", existing_type=sa.String(length=9), nullable=False)
        batch_op.create_unique_constraint("uq_proposal_reference", ["reference"])


def downgrade():
    with op.batch_alter_table("proposal", schema=None) as batch_op:
        batch_op.drop_constraint("uq_proposal_reference", type_="unique")
        batch_op.drop_column("channel")
        batch_op.drop_column("reference")
        batch_op.drop_column("phone")
