"""Two PostgreSQL desks saving requests for the same family at the same moment: the one
saved second is still counted as a re-referral, whichever of them commits first.

Each desk holds its transaction open for a moment just after inserting its version, the
point where, without the lock every re-referral change takes first, each would work out
its answers without seeing the other's uncommitted request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event

from tests.conftest import fresh_postgres_url
from tests.store.rereferral_oracle import (
    expected_rereferrals,
    request_about,
    route_to,
    stored_rereferrals,
)
from triage_app import __version__
from triage_app.domain.actor import Actor
from triage_app.domain.request import TriageRequest
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import open_database
from triage_app.store.requests import insert_request

pytestmark = pytest.mark.postgres

AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
HOLD_SECONDS = 0.3


@pytest.fixture
def desks() -> Iterator[tuple[Database, Database]]:
    with fresh_postgres_url() as url:
        first = Database(make_engine(database_url(url)))
        open_database(first, __version__)
        second = Database(make_engine(database_url(url)))
        for desk in (first, second):
            event.listen(desk.engine, "after_cursor_execute", _hold_after_version_insert)
        yield first, second
        first.close()
        second.close()


def _hold_after_version_insert(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
    if statement.lstrip().startswith("INSERT INTO request_versions"):
        time.sleep(HOLD_SECONDS)


def _save(db: Database, req: TriageRequest, start: threading.Barrier) -> None:
    start.wait()
    with db.write() as s:
        assert req.received_at is not None
        insert_request(s, req, route_to("mosaic"), actor=Actor("desk", role="call_handler"), now=AT)


def test_matching_saves_at_the_same_moment_are_both_counted(desks) -> None:
    for n in range(3):  # the earlier request on either desk
        phone = f"07700 90{n:04d}"
        earlier = request_about(AT - timedelta(days=30), surname="Sample", phone=phone)
        later = request_about(AT, surname="Sample", phone=phone)
        start = threading.Barrier(2)
        pair = (earlier, later) if n % 2 else (later, earlier)
        threads = [
            threading.Thread(target=_save, args=(desk, req, start))
            for desk, req in zip(desks, pair, strict=True)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    expected = expected_rereferrals(desks[0])
    assert len(expected) == 3  # each later request
    assert stored_rereferrals(desks[0]) == expected
