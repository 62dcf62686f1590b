"""Re-referrals are kept as requests change, so a month's count is one index range.

Counting them while the figures were produced took a hundred thousand index seeks for a month
at a million requests. The new ``rereferrals`` table holds the current versions that are
re-referrals, with their time and hub; the save path, amendments, erasure and the retention
clean-up keep it up (``triage_app/store/rereferrals.py``). It is filled for the requests
already stored by migration 0018, the last to change that definition.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 23:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rereferrals",
        sa.Column("version_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("hub", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["request_versions.id"],
            name=op.f("fk_rereferrals_version_id_request_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_rereferrals")),
    )
    op.create_index("ix_rereferrals_received", "rereferrals", ["received_at", "hub"])
    op.create_index("ix_rereferrals_hub_received", "rereferrals", ["hub", "received_at"])
    # Filled by migration 0018, with the definition as it now stands (it reads columns
    # that revision adds): the answers must be the ones saves will keep up.


def downgrade() -> None:
    op.drop_index("ix_rereferrals_hub_received", table_name="rereferrals")
    op.drop_index("ix_rereferrals_received", table_name="rereferrals")
    op.drop_table("rereferrals")
