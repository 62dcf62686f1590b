"""What is waiting and what was sent, kept in their own tables: whatever saves, exports,
erases or removes a request, the two stay right, and reading them never scans the history."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from tests.conftest import FIXED_NOW
from tests.export.export_data import ROUTE, TAKEN, amend, request, save
from triage_app.demo.fill import fill_demo
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.export import (
    PendingSummary,
    export_pending,
    list_batches,
    pending_part,
    pending_summary,
    write_batch_again,
)
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.retention.cleanup import run_retention
from triage_app.retention.erasure import erase_request
from triage_app.retention.policy import RetentionPolicy
from triage_app.store.database import Database
from triage_app.store.models import ExportedVersion, RequestVersion, WaitingVersion
from triage_app.store.requests import insert_request
from triage_app.store.stored import load_request

LEADER = Actor(username="team.leader", role="team_leader")
ADMIN = Actor("test.admin", role="administrator", desk="office")
#: Tables whose every row an export must never read: each is searched by version id.
_HISTORY = ("request_versions", "requests", "children", "request_needs", "route_actions")


def _rows(db: Database) -> tuple[set[int], dict[int, str]]:
    with db.read() as s:
        waiting = set(s.scalars(select(WaitingVersion.version_id)))
        sent = dict(s.execute(select(ExportedVersion.version_id, ExportedVersion.batch_id)).all())
    return waiting, {k: str(v) for k, v in sent.items()}


def _version_ids(db: Database) -> set[int]:
    with db.read() as s:
        return set(s.scalars(select(RequestVersion.id)))


def test_every_saved_version_waits_until_its_batch_is_recorded(
    any_db: Database, actor: Actor, now, tmp_path: Path
) -> None:
    (first, _second) = save(any_db, actor, 2)
    assert _rows(any_db) == (_version_ids(any_db), {})
    with any_db.read() as s:
        assert load_request(s, first).exported_in is None

    result = export_pending(any_db, tmp_path / "out", actor=LEADER, now=now)

    assert result.batch is not None
    batch = result.batch.batch_id
    assert _rows(any_db) == (set(), dict.fromkeys(_version_ids(any_db), batch))
    amend(any_db, actor, first)
    waiting, sent = _rows(any_db)
    assert waiting == _version_ids(any_db) - set(sent) and len(waiting) == 1
    with any_db.read() as s:
        assert load_request(s, first, version=1).exported_in == batch
        assert load_request(s, first).exported_in is None  # the amendment waits


def test_two_exports_at_once_record_one_batch(
    any_db: Database, actor: Actor, now, tmp_path: Path
) -> None:
    """The second reads what is waiting before the first commits, and writes its files; then
    it must record nothing and say to run again, however the two meet in the database."""
    save(any_db, actor, 3)
    second: dict[str, Any] = {}
    ready = threading.Event()

    def run_second() -> None:
        def step(name: str) -> None:
            if name == "files":
                ready.set()

        try:
            export_pending(any_db, tmp_path / "second", actor=LEADER, now=now, on_step=step)
        except TriageError as e:
            second["error"] = str(e)
        finally:
            ready.set()

    thread = threading.Thread(target=run_second)

    def first_step(name: str) -> None:
        if name != "marking":  # inside the first's transaction, before it commits
            return
        thread.start()
        assert ready.wait(30)
        if any_db.engine.dialect.name == "postgresql":
            _until_a_lock_is_awaited(any_db)

    first = export_pending(any_db, tmp_path / "first", actor=LEADER, now=now, on_step=first_step)
    thread.join(30)

    assert first.batch is not None and first.batch.record_count == 3
    assert "run the export again" in second["error"]
    assert list((tmp_path / "second").iterdir()) == []
    with any_db.read() as s:
        assert [b.batch_id for b in list_batches(s)] == [first.batch.batch_id]
        assert pending_summary(s).count == 0
    assert _rows(any_db)[1] == dict.fromkeys(_version_ids(any_db), first.batch.batch_id)


def _until_a_lock_is_awaited(db: Database) -> None:
    """PostgreSQL: wait until the second export's marking waits for the first's rows."""
    query = (
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with db.engine.connect() as conn:
            if conn.exec_driver_sql(query).scalar_one():
                return
        time.sleep(0.01)
    raise AssertionError("the second export never waited for the first")


def test_erasure_and_retention_keep_both_lists_right(
    any_db: Database, actor: Actor, now, tmp_path: Path
) -> None:
    sent_ref, waiting_ref = save(any_db, actor, 2)
    export_pending(any_db, tmp_path / "out", actor=LEADER, now=now)
    save(any_db, actor, 1, start=2)
    amend(any_db, actor, waiting_ref)
    before = _rows(any_db)

    with any_db.write() as s:
        erased = erase_request(s, sent_ref, reason="test", actor=ADMIN, now=now)
    with any_db.write() as s:
        kept = erase_request(s, waiting_ref, reason="test", actor=ADMIN, now=now)

    assert erased.exported and kept.exported  # the waiting one's version 1 was sent
    assert _rows(any_db) == before  # erasure changes what versions hold, not where they went

    policy = RetentionPolicy(request_days=30)
    run_retention(any_db, policy, actor=ADMIN, now=TAKEN + timedelta(days=400), dry_run=False)

    assert _version_ids(any_db) == set()
    assert _rows(any_db) == (set(), {})
    with any_db.read() as s:
        assert len(list_batches(s)) == 1  # the record of what was sent stays
        assert pending_summary(s).count == 0


def test_demo_data_waits_for_export_like_saved_requests(
    any_db: Database, resources: Path, vocab
) -> None:
    rules = load_rules(default_rules_dir(), vocab)
    fill_demo(any_db, resources=resources, rules=rules, now=FIXED_NOW, count=30, seed=3)

    assert _rows(any_db) == (_version_ids(any_db), {})
    with any_db.read() as s:
        oldest = s.execute(select(func.min(RequestVersion.received_at))).scalar_one()
        assert pending_summary(s) == PendingSummary(30, oldest)


def test_counting_a_part_at_a_time_comes_to_the_whole_count(
    any_db: Database, actor: Actor, now, tmp_path: Path
) -> None:
    """The window counts the waiting list in parts; whatever the part's size, and with gaps
    where versions were sent, the parts add up to the one-pass count, oldest included."""
    (first, *_rest) = save(any_db, actor, 3)
    export_pending(any_db, tmp_path / "out", actor=LEADER, now=now)
    save(any_db, actor, 4, start=3)
    amend(any_db, actor, first)  # a new version of a sent request waits again
    with any_db.read() as s:
        whole = pending_summary(s)
        oldest = s.execute(
            select(func.min(RequestVersion.received_at)).where(
                RequestVersion.id.in_(select(WaitingVersion.version_id))
            )
        ).scalar_one()
    assert whole == PendingSummary(5, oldest)
    for size in (1, 2, 4, 5, 6):
        total, after, parts = PendingSummary(0, None), 0, 0
        with any_db.read() as s:
            while after is not None:
                part = pending_part(s, after, size)
                total, after, parts = total + part.summary, part.next_after, parts + 1
        assert total == whole, size
        assert parts == 5 // size + 1, size  # a part short of the size is the last


def _selects(db: Database, run: Any) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement: str, parameters: Any, _context, many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and not many:
            seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return seen


def test_exports_and_the_summary_search_by_version_and_never_scan_history(
    db: Database, actor: Actor, now, tmp_path: Path
) -> None:
    """On SQLite, which has no statistics to go by: every table but the waiting list itself
    is searched by version id, so an export costs what is waiting, not what is stored."""
    (reference, _other) = save(db, actor, 2)
    first = export_pending(db, tmp_path / "out", actor=LEADER, now=now)
    amend(db, actor, reference)
    assert first.batch is not None
    sent = first.batch.batch_id

    def everything() -> None:
        with db.read() as s:
            pending_summary(s)
        export_pending(db, tmp_path / "out", actor=LEADER, now=now + timedelta(hours=1))
        write_batch_again(db, sent, tmp_path / "again", actor=LEADER, now=now)

    statements = _selects(db, everything)
    assert len(statements) > 8
    with db.engine.connect() as conn:
        for statement, parameters in statements:
            plan = [
                row[-1]
                for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            ]
            scans = [p for p in plan if p.startswith("SCAN") and p.split()[1] in _HISTORY]
            assert scans == [], (statement, plan)


def test_a_batch_of_several_runs_of_ids_is_marked_whole(
    any_db: Database, actor: Actor, tmp_path: Path
) -> None:
    """What waits is one run of ids unless some were removed: here the middle request is."""
    later = TAKEN + timedelta(days=400)
    with any_db.write() as s:
        for i, when in enumerate([later, TAKEN, later, later, TAKEN, later]):
            insert_request(s, request(i), ROUTE, actor=actor, now=when)
    run_retention(any_db, RetentionPolicy(request_days=30), actor=ADMIN, now=later, dry_run=False)
    kept = _version_ids(any_db)
    assert len(kept) == 4

    result = export_pending(any_db, tmp_path / "out", actor=LEADER, now=later)

    assert result.batch is not None and result.batch.record_count == 4
    assert _rows(any_db) == (set(), dict.fromkeys(kept, result.batch.batch_id))
