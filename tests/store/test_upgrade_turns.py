"""A new version on many desks: the first to start migrates the database once, and a desk
starting meanwhile waits, saying why, rather than failing. Real processes, as desks are.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from tests.conftest import fresh_postgres_url
from tests.store.migrations import migrate
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import SCHEMA_HEAD
from triage_app.store.upgrade_turn import UPGRADE_LOCK

OLD = "0010"
#: Generous: how long a test waits for a process to reach a point, never a speed measured.
PATIENCE_S = 120


def start(database: str, home: Path) -> subprocess.Popen[str]:
    """``triage-app db upgrade`` as a desk starting the new version runs it."""
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "triage_app.cli.main", "--database", database, "db", "upgrade"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def first_line(process: subprocess.Popen[str]) -> str:
    """The first line the process says on standard error (it says it is waiting)."""
    assert process.stderr is not None
    return process.stderr.readline()


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=PATIENCE_S)
    return process.returncode, out, err


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def old_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database an older version left at schema 0010 (PostgreSQL: as its owner role)."""
    if request.param == "sqlite":
        url = str(tmp_path / "desks.sqlite")
        db = Database(make_engine(database_url(url)))
        migrate(db, OLD)
        db.close()
        yield url
        return
    with fresh_postgres_url(as_desk=False) as url:
        db = Database(make_engine(make_url(url)))
        migrate(db, OLD)
        db.close()
        yield url


def stamps(database: str) -> list[str]:
    db = Database(make_engine(database_url(database)))
    with db.engine.connect() as conn:
        found = conn.execute(text("SELECT revision FROM schema_stamps ORDER BY revision"))
        revisions = list(found.scalars())
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    db.close()
    assert version == SCHEMA_HEAD
    return revisions


def test_a_desk_waits_for_another_desks_upgrade_and_says_so(
    old_database: str, tmp_path: Path
) -> None:
    holder = Database(make_engine(database_url(old_database)))
    raw = None
    if holder.is_sqlite:  # another desk in the middle of its upgrade holds the write lock
        raw = sqlite3.connect(old_database, isolation_level=None)
        raw.execute("BEGIN IMMEDIATE")
    else:  # ... or the upgrade's advisory lock
        conn = holder.engine.connect()
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": UPGRADE_LOCK})
    desk = start(old_database, tmp_path)
    said = first_line(desk)
    assert "another desk is upgrading" in said and "waiting for it to finish" in said
    if raw is not None:
        raw.execute("ROLLBACK")
        raw.close()
    else:
        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": UPGRADE_LOCK})
        conn.close()
    holder.close()
    code, out, err = finish(desk)
    assert code == 0, err
    assert f"upgraded from {OLD} to {SCHEMA_HEAD}" in out
    assert stamps(old_database).count(SCHEMA_HEAD) == 1


def test_two_desks_starting_at_once_upgrade_once(old_database: str, tmp_path: Path) -> None:
    desks = [start(old_database, tmp_path / f"desk{i}") for i in range(2)]
    results = [finish(desk) for desk in desks]
    assert [code for code, _, _ in results] == [0, 0], [err for _, _, err in results]
    said = sorted(out for _, out, _ in results)
    assert sum(f"upgraded from {OLD} to {SCHEMA_HEAD}" in out for out in said) == 1
    assert sum(f"already at schema {SCHEMA_HEAD}" in out for out in said) == 1
    assert stamps(old_database).count(SCHEMA_HEAD) == 1
    if "://" not in old_database:  # one backup of the old file, by the desk that upgraded
        backups = list(tmp_path.glob(f"desks.before-{SCHEMA_HEAD}-*.sqlite"))
        assert len(backups) == 1
