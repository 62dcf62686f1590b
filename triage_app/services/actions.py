"""Settling a route's action: done, not needed, or could not be done, with an optional note.

Settling changes the action on the current version in place, as ticking it done always has
(actions are not part of the exported record; an amendment or a later version carries the
settlement over), and is audited. The first settled action of an open request starts it
(a new version, ``in_progress``). An emergency's "call 999" comes settled with the call's
time, who made it and the police reference when the request records them
(``store.version_values.action_values``).

For the window: ``settle_action(session, reference, action, state=..., actor=..., now=...,
note=None)``; ``services.followup.mark_done`` is this with ``state="done"``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.accounts.roles import allowed, require
from triage_app.domain.actor import Actor
from triage_app.domain.life import ACTION_STATES, DONE, NOT_NEEDED, OPEN
from triage_app.domain.localtime import local_text
from triage_app.errors import InvalidInput, Problem, TriageError
from triage_app.pathways.floors import MARAC_REFERRAL, MASH_REFERRAL, SAFEGUARDING_CONSULTATION
from triage_app.pathways.safety import CALL_999
from triage_app.services.life_change import begin, start_if_open, words
from triage_app.store import audit
from triage_app.store.models import RequestVersion
from triage_app.store.version_models import ActionRow

#: The audit action for settling a follow-up action (the name it has always had).
ACTION_DONE = "action_done"
#: The follow-up row of a request saved partial: complete it by amendment.
COMPLETE_REQUEST = "complete_request"
#: Steps that keep a child safe. A request is not closed over one still open (closing would
#: otherwise mark a MASH or MARAC referral "not needed"). One is settled as done, or, by a
#: team leader saying why, as not needed; never as "could not be done", which would settle
#: it: a MASH line engaged all afternoon leaves the referral open until it is made.
SAFEGUARDING_STEPS = frozenset(
    {
        CALL_999,
        MASH_REFERRAL,
        MARAC_REFERRAL,
        SAFEGUARDING_CONSULTATION,
        "tell_allocated_social_worker",
        "report_missing_to_police",
        "return_home_interview",
        "prevent_consultation",
    }
)
#: The permission to settle a safeguarding step as not needed.
SET_ASIDE_STEP = "set_aside_safeguarding_step"


class AlreadyDone(TriageError):
    """Someone settled the action already (perhaps at another desk a moment ago)."""


class NoSuchAction(TriageError):
    """The request's current version does not call for this action."""


def states_open_to(actor: Actor, action: str) -> tuple[str, ...]:
    """How ``actor`` may settle ``action``: a safeguarding step done, or not needed by a leader."""
    if action not in SAFEGUARDING_STEPS:
        return ACTION_STATES
    return (DONE, NOT_NEEDED) if allowed(actor.role, SET_ASIDE_STEP) else (DONE,)


def settle_action(
    session: Session,
    reference: str,
    action: str,
    *,
    state: str,
    actor: Actor,
    now: datetime,
    note: str | None = None,
) -> None:
    """Record how ``action`` of the request's current version was settled, by whom and when.

    A safeguarding step (:data:`SAFEGUARDING_STEPS`) is settled as done, or as not needed by a
    team leader with a note of why; never as could not be done.

    Raises:
        InvalidInput: ``state`` is not one of done, not_needed, could_not_be_done; or no
            note where one is needed.
        NotPermitted: the actor's role may not, or the request is not one they may see.
        UnknownReference: no request has this reference.
        NoSuchAction: the current version does not call for ``action``.
        AlreadyDone: it was settled already (the message says by whom and when).
    """
    if state not in ACTION_STATES:
        raise InvalidInput(
            [Problem("state", f"'{state}' is not one of {', '.join(ACTION_STATES)}")]
        )
    set_aside = action in SAFEGUARDING_STEPS and state != DONE
    if set_aside and state != NOT_NEEDED:
        raise InvalidInput(
            [Problem("state", f"{action} stays open until it is done: it cannot be {state}")]
        )
    if set_aside:
        require(actor, SET_ASIDE_STEP)
    what = f"why {action.replace('_', ' ')} was {state.replace('_', ' ')}"
    said = words("note", note, required=set_aside, what=what)
    current = begin(session, reference, actor=actor, action="mark_action_done", now=now)
    reference = current.reference
    if current.status == OPEN:
        start_if_open(session, current, actor=actor, now=now, change="status")
    row = session.execute(
        select(ActionRow)
        .join(RequestVersion, RequestVersion.id == ActionRow.version_id)
        .where(
            RequestVersion.request_id == current.request_id,
            RequestVersion.is_current,
            ActionRow.action == action,
        )
        .order_by(ActionRow.position)
        .with_for_update()
    ).scalars()
    found = next(iter(row), None)
    if found is None and action == COMPLETE_REQUEST:
        raise NoSuchAction(f"{reference} is completed by amending it, not by ticking it done")
    if found is None:
        raise NoSuchAction(f"{reference} does not call for the action '{action}'")
    if found.done_at is not None:
        when = local_text(found.done_at)
        how = (found.state or "done").replace("_", " ")
        raise AlreadyDone(
            f"that action of {reference} was settled ({how}) by {found.done_by} at {when}"
        )
    found.done_at, found.done_by, found.state, found.note = now, actor.username, state, said
    session.flush()
    said_how = action if state == DONE else f"{action}: {state}"
    audit.append(session, actor, ACTION_DONE, at=now, record_ref=reference, reason=said_how)
