"""What every change to a request's life does first: check who may, lock, and check words.

Each use case (``services.outcomes``, ``contact``, ``overrides``, ``assignment``,
``actions``) starts with :func:`begin`: the role must allow the change and the request must
be one the actor sees (``services.reference_access``), then the request is locked for the
rest of the caller's transaction (``store.life.lock_current``). The caller's session is one
transaction per user action: ``with db.write() as s: close_request(s, ...)``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from triage_app.domain import limits
from triage_app.domain.actor import Actor
from triage_app.domain.life import IN_PROGRESS, OPEN
from triage_app.errors import InvalidInput, Problem
from triage_app.services.reference_access import check_reference
from triage_app.store import audit
from triage_app.store.life import Current, add_life_version, lock_current
from triage_app.store.life_models import StatusChange

#: The audit action of a request's work starting (by an attempt, a settled action, or asked).
STARTED = "request_started"


def begin(session: Session, reference: str, *, actor: Actor, action: str, now: datetime) -> Current:
    """Check ``actor`` may do ``action`` to the request, then lock it; see the module.

    Raises:
        NotPermitted: the role may not, or the request is not one the actor sees.
        UnknownReference: no request has this reference.
    """
    reference = check_reference(session, reference, actor=actor, action=action, now=now)
    return lock_current(session, reference)


def words(field: str, text: str | None, *, required: bool, what: str) -> str | None:
    """Free text given with a change, trimmed; ``None`` when empty and not ``required``.

    Raises:
        InvalidInput: empty when required, too long, or holding a NUL character.
    """
    value = (text or "").strip()
    if not value:
        if required:
            raise InvalidInput([Problem(field, f"say {what}")])
        return None
    if len(value) > limits.NARRATIVE:
        raise InvalidInput(
            [Problem(field, f"is {len(value):,} characters; at most {limits.NARRATIVE:,}")]
        )
    if limits.NUL in value:
        raise InvalidInput([Problem(field, "holds a NUL character")])
    return value


def record_status(
    session: Session,
    current: Current,
    *,
    actor: Actor,
    now: datetime,
    version: int,
    to_status: str,
    **details: Any,
) -> None:
    """Append the status change carried by ``version`` to the request's history."""
    session.add(
        StatusChange(
            request_id=current.request_id,
            version=version,
            at=now,
            changed_by=actor.username,
            from_status=current.status,
            to_status=to_status,
            **details,
        )
    )
    session.flush()


def start_if_open(
    session: Session, current: Current, *, actor: Actor, now: datetime, change: str
) -> int:
    """Add the life version for ``change``; an open request moves to in progress with it.

    Returns the new version's number. Work on a request (an attempt, a settled action)
    starts it; a note alone does not, so it goes through here only for the version.
    """
    if change == "note" or current.status != OPEN:
        return add_life_version(session, current, actor=actor, now=now, change=change)
    version = add_life_version(
        session, current, actor=actor, now=now, change=change, status=IN_PROGRESS
    )
    record_status(session, current, actor=actor, now=now, version=version, to_status=IN_PROGRESS)
    audit.append(session, actor, STARTED, at=now, record_ref=current.reference)
    return version
