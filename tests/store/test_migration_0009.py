"""Migration 0009 (concerns, unknown children, earlier requests, the 999 call, incomplete) on
SQLite and PostgreSQL: taken back to 0008 and up again, every request, child, need and action
is kept and the export trigger still works; a request saved partial (no consent) stops the
way back with a plain message, not a half-done downgrade."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from tests.export.export_data import save
from tests.export.test_export_golden import EMERGENCY, EMERGENCY_ROUTE, HANDLER, TAKEN
from tests.store.migrations import migrate
from triage_app.domain.actor import Actor
from triage_app.export import pending_summary
from triage_app.store.database import Database
from triage_app.store.requests import insert_request
from triage_app.store.stored import load_request

_CONTENT = ("requests", "request_versions", "children", "request_needs", "route_actions")


def _counts(conn: Connection) -> dict[str, int]:
    return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in _CONTENT}


def test_0009_down_and_up_keeps_every_row(at_head: Database, actor: Actor) -> None:
    refs = save(at_head, actor, 3)
    with at_head.engine.connect() as conn:
        before = _counts(conn)
    migrate(at_head, "0008", down=True)
    with at_head.engine.connect() as conn:
        assert _counts(conn) == before
    migrate(at_head, "head")
    with at_head.engine.connect() as conn:
        assert _counts(conn) == before
    with at_head.read() as s:
        back = load_request(s, refs[0]).request
        assert (back.concerns, back.children_unknown, back.earlier_requests) == ((), False, 0)
        assert back.emergency is None
    with at_head.write() as s:
        partial = insert_request(s, EMERGENCY, EMERGENCY_ROUTE, actor=HANDLER, now=TAKEN)
    with at_head.read() as s:
        assert load_request(s, partial).request.concerns == EMERGENCY.concerns
        assert pending_summary(s).count == 4  # the trigger still puts each version on the list


def test_0009_will_not_go_back_over_a_request_saved_partial(
    at_head: Database, tmp_path: Path
) -> None:
    with at_head.write() as s:
        insert_request(s, EMERGENCY, EMERGENCY_ROUTE, actor=HANDLER, now=TAKEN)
    with pytest.raises(Exception, match="saved partial"):
        migrate(at_head, "0008", down=True)
