"""Safeguarding concerns, unknown children, earlier requests and an emergency saved at once.

The routing contract's second edition (rules 9–14) adds to each version: its concerns (a
table like the needs'), whether children of unknown number or age live there, how many
earlier requests the store counted when it was saved, the 999 call (when, by whom, the
police reference) and whether it was saved partial (``incomplete``). A partial request may
have no consent yet, so ``consent`` may be NULL.

On SQLite ``consent`` is made nullable in place, in the table's stored definition, as
migration 0007 drops its column: copying the table (Alembic's batch mode) would drop the old
one, which with foreign keys on deletes every child, need and action through ``ON DELETE
CASCADE``, and would lose the export trigger. Versions already stored keep their values; the
new columns read as no concern, no unknown children, no earlier request, complete.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 00:30:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.engine import Connection

from triage_app.store.types import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (
    "children_unknown",
    "earlier_requests",
    "emergency_called_at",
    "emergency_called_by",
    "emergency_police_reference",
    "incomplete",
)
_CONSENT = re.compile(r'("?consent"?\s+VARCHAR\(40\))\s+NOT\s+NULL', re.IGNORECASE)
_NULLABLE_CONSENT = re.compile(r'("?consent"?\s+VARCHAR\(40\))(?=\s*,)', re.IGNORECASE)


def _on_sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def _rewrite_sqlite_definition(conn: Connection, pattern: re.Pattern[str], to: str) -> None:
    """Change ``request_versions``' stored definition in place (SQLite's documented way)."""
    table = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'request_versions'"
    definition = conn.exec_driver_sql(table).scalar_one()
    changed, found = pattern.subn(to, definition, count=1)
    if not found:
        return
    version = conn.exec_driver_sql("PRAGMA schema_version").scalar_one()
    conn.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        conn.exec_driver_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'request_versions'",
            (changed,),
        )
        conn.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        conn.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    op.add_column(
        "request_versions",
        sa.Column("children_unknown", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "request_versions",
        sa.Column("earlier_requests", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column("request_versions", sa.Column("emergency_called_at", UTCDateTime()))
    op.add_column("request_versions", sa.Column("emergency_called_by", sa.Text()))
    op.add_column("request_versions", sa.Column("emergency_police_reference", sa.Text()))
    op.add_column(
        "request_versions",
        sa.Column("incomplete", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.create_index(
        "ix_request_versions_incomplete", "request_versions", ["incomplete", "is_current"]
    )
    if _on_sqlite():
        _rewrite_sqlite_definition(op.get_bind(), _CONSENT, r"\1")
    else:
        op.alter_column("request_versions", "consent", existing_type=sa.String(40), nullable=True)
    op.create_table(
        "request_concerns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("concern", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["request_versions.id"],
            name=op.f("fk_request_concerns_version_id_request_versions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_concerns")),
    )
    op.create_index(
        "ix_request_concerns_version", "request_concerns", ["version_id", "position", "concern"]
    )


class PartialRequestsStored(RuntimeError):
    """A version without consent cannot be kept by the schema before 0009."""


def downgrade() -> None:
    conn = op.get_bind()
    partial = conn.exec_driver_sql(
        "SELECT COUNT(*) FROM request_versions WHERE consent IS NULL"
    ).scalar_one()
    if partial:
        raise PartialRequestsStored(
            f"{partial} stored versions have no consent yet (saved partial): complete them by "
            "amendment, or erase them, before going back to a schema without concerns"
        )
    op.drop_index("ix_request_concerns_version", table_name="request_concerns")
    op.drop_table("request_concerns")
    if _on_sqlite():
        _rewrite_sqlite_definition(conn, _NULLABLE_CONSENT, r"\1 NOT NULL")
    else:
        op.alter_column("request_versions", "consent", existing_type=sa.String(40), nullable=False)
    op.drop_index("ix_request_versions_incomplete", table_name="request_versions")
    for column in reversed(_COLUMNS):
        op.drop_column("request_versions", column)
