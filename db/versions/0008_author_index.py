"""The requests a call handler or receptionist took themselves are one index range.

Staff who see only their hub's recent requests also see every request they took (its first
version is theirs). Searching, each match was checked by reading its request's first
version, a second row per match: at a million requests a common surname took a receptionist
over half a second. With the authors indexed, the requests one person took are read once,
from the index, and each match is checked against them in memory.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26 03:05:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_request_versions_author", "request_versions", ["author", "version", "request_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_request_versions_author", table_name="request_versions")
