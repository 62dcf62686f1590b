"""``db check``: is this database whole, at the right schema, with its audit trail intact?

And do the month's figures kept as counts agree with the requests (``store.figure_counts``)?

The audit trail is checked against what is kept outside the database too (its key, this
PC's head, the heads export batches carried): see ``audit_check``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, OperationalError

from triage_app.store import figure_counts
from triage_app.store.audit import walk_chain
from triage_app.store.audit_check import SentHead, audit_problems
from triage_app.store.database import Database
from triage_app.store.migrate import current_revision, head_revision


@dataclass(frozen=True)
class Health:
    """What the check found; ``problems`` empty means healthy."""

    schema: str | None
    expected_schema: str
    problems: tuple[str, ...]

    @property
    def healthy(self) -> bool:
        return not self.problems


def _sqlite_checks(db: Database) -> list[str]:
    problems = []
    with db.engine.connect() as conn:
        rows = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            problems += [f"integrity: {r}" for r in rows[:20]]
        for table, rowid, parent, _ in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} points at a missing {parent} row")
    return problems


def check_health(db: Database, against: Sequence[SentHead] = ()) -> Health:
    """Run every check; a damaged file is a finding, not a crash.

    ``against``: audit heads sent to the central system, to check the trail against.
    """
    expected = head_revision()
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            schema = current_revision(conn)
    except OperationalError:
        return Health(None, expected, (f"cannot open {db.describe()}",))
    except DatabaseError:
        return Health(None, expected, (f"{db.describe()} is damaged or is not a database",))
    problems: list[str] = []
    if schema != expected:
        problems.append(f"schema is {schema or 'empty'}, this version of the app uses {expected}")
    try:
        if db.is_sqlite:
            problems += _sqlite_checks(db)
        if schema == expected:
            with db.read() as session:
                problems += audit_problems(session, db.anchor, against)
                problems += figure_counts.problems(session)
        elif schema is not None:  # another version's tables: the chain alone, unkeyed
            with db.read() as session:
                problems += walk_chain(session).problems
    except DatabaseError:
        problems.append(f"{db.describe()} is damaged: reading it failed part-way")
    return Health(schema, expected, tuple(problems))
