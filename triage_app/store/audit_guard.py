"""Database triggers that make the audit trail append-only, for SQLite and PostgreSQL.

The application never updates or deletes an audit entry; these make the database refuse it
too, so a mistake or a hand-run statement cannot quietly rewrite history.
"""

from __future__ import annotations

from sqlalchemy import Connection

_MESSAGE = "audit entries are append-only"

_SQLITE = [
    f"CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    f"CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
    f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
]
_POSTGRES = [
    "CREATE FUNCTION audit_entries_refuse() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN RAISE EXCEPTION '{_MESSAGE}'; END $$",
    "CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries "
    "FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse()",
    "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse()",
]


def forbid_audit_changes(conn: Connection) -> None:
    for statement in _SQLITE if conn.dialect.name == "sqlite" else _POSTGRES:
        conn.exec_driver_sql(statement)


def allow_audit_changes(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        statements = [
            "DROP TRIGGER audit_entries_no_update",
            "DROP TRIGGER audit_entries_no_delete",
        ]
    else:
        statements = ["DROP FUNCTION audit_entries_refuse() CASCADE"]
    for statement in statements:
        conn.exec_driver_sql(statement)


#: The triggers ``forbid_audit_changes`` makes, by database kind.
GUARDS = {
    "sqlite": ("audit_entries_no_delete", "audit_entries_no_update"),
    "postgresql": ("audit_entries_no_change", "audit_entries_no_truncate"),
}
_PRESENT = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger' "
    "AND tbl_name = 'audit_entries'",
    # A disabled trigger ('D') guards nothing: it counts as missing.
    "postgresql": "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_entries'::regclass "
    "AND NOT tgisinternal AND tgenabled <> 'D'",
}


def missing_guards(conn: Connection) -> list[str]:
    """The append-only triggers that are not there (or are switched off), by name."""
    kind = conn.dialect.name
    present = {str(name) for (name,) in conn.exec_driver_sql(_PRESENT[kind])}
    return [name for name in GUARDS[kind] if name not in present]
