"""What happens at a desk that the accounts and the audit trail must know.

Signing in at this PC's desk, and a change of the desk's set-up. Kept apart from
``triage_app.settings`` (the desk file itself), which the window reads before the database
is open.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.signin import sign_in
from triage_app.domain.actor import Actor
from triage_app.settings import SETTINGS_CHANGE, DeskSettings, describe
from triage_app.store import audit
from triage_app.store.database import Database


def sign_in_at_desk(
    db: Database,
    username: str,
    password: str,
    *,
    desk: DeskSettings,
    now: datetime,
    policy: AccountPolicy,
    new_password: str | None = None,
) -> Actor:
    """Sign in at this PC's desk: the role is the account's; desk and hub are the desk's.

    A reception desk's hub is where the person works today, so it is the actor's hub; at a
    desk without a hub (the freephone line), the account's own hub, if any, stands.
    """
    actor = sign_in(
        db,
        username,
        password,
        desk=desk.desk_name,
        now=now,
        policy=policy,
        new_password=new_password,
    )
    return replace(actor, desk=desk.desk_name, hub=desk.hub or actor.hub)


def record_settings_change(
    session: Session, actor: Actor, old: DeskSettings | None, new: DeskSettings, *, now: datetime
) -> None:
    """Audit a change of this desk's settings, in the caller's transaction."""
    before = describe(old) if old else "not set up"
    audit.append(session, actor, SETTINGS_CHANGE, at=now, reason=f"{before} → {describe(new)}")
