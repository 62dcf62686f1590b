"""PostgreSQL seeks what staff type into search (the start of a name, postcode, phone or
reference) in its indexes.

PostgreSQL answers ``LIKE 'prefix%'`` from a btree index only when the index compares
bytes (``varchar_pattern_ops``) or the database's collation is plain ``C``; under any other
collation (``C.UTF-8``, ``en_GB.UTF-8``) the prefix searches read whole tables. There, the
indexes on the keys searched by their start are rebuilt with that operator class (which
still answers the equality look-ups they served), and references get one. SQLite compares
the keys as bytes already: this revision changes nothing there.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 21:45:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PATTERN = "varchar_pattern_ops"
_EARLIER = ["is_current", "received_at", "request_id"]

#: (table, index, columns, the columns matched by their start) rebuilt on PostgreSQL.
_PREFIXED = [
    ("request_versions", "ix_request_versions_family_postcode",
     ["family_last_name_key", "postcode_key", *_EARLIER], ["family_last_name_key"]),
    ("children", "ix_children_name_dob",
     ["last_name_key", "first_name_key", "date_of_birth", "version_id"],
     ["last_name_key", "first_name_key"]),
    ("request_versions", "ix_request_versions_phone", ["phone_key", *_EARLIER], ["phone_key"]),
    ("request_versions", "ix_request_versions_postcode", ["postcode_key"], ["postcode_key"]),
]  # fmt: skip


def _on_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _on_postgresql():
        return
    for table, name, columns, prefixed in _PREFIXED:
        op.drop_index(name, table_name=table)
        op.create_index(
            name, table, columns, unique=False, postgresql_ops=dict.fromkeys(prefixed, _PATTERN)
        )
    op.create_index(
        "ix_requests_reference_prefix",
        "requests",
        ["reference"],
        unique=False,
        postgresql_ops={"reference": _PATTERN},
    )


def downgrade() -> None:
    if not _on_postgresql():
        return
    op.drop_index("ix_requests_reference_prefix", table_name="requests")
    for table, name, columns, _prefixed in _PREFIXED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, columns, unique=False)
