"""What the tests of a request's life after the front door share: its times, a second team
leader (a downward override waits for one) and the life read back as staff see it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.services.requests_data import LEADER
from triage_app.domain.actor import Actor
from triage_app.services.life_view import RequestLife, request_life
from triage_app.store.database import Database

#: When the requests are received (a Monday morning), and when their life is recorded.
MONDAY = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
LATER = MONDAY + timedelta(hours=2)
LEADER_2 = Actor(username="test.leader2", role="team_leader", desk="office")


def life(db: Database, ref: str, actor: Actor = LEADER) -> RequestLife:
    with db.read() as s:
        return request_life(s, ref, actor=actor, now=LATER)
