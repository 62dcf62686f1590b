"""Database triggers that keep a request's attempts, notes and status changes append-only.

As with the audit trail (``store.audit_guard``), the application never edits these rows; the
database refuses it too. Two changes stay possible, both deliberate: erasing a record blanks
their words (an update that leaves every word column empty and the rest as it was), and the
retention clean-up removes them with their request (a delete once the request is gone,
through ``ON DELETE CASCADE``).
"""

from __future__ import annotations

from sqlalchemy import Connection

_MESSAGE = "attempts, notes and status changes are never changed, only added to"

#: Each guarded table: its words (blanked on erasure), then what must never change.
GUARDED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "status_changes": (
        ("reason", "mash_decision"),
        ("id", "request_id", "version", "at", "changed_by", "from_status", "to_status", "outcome"),
    ),
    "contact_attempts": (
        ("note",),
        ("id", "request_id", "version", "at", "recorded_at", "made_by", "method", "reached"),
    ),
    "request_notes": (("text",), ("id", "request_id", "version", "at", "author")),
}


def _refused_update(words: tuple[str, ...], fixed: tuple[str, ...]) -> str:
    kept = " OR ".join(f"NEW.{w} IS NOT NULL" for w in words)
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in fixed)
    return f"{kept} OR {changed}"


def _sqlite(table: str, words: tuple[str, ...], fixed: tuple[str, ...]) -> list[str]:
    # SQLite spells "IS DISTINCT FROM" as "IS NOT".
    refused = _refused_update(words, fixed).replace("IS DISTINCT FROM", "IS NOT")
    return [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} WHEN {refused} "
        f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        "WHEN EXISTS (SELECT 1 FROM requests WHERE id = OLD.request_id) "
        f"BEGIN SELECT RAISE(ABORT, '{_MESSAGE}'); END",
    ]


def _postgres(table: str, words: tuple[str, ...], fixed: tuple[str, ...]) -> list[str]:
    return [
        f"CREATE FUNCTION {table}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP = 'TRUNCATE' THEN "
        f"RAISE EXCEPTION '{_MESSAGE}'; "
        "ELSIF TG_OP = 'DELETE' THEN "
        "IF EXISTS (SELECT 1 FROM requests WHERE id = OLD.request_id) THEN "
        f"RAISE EXCEPTION '{_MESSAGE}'; END IF; RETURN OLD; "
        f"ELSIF {_refused_update(words, fixed)} THEN "
        f"RAISE EXCEPTION '{_MESSAGE}'; END IF; RETURN NEW; END $$",
        f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse()",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_refuse()",
    ]


def forbid_life_changes(conn: Connection) -> None:
    make = _sqlite if conn.dialect.name == "sqlite" else _postgres
    for table, (words, fixed) in GUARDED.items():
        for statement in make(table, words, fixed):
            conn.exec_driver_sql(statement)


def allow_life_changes(conn: Connection) -> None:
    for table in GUARDED:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_update")
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        else:
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {table}_refuse() CASCADE")


def _names(dialect: str) -> list[str]:
    ends = ("no_delete", "no_update") if dialect == "sqlite" else ("no_change", "no_truncate")
    return [f"{table}_{end}" for table in GUARDED for end in ends]


_PRESENT = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    # A disabled trigger ('D') guards nothing: it counts as missing.
    "postgresql": "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'",
}


def missing_life_guards(conn: Connection) -> list[str]:
    """The append-only triggers of attempts, notes and status changes that are not there."""
    kind = conn.dialect.name
    present = {str(name) for (name,) in conn.exec_driver_sql(_PRESENT[kind])}
    return [name for name in _names(kind) if name not in present]
