"""round lifecycle: phases, frozen ballot, publishing state

Revision ID: c3d4e5f6a7b8
Revises: b6b1368d4b9c
Create Date: 2026-12-01 08:00:00

"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

# revision identifiers, used by Alembic.
revision = "c3d4e5f6a7b8"
down_revision = "b6b1368d4b9c"
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
