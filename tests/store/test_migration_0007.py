"""Migration 0007 (what waits for export, and what was sent, in narrow tables) on SQLite and
PostgreSQL: taken back to 0006, each version sent keeps its batch in the old column; brought
up again, every row is kept, each version's batch carried over, the rest waiting, and a past
batch is written again byte for byte."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Connection, select, text

from tests.export.export_data import TAKEN, amend, save
from tests.store.migrations import migrate
from triage_app import __version__
from triage_app.domain.actor import Actor
from triage_app.export import (
    PendingSummary,
    export_pending,
    pending_summary,
    write_batch_again,
)
from triage_app.store.database import Database
from triage_app.store.migrate import SCHEMA_HEAD, open_database
from triage_app.store.models import ExportedVersion, RequestVersion, WaitingVersion

LEADER = Actor(username="team.leader", role="team_leader")
_CONTENT = ("requests", "request_versions", "children", "request_needs", "route_actions")


def _counts(conn: Connection) -> dict[str, int]:
    return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in _CONTENT}


def _state(db: Database) -> tuple[set[int], dict[int, str]]:
    with db.read() as s:
        waiting = set(s.scalars(select(WaitingVersion.version_id)))
        sent = s.execute(select(ExportedVersion.version_id, ExportedVersion.batch_id))
        return waiting, {version_id: batch for version_id, batch in sent}


def test_0007_carries_over_what_was_sent_and_waits_for_the_rest(
    at_head: Database, actor: Actor, now, tmp_path: Path
) -> None:
    first, _second = save(at_head, actor, 2)
    sent = export_pending(at_head, tmp_path / "out", actor=LEADER, now=now)
    amend(at_head, actor, first)
    save(at_head, actor, 1, start=2)
    assert sent.batch is not None and sent.folder is not None
    folder = {p.name: p.read_bytes() for p in sent.folder.iterdir()}
    waiting, batches = _state(at_head)
    assert len(waiting) == 2 and set(batches.values()) == {sent.batch.batch_id}
    with at_head.engine.connect() as conn:
        before = _counts(conn)

    migrate(at_head, "0006", down=True)  # as an older version of the app left it

    with at_head.engine.connect() as conn:
        column = conn.execute(text("SELECT id, export_batch_id FROM request_versions"))
        assert {v: b for v, b in column} == {**dict.fromkeys(waiting), **batches}
        assert _counts(conn) == before
    result = open_database(at_head, __version__)
    assert (result.from_revision, result.to_revision) == ("0006", SCHEMA_HEAD)
    with at_head.engine.connect() as conn:
        assert _counts(conn) == before  # nothing went with the dropped column
    assert _state(at_head) == (waiting, batches)
    again = write_batch_again(
        at_head, sent.batch.batch_id, tmp_path / "again", actor=LEADER, now=now
    )
    assert {p.name: p.read_bytes() for p in again.iterdir()} == folder

    save(at_head, actor, 1, start=3)  # saved after the upgrade: waits, by the new trigger
    rest = export_pending(at_head, tmp_path / "out", actor=LEADER, now=now + timedelta(hours=1))

    assert rest.batch is not None and rest.batch.record_count == 3
    with at_head.read() as s:
        assert set(s.scalars(select(RequestVersion.id))) == set(_state(at_head)[1])


def _save_at_0006(conn: Connection, n: int) -> None:
    """``n`` requests, each with a child, a need and an action, in the schema of 0006."""
    for i in range(1, n + 1):
        at = TAKEN + timedelta(minutes=i - 1)
        conn.execute(
            text(
                "INSERT INTO requests (id, reference, record_id, created_at, current_version) "
                "VALUES (:i, :ref, :rid, :at, 1)"
            ),
            {"i": i, "ref": f"HH-0006-000{i}", "rid": f"00000000-0000-4000-8000-00000000000{i}",
             "at": at},
        )  # fmt: skip
        conn.execute(
            text(
                "INSERT INTO request_versions (id, request_id, version, is_current, created_at, "
                "author, received_at, contact_method, source, withhold_address, interpreter, "
                "send, consent, hub_chosen_by_staff, pathway, rules_version, trace, advice) "
                "VALUES (:i, :i, 1, :yes, :at, 'test.handler', :at, 'telephone', 'education', "
                ":no, :no, :no, 'given', :no, 'early_help', '2026.1', '[]', '[]')"
            ),
            {"i": i, "at": at, "yes": True, "no": False},
        )
        conn.execute(
            text(
                "INSERT INTO children (version_id, position, age_years, unborn, send) "
                "VALUES (:i, 0, 7, :no, :no)"
            ),
            {"i": i, "no": False},
        )
        conn.execute(
            text(
                "INSERT INTO request_needs (version_id, position, need, is_primary) "
                "VALUES (:i, 0, 'money_debt', :yes)"
            ),
            {"i": i, "yes": True},
        )
        conn.execute(
            text(
                "INSERT INTO route_actions (version_id, position, action) "
                "VALUES (:i, 0, 'call_back')"
            ),
            {"i": i},
        )


def test_0007_upgrades_a_database_made_before_it(
    at_head: Database, actor: Actor, tmp_path: Path
) -> None:
    """Made at 0006 from the start, as an older version of the app made it (the batch's key
    a table constraint, which SQLite will not drop a column from)."""
    migrate(at_head, "base", down=True)
    migrate(at_head, "0006")
    with at_head.engine.begin() as conn:
        _save_at_0006(conn, 3)  # as that version of the app saved them (columns of 0006)
        conn.execute(
            text(
                "INSERT INTO export_batches (id, created_at, actor, schema_version, "
                "record_count, manifest) VALUES ('old-batch', :at, 'team.leader', '1', 2, '{}')"
            ),
            {"at": TAKEN},
        )
        conn.execute(text("UPDATE request_versions SET export_batch_id = 'old-batch' WHERE id < 3"))
        before = _counts(conn)

    open_database(at_head, __version__)

    with at_head.engine.connect() as conn:
        assert _counts(conn) == before
    assert _state(at_head) == ({3}, {1: "old-batch", 2: "old-batch"})
    with at_head.read() as s:
        assert pending_summary(s) == PendingSummary(1, TAKEN + timedelta(minutes=2))
