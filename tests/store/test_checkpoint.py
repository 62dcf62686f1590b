"""The write-ahead log is folded into the database file after a save, on a thread of its own."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import text

from triage_app.domain.actor import Actor
from triage_app.store import audit
from triage_app.store.checkpoint import SAFETY_NET_PAGES
from triage_app.store.database import Database


def _wait_for(condition, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the background checkpoint never ran"
        time.sleep(0.02)


def test_what_is_saved_reaches_the_file_itself_soon_after(
    db: Database, sqlite_path: Path, tmp_path: Path, actor: Actor, now
) -> None:
    """A copy of the .sqlite file alone (as a careless backup makes) holds the saved entry."""
    assert db.checkpoints is not None
    with db.write() as s:
        audit.append(s, actor, "sign_in", at=now, reason="checkpoint test")
    _wait_for(lambda: db.checkpoints is not None and db.checkpoints.runs >= 1)

    alone = tmp_path / "file-alone.sqlite"
    shutil.copyfile(sqlite_path, alone)  # without its -wal file
    con = sqlite3.connect(alone)
    try:
        reasons = [r for (r,) in con.execute("SELECT reason FROM audit_entries")]
    finally:
        con.close()
    assert "checkpoint test" in reasons


def test_a_save_does_not_checkpoint_the_log_itself(db: Database) -> None:
    """Automatic checkpoints inside a commit are only a safety net for very large logs."""
    with db.read() as s:
        assert s.execute(text("PRAGMA wal_autocheckpoint")).scalar_one() == SAFETY_NET_PAGES


def test_closing_the_database_stops_its_checkpoint_thread(
    sqlite_path: Path, actor: Actor, now
) -> None:
    from tests.conftest import open_sqlite

    before = set(threading.enumerate())
    db = open_sqlite(sqlite_path)
    with db.write() as s:
        audit.append(s, actor, "sign_in", at=now)
    started = [t for t in threading.enumerate() if t not in before]
    assert [t.name for t in started] == ["sqlite-checkpoint"]
    db.close()
    assert not any(t.is_alive() for t in started)


def test_closing_while_a_checkpoint_is_due_never_hangs(
    sqlite_path: Path, actor: Actor, now
) -> None:
    """Closing at every moment of the worker's cycle returns (a wake-up is never lost)."""
    from tests.conftest import open_sqlite

    db = open_sqlite(sqlite_path)
    checkpoints = db.checkpoints
    assert checkpoints is not None
    for i in range(60):
        with db.write() as s:
            audit.append(s, actor, "sign_in", at=now, reason=str(i))
        time.sleep(0.001 * (i % 7))  # close lands at different points of the settle/clear/run
        if i % 10 == 9:
            closer = threading.Thread(target=checkpoints.close)
            closer.start()
            closer.join(10)
            assert not closer.is_alive(), "close() hung"
            db.close()
            db = open_sqlite(sqlite_path)
            checkpoints = db.checkpoints
            assert checkpoints is not None
    db.close()
