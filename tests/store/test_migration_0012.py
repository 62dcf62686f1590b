"""Migration 0012 (a request's life after the front door) on SQLite and PostgreSQL: requests
stored before it come out with a status their actions explain, a due time, and a status
change saying they were closed before outcomes were recorded; down and up keeps every row."""

from __future__ import annotations

from sqlalchemy import Connection, text

from tests.export.export_data import save
from tests.export.test_export_golden import EMERGENCY, EMERGENCY_ROUTE, HANDLER, TAKEN
from tests.store.migrations import migrate
from triage_app.domain.actor import Actor
from triage_app.store.database import Database
from triage_app.store.requests import insert_request
from triage_app.store.stored import load_request

_CONTENT = ("requests", "request_versions", "children", "request_needs", "route_actions")


def _counts(conn: Connection) -> dict[str, int]:
    return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in _CONTENT}


def _tick(conn: Connection, reference: str, *, every: bool) -> None:
    """Tick actions done as the app before 0012 did: every one, or the first."""
    version = (
        "SELECT v.id FROM request_versions v JOIN requests r ON r.id = v.request_id "
        f"WHERE r.reference = '{reference}'"
    )
    only = "" if every else " AND position = 0"
    conn.execute(
        text(
            "UPDATE route_actions SET done_at = created, done_by = 'test.handler' FROM "
            "(SELECT CURRENT_TIMESTAMP AS created) AS t "
            f"WHERE version_id IN ({version}){only}"
        )
    )


def test_0012_fills_in_what_was_stored_before(at_head: Database, actor: Actor) -> None:
    done, started, untouched = save(at_head, actor, 3)
    with at_head.engine.connect() as conn:
        before = _counts(conn)
    migrate(at_head, "0011", down=True)
    with at_head.engine.begin() as conn:
        _tick(conn, done, every=True)
        _tick(conn, started, every=False)
    migrate(at_head, "head")
    with at_head.engine.connect() as conn:
        assert _counts(conn) == before
        status = dict(
            conn.execute(
                text(
                    "SELECT r.reference, v.status FROM request_versions v "
                    "JOIN requests r ON r.id = v.request_id"
                )
            ).all()
        )
        changes = conn.execute(
            text("SELECT to_status, outcome, changed_by FROM status_changes")
        ).all()
        no_due = conn.execute(
            text("SELECT count(*) FROM request_versions WHERE due_at IS NULL")
        ).scalar_one()
        states = conn.execute(
            text("SELECT DISTINCT state FROM route_actions WHERE done_at IS NOT NULL")
        ).all()
    assert status == {done: "closed", started: "in_progress", untouched: "open"}
    assert [tuple(c) for c in changes] == [("closed", "not_recorded", "migration 0012")]
    assert no_due == 0
    assert [s for (s,) in states] == ["done"]


def test_0012_settles_call_999_by_the_call_recorded(at_head: Database) -> None:
    with at_head.write() as s:
        ref = insert_request(s, EMERGENCY, EMERGENCY_ROUTE, actor=HANDLER, now=TAKEN)
    migrate(at_head, "0011", down=True)
    with at_head.engine.begin() as conn:
        conn.execute(text("UPDATE route_actions SET done_at = NULL, done_by = NULL"))
    migrate(at_head, "head")
    with at_head.read() as s:
        call = {a.action: a for a in load_request(s, ref).actions}["call_999"]
    assert (call.done_at, call.done_by) == (
        EMERGENCY.emergency.called_at,
        EMERGENCY.emergency.called_by,
    )
