"""Search by a child's date of birth alone is an index seek.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 19:55:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.create_index("ix_children_dob", ["date_of_birth"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("children", schema=None) as batch_op:
        batch_op.drop_index("ix_children_dob")
