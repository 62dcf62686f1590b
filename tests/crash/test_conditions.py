"""Each known database condition gives its own plain message saying what is safe.

The conditions are made for real: a full file system (a small tmpfs, or SQLite's own page
limit where mounting is not allowed), a read-only file system (or file permissions when not
running as root, since root ignores them), another connection holding the write lock past a
short busy timeout, overwritten pages and header, and a PostgreSQL port nobody listens on.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from tests.conftest import open_sqlite
from tests.crash.samples import desk_actor, sample
from triage_app import __version__
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import TriageError
from triage_app.pathways import RuleSet, default_rules_dir, load_rules
from triage_app.services import drafts
from triage_app.services.intake import take_request
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DiskFull,
    ReadOnlyDatabase,
    ServerUnreachable,
)
from triage_app.store.health import check_health
from triage_app.store.migrate import open_database
from triage_app.store.models import Request

ROOT = os.geteuid() == 0


@pytest.fixture(scope="module")
def rules(vocab: Vocabularies) -> RuleSet:
    return load_rules(default_rules_dir(), vocab)


def _save(db: Database, i: int, vocab: Vocabularies, rules: RuleSet) -> str:
    with db.write() as s:
        saved = take_request(
            s, sample(i), vocab=vocab, rules=rules, actor=desk_actor(1), now=sample(0).received_at
        )
    return saved.reference


def _count(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(Request)).scalar_one())


def _says_not_saved_and_safe(message: str) -> None:
    assert message.startswith("NOT saved:")
    assert "Nothing was half-saved, and everything saved before is safe." in message
    assert "SELECT" not in message and "INSERT" not in message  # no SQL reaches the user


@contextlib.contextmanager
def _mounted_tmpfs(folder: Path, size: str) -> Iterator[None]:
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], check=True)
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def _fill_until_full(db: Database, vocab, rules) -> tuple[list[str], DiskFull]:
    saved: list[str] = []
    for i in range(100_000):
        try:
            saved.append(_save(db, i, vocab, rules))
        except DiskFull as e:
            return saved, e
    raise AssertionError("the disk never filled")


def test_a_full_disk_says_not_saved_and_earlier_requests_are_safe(
    tmp_path: Path, vocab, rules
) -> None:
    if ROOT:  # a real, tiny file system
        folder = tmp_path / "small"
        context = _mounted_tmpfs(folder, "600k")
    else:  # SQLite's own limit on the file's size gives the same SQLITE_FULL
        folder, context = tmp_path, contextlib.nullcontext()
    with context:
        path = folder / "desk.sqlite"
        db = open_sqlite(path)
        if not ROOT:
            event.listen(
                db.engine, "connect", lambda c, _r: c.execute("PRAGMA max_page_count = 120")
            )
            db.engine.dispose()
        saved, error = _fill_until_full(db, vocab, rules)
        assert saved, "nothing fitted before the disk filled"
        _says_not_saved_and_safe(str(error))
        assert "is full" in str(error) and "Free some space" in str(error)
        assert error.earlier_work_safe and error.writing
        # A draft cannot be written to a full disk either: the same plain condition. Larger
        # than the whole disk, so no space the write-ahead log already holds can take it.
        with pytest.raises(DiskFull), db.write() as s:
            drafts.save_draft(
                s,
                None,
                {"n": 1, "padding": "x" * 1_000_000},
                actor=desk_actor(1),
                now=sample(0).received_at,
            )
        db.close()
        db = Database(make_engine(database_url(path)))
        assert _count(db) == len(saved)  # every acknowledged request, nothing half-saved
        assert check_health(db).healthy
        db.close()


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    if ROOT:  # root ignores permissions: make the file system itself read-only
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        try:
            yield
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)
    else:
        files = list(folder.iterdir())
        for f in files:
            f.chmod(0o444)
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
            for f in files:
                f.chmod(0o644)


def test_a_read_only_database_says_not_saved_and_what_to_ask(tmp_path: Path, vocab, rules) -> None:
    folder = tmp_path / "ro"
    context = _mounted_tmpfs(folder, "8m") if ROOT else contextlib.nullcontext(folder.mkdir())
    with context:
        db = open_sqlite(folder / "desk.sqlite")
        ref = _save(db, 0, vocab, rules)
        db.close()
        with _read_only(folder):
            db = Database(make_engine(database_url(folder / "desk.sqlite")))
            with pytest.raises(ReadOnlyDatabase) as caught, db.write() as s:
                take_request(
                    s,
                    sample(1),
                    vocab=vocab,
                    rules=rules,
                    actor=desk_actor(1),
                    now=sample(0).received_at,
                )
            _says_not_saved_and_safe(str(caught.value))
            assert "may not write to the database" in str(caught.value)
            with pytest.raises(ReadOnlyDatabase) as opening:
                open_database(db, __version__)
            assert "Nothing was changed" in str(opening.value)
            db.close()
        db = Database(make_engine(database_url(folder / "desk.sqlite")))
        with db.read() as s:
            assert s.execute(select(Request.reference)).scalars().all() == [ref]
        db.close()


def test_a_database_locked_past_the_timeout_says_try_again(tmp_path: Path, vocab, rules) -> None:
    path = tmp_path / "desk.sqlite"
    open_sqlite(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another desk in the middle of a long write
    db = Database(make_engine(database_url(path), busy_timeout_ms=200))
    try:
        with pytest.raises(DatabaseLocked) as caught, db.write() as s:
            take_request(
                s,
                sample(0),
                vocab=vocab,
                rules=rules,
                actor=desk_actor(1),
                now=sample(0).received_at,
            )
        _says_not_saved_and_safe(str(caught.value))
        assert "Try again in a minute" in str(caught.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _save(db, 0, vocab, rules)  # once the other desk is done, saving works
    assert _count(db) == 1
    db.close()


def _damage(path: Path, offset: int, length: int) -> None:
    with path.open("r+b") as f:
        f.seek(offset)
        f.write(b"\xa5" * length)


def test_a_damaged_file_says_restore_from_backup(tmp_path: Path, vocab, rules) -> None:
    path = tmp_path / "desk.sqlite"
    db = open_sqlite(path)
    for i in range(30):
        _save(db, i, vocab, rules)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    page = 4096
    _damage(path, 3 * page, 20 * page)  # pages in the middle: tables and indexes
    db = Database(make_engine(database_url(path)))
    with pytest.raises(DatabaseDamaged) as caught, db.read() as s:
        s.execute(select(Request.reference, Request.created_at)).all()
        s.execute(select(func.count()).select_from(Request)).all()
    message = str(caught.value)
    assert message.startswith("Could not read the database:")
    assert "may need restoring from the last backup" in message and "db check" in message
    assert not caught.value.earlier_work_safe
    assert not check_health(db).healthy
    db.close()

    _damage(path, 0, 100)  # the header: not recognisable as a database at all
    db = Database(make_engine(database_url(path)))
    with pytest.raises(TriageError, match="damaged or is not a Here to Help database"):
        open_database(db, __version__)
    assert not check_health(db).healthy
    db.close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_postgresql_server_says_nothing_saved_and_check_network(
    vocab, rules
) -> None:
    url = f"postgresql://triage@127.0.0.1:{_closed_port()}/here_to_help"
    db = Database(make_engine(database_url(url)))
    with pytest.raises(ServerUnreachable) as opening:
        open_database(db, __version__)
    assert "cannot be reached" in str(opening.value) and "Nothing was changed" in str(opening.value)
    with pytest.raises(ServerUnreachable) as caught, db.write() as s:
        take_request(
            s, sample(0), vocab=vocab, rules=rules, actor=desk_actor(1), now=sample(0).received_at
        )
    _says_not_saved_and_safe(str(caught.value))
    assert "network" in str(caught.value)
    assert "127.0.0.1" in str(caught.value) and "triage@" in str(caught.value)
    db.close()
