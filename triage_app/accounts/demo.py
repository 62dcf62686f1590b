"""The demo team leader: who a ``--demo`` start is signed in as, without a password.

The demo database holds only synthetic requests and is a file of its own, so a demo start
signs in by itself. The account's password hash is unusable: nobody can sign in to it with
a password, in the demo database or anywhere else.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from triage_app.accounts.passwords import UNUSABLE
from triage_app.accounts.roles import TEAM_LEADER
from triage_app.accounts.users import account_ref, find_staff
from triage_app.domain.actor import Actor
from triage_app.store import audit
from triage_app.store.access_models import Staff

DEMO_USERNAME = "demo.leader"
DEMO_DISPLAY_NAME = "Demo team leader"
DEMO_DESK = "demo"


def ensure_demo_team_leader(session: Session, now: datetime) -> Actor:
    """Create the demo team leader if missing, record a sign-in, and return them."""
    row = find_staff(session, DEMO_USERNAME)
    if row is None:
        row = Staff(
            username=DEMO_USERNAME,
            display_name=DEMO_DISPLAY_NAME,
            role=TEAM_LEADER,
            hub=None,
            password_hash=UNUSABLE,
            disabled=False,
            failed_attempts=0,
            created_at=now,
            password_changed_at=now,
        )
        session.add(row)
        session.flush()
        actor = Actor(username=DEMO_USERNAME, role=TEAM_LEADER, desk=DEMO_DESK)
        audit.append(
            session,
            actor,
            "user_added",
            at=now,
            record_ref=account_ref(DEMO_USERNAME),
            reason="demo team leader",
        )
    actor = Actor(username=row.username, role=row.role, desk=DEMO_DESK, hub=row.hub)
    audit.append(session, actor, "sign_in", at=now, reason="demo start")
    return actor
