"""Taking turns to upgrade a database: one desk migrates, others wait and say why.

The first desk to start a new version migrates the database once; any other desk starting
meanwhile waits instead of failing, and then finds the work done.

PostgreSQL: an advisory lock held for the upgrade's transaction. SQLite: the write lock
(``BEGIN IMMEDIATE``), which a desk waits for in turns of the busy timeout.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

from triage_app.store.database import Database
from triage_app.store.errors import DatabaseLocked, classify

#: Any constant: PostgreSQL desks opening an old database at once take turns to upgrade it.
UPGRADE_LOCK = 7_242_302
#: How many busy timeouts a SQLite desk waits for another's upgrade before giving up.
SQLITE_TURNS = 40
#: Said once by a desk that has to wait for another desk's upgrade.
WAITING = (
    "another desk is upgrading {where} to this version's schema; waiting for it to finish "
    "(this happens once, after a new version is installed)"
)

#: Where a waiting desk says so: standard error for a command, the log for the window.
Notify = Callable[[str], None]


def _sqlite_busy(path: str) -> bool:
    """Whether another connection holds the SQLite file's write lock right now."""
    probe = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()
    return False


@contextmanager
def upgrade_turn(db: Database, notify: Notify) -> Iterator[Connection]:
    """A transaction that holds the database's upgrade turn (its write lock on SQLite)."""
    if db.is_sqlite:
        with _sqlite_turn(db, notify) as conn:
            yield conn
        return
    with db.engine.begin() as conn:
        if not conn.execute(
            text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": UPGRADE_LOCK}
        ).scalar():
            notify(WAITING.format(where=db.describe()))
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": UPGRADE_LOCK})
        yield conn


@contextmanager
def _sqlite_turn(db: Database, notify: Notify) -> Iterator[Connection]:
    path = db.url.database
    if path and path != ":memory:" and _sqlite_busy(path):
        notify(WAITING.format(where=db.describe()))
    writer = db.engine.execution_options(triage_begin="IMMEDIATE")
    for turn in range(SQLITE_TURNS):
        conn = writer.connect()
        try:
            transaction = conn.begin()
        except OperationalError as e:
            conn.close()
            if classify(e) is not DatabaseLocked or turn == SQLITE_TURNS - 1:
                raise
            continue
        break
    with conn, transaction:
        yield conn
