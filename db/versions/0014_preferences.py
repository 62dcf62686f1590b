"""Each person's own text size and high-contrast colours, kept with their account.

Kept in the database rather than on a PC, so they follow the person from desk to desk and
are applied as soon as they sign in. Existing accounts start at the system's text size
(100 %) without high contrast.

Revision ID: 0014
Revises: 0016
Create Date: 2026-12-05 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.add_column(
            sa.Column("text_size", sa.Integer(), nullable=False, server_default=sa.text("100"))
        )
        batch.add_column(
            sa.Column("high_contrast", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("staff") as batch:
        batch.alter_column("text_size", server_default=None)
        batch.alter_column("high_contrast", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch:
        batch.drop_column("high_contrast")
        batch.drop_column("text_size")
