"""The audit trail is keyed from a recorded entry on: ``audit_keys``.

Entries written from this version on are keyed (HMAC-SHA256) with a key kept outside the
database. The table names that key by its fingerprint and the first entry written with it,
so the entries before it, written with their plain hash, are still checked as they were.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from triage_app.store.types import UTCDateTime

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_keys",
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("first_entry", sa.Integer(), nullable=False),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_audit_keys")),
    )


def downgrade() -> None:
    op.drop_table("audit_keys")
