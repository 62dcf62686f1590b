"""Assigning a request to a named worker: team leaders assign and reassign; staff take their own.

A call handler or receptionist may take an unassigned request they can see as their own
(``to`` their own username); a team leader may assign any request to any active member of
staff who records requests, reassign it, or clear it (``to=None``). Each assignment is a new
version of the request and an audit entry naming the worker (a username, never a family).

For the window: ``assign_request(session, reference, to=..., actor=..., now=...) -> int``
(the new version) and ``assignable_staff(session) -> tuple[(username, display_name), ...]``
for the pick list.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.accounts.roles import NotPermitted, allowed
from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput, Problem
from triage_app.services.life_change import begin
from triage_app.store import audit
from triage_app.store.access_models import Staff
from triage_app.store.life import add_life_version

ASSIGNED_AUDIT = "request_assigned"


def assignable_staff(session: Session) -> tuple[tuple[str, str], ...]:
    """Active staff whose role records requests, as (username, display name), by name."""
    rows = session.execute(
        select(Staff.username, Staff.display_name, Staff.role)
        .where(Staff.disabled.is_(False))
        .order_by(Staff.display_name)
    ).all()
    return tuple((u, d) for u, d, role in rows if allowed(role, "record_request"))


def assign_request(
    session: Session, reference: str, *, to: str | None, actor: Actor, now: datetime
) -> int:
    """Assign the request to ``to`` (a username; ``None`` clears it); returns the version.

    Raises:
        NotPermitted: taking for oneself a request someone has, or assigning someone else,
            without being a team leader.
        InvalidInput: ``to`` is not an active member of staff who records requests.
    """
    leader = allowed(actor.role, "assign_request")
    action = "assign_request" if leader else "take_request"
    current = begin(session, reference, actor=actor, action=action, now=now)
    if not leader and to != actor.username:
        raise NotPermitted("only a team leader may assign a request to someone else")
    if not leader and current.assigned_to not in (None, actor.username):
        raise NotPermitted(
            f"{current.reference} is assigned to {current.assigned_to}: ask a team leader"
        )
    if to is not None and to not in dict(assignable_staff(session)):
        raise InvalidInput(
            [Problem("to", f"'{to}' is not an active member of staff who records requests")]
        )
    if to == current.assigned_to:
        return current.version
    version = add_life_version(
        session, current, actor=actor, now=now, change="assignment", assigned_to=to
    )
    audit.append(
        session, actor, ASSIGNED_AUDIT, at=now, record_ref=current.reference, reason=to or "nobody"
    )
    return version
