"""Connection settings that keep a saved request saved, and the append-only audit trail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.exc import DatabaseError

from triage_app import __version__
from triage_app.domain.actor import Actor
from triage_app.store import audit
from triage_app.store.database import Database, make_engine
from triage_app.store.errors import NotPermitted
from triage_app.store.migrate import open_database


def test_sqlite_runs_with_wal_full_sync_foreign_keys_and_busy_timeout(db: Database) -> None:
    with db.read() as s:
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_writes_take_the_lock_up_front_and_reads_do_not(db: Database) -> None:
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    with db.write() as s:
        s.execute(text("SELECT 1"))
    with db.read() as s:
        s.execute(text("SELECT 1"))
    assert [q for q in seen if q.startswith("BEGIN")] == ["BEGIN IMMEDIATE", "BEGIN DEFERRED"]


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(DatabaseError), db.write() as s:
        s.execute(
            text(
                "INSERT INTO request_needs (version_id, position, need, is_primary) "
                "VALUES (999, 0, 'x', 0)"
            )
        )


def test_audit_entries_cannot_be_changed_or_deleted(any_db: Database, actor: Actor, now) -> None:
    with any_db.write() as s:
        audit.append(s, actor, "sign_in", at=now)
    for statement in ("UPDATE audit_entries SET actor = 'someone'", "DELETE FROM audit_entries"):
        # The triggers refuse it; on PostgreSQL a desk role is refused before them.
        refused = "append-only|refused this PC's database role"
        with pytest.raises((DatabaseError, NotPermitted), match=refused), any_db.write() as s:
            s.execute(text(statement))
    with any_db.read() as s:
        assert [e.actor for e in audit.entries(s)] == [actor.username]


def test_the_audit_chain_reveals_an_edited_or_removed_entry(
    db: Database, actor: Actor, now
) -> None:
    with db.write() as s:
        for i in range(4):
            audit.append(s, actor, "open_record", at=now + timedelta(minutes=i), record_ref=f"R{i}")
    with db.read() as s:
        assert list(audit.chain_breaks(s)) == []
    with db.engine.begin() as conn:  # someone bypasses the app and its triggers
        conn.exec_driver_sql("DROP TRIGGER audit_entries_no_update")
        conn.exec_driver_sql("DROP TRIGGER audit_entries_no_delete")
        conn.exec_driver_sql("UPDATE audit_entries SET record_ref = 'R9' WHERE id = 2")
        conn.exec_driver_sql("DELETE FROM audit_entries WHERE id = 3")
    with db.read() as s:
        breaks = list(audit.chain_breaks(s))
    assert any("entry 2" in b and "changed" in b for b in breaks)
    assert any("entry 4" in b and "removed" in b for b in breaks)


def _pg_database(url: str, **engine_options: float) -> Database:
    database = Database(make_engine(make_url(url), **engine_options))
    open_database(database, __version__)
    return database


def _end_session_on_server(database: Database) -> None:
    """What a server restart or an administrator does to an idle desk's pooled connection."""
    with database.read() as s:
        pid = s.execute(text("SELECT pg_backend_pid()")).scalar_one()
    server = create_engine(database.url)
    with server.connect() as admin:
        admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        gone = text("SELECT count(*) FROM pg_stat_activity WHERE pid = :pid")
        while admin.execute(gone, {"pid": pid}).scalar_one():
            admin.rollback()
    server.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize(
    "ping_after_idle_s",
    [
        pytest.param(3600.0, id="used recently: the server's goodbye is seen"),
        pytest.param(0.0, id="idle: pinged"),
    ],
)
def test_a_connection_the_server_ended_is_replaced_before_the_next_save(
    postgres_url: str, actor: Actor, now, ping_after_idle_s: float
) -> None:
    database = _pg_database(postgres_url, ping_after_idle_s=ping_after_idle_s)
    try:
        _end_session_on_server(database)
        with database.write() as s:
            audit.append(s, actor, "sign_in", at=now)
        with database.read() as s:
            assert [e.action for e in audit.entries(s)] == ["sign_in"]
    finally:
        database.close()
