"""A request's status and outcome: start work on it, close it with an outcome, reopen it.

``open`` → ``in_progress`` → ``closed``; a closed request has an outcome (a code of
``[outcome]`` in ``resources/vocabularies.toml``), who closed it, when and why in words, and
the MASH decision as the safeguarding hub gave it when there is one (required for the
outcome ``stepped_up_mash``). Closing settles the actions still open (``not_needed``, the
note saying the request was closed). Reopening is allowed, with a reason, and kept: every
change is a row of ``status_changes`` and a new version of the request (``store.life``).

For the window: each function takes the caller's write session (one per user action), the
signed-in :class:`Actor` and the clock, and raises a ``TriageError`` with a message fit to
show: ``InvalidInput`` (its ``problems`` name the field: ``outcome``, ``reason``,
``mash_decision``), ``NotPermitted``, ``UnknownReference`` or :class:`WrongStatus`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.life import CLOSED, IN_PROGRESS, NOT_NEEDED, NOT_RECORDED, OPEN
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import InvalidInput, Problem, TriageError
from triage_app.services import matching
from triage_app.services.actions import SAFEGUARDING_STEPS
from triage_app.services.life_change import STARTED, begin, record_status, words
from triage_app.store import audit
from triage_app.store.expressions import NotIndexed
from triage_app.store.life import add_life_version
from triage_app.store.life_models import ContactAttempt
from triage_app.store.models import RequestVersion
from triage_app.store.version_models import ActionRow

RECORD_OUTCOME = "record_outcome"
CLOSED_AUDIT = "request_closed"
REOPENED_AUDIT = "request_reopened"
#: The outcome that needs the MASH decision as given.
STEPPED_UP = "stepped_up_mash"
SETTLED_ON_CLOSING = "settled when the request was closed"


class WrongStatus(TriageError):
    """The request is not in a status the change can be made from (closed already, say)."""


def outcome_choices(vocab: Vocabularies) -> tuple[tuple[str, str], ...]:
    """The outcomes staff may choose, as (code, label), in the vocabulary's order."""
    return tuple((t.code, t.label) for t in vocab.outcome if t.code != NOT_RECORDED)


def start_request(session: Session, reference: str, *, actor: Actor, now: datetime) -> int:
    """Move an open request to in progress; returns the new version's number.

    Raises:
        WrongStatus: it is not open.
    """
    current = begin(session, reference, actor=actor, action=RECORD_OUTCOME, now=now)
    if current.status != OPEN:
        raise WrongStatus(f"{current.reference} is {current.status.replace('_', ' ')}, not open")
    version = add_life_version(
        session, current, actor=actor, now=now, change="status", status=IN_PROGRESS
    )
    record_status(session, current, actor=actor, now=now, version=version, to_status=IN_PROGRESS)
    audit.append(session, actor, STARTED, at=now, record_ref=current.reference)
    return version


#: The outcome that says the family could not be reached, and the attempts it stands on.
NO_CONTACT = "no_contact"
NO_CONTACT_ATTEMPTS = 3


def _open_actions(request_id: int) -> tuple[ColumnElement[bool], ...]:
    """The current version's actions not settled yet.

    Sought from the request's own versions, then their actions: without statistics SQLite
    would start from every current version and every open action stored (190 ms at a
    million requests, each time Close is pressed).
    """
    current = matching.current(
        select(RequestVersion.id).where(RequestVersion.request_id == request_id)
    )
    return (ActionRow.version_id.in_(current), NotIndexed(ActionRow.done_at).is_(None))


def _closing_problems(session: Session, request_id: int, outcome: str) -> list[Problem]:
    """What stops closing: a safeguarding step still open, or "no contact" not yet tried."""
    problems = []
    open_steps = session.scalars(
        select(ActionRow.action).where(
            *_open_actions(request_id), ActionRow.action.in_(SAFEGUARDING_STEPS)
        )
    ).all()
    if open_steps:
        problems.append(
            Problem(
                "actions",
                f"settle {', '.join(sorted(open_steps))} on its own first, with a note of what "
                "was done: closing never settles a safeguarding step",
            )
        )
    if outcome == NO_CONTACT:
        tried = len(
            session.scalars(
                select(ContactAttempt.id).where(
                    ContactAttempt.request_id == request_id, ContactAttempt.reached.is_(False)
                )
            ).all()
        )
        if tried < NO_CONTACT_ATTEMPTS:
            problems.append(
                Problem(
                    "outcome",
                    f"'could not make contact' needs {NO_CONTACT_ATTEMPTS} recorded attempts "
                    f"that did not reach the family; {tried} recorded",
                )
            )
    return problems


def close_request(
    session: Session,
    reference: str,
    *,
    outcome: str,
    reason: str,
    actor: Actor,
    now: datetime,
    vocab: Vocabularies,
    mash_decision: str | None = None,
) -> int:
    """Close the request with ``outcome``, settling its open actions; returns the version.

    Raises:
        InvalidInput: an unknown outcome, no reason, ``stepped_up_mash`` without the MASH
            decision, a safeguarding step (:data:`SAFEGUARDING_STEPS`) still open, or
            ``no_contact`` with fewer than three attempts that did not reach the family.
        WrongStatus: it is closed already.
    """
    problems = _outcome_problems(outcome, vocab)
    if problems:
        raise InvalidInput(problems)
    said = words("reason", reason, required=True, what="why the request is closed")
    decision = words(
        "mash_decision",
        mash_decision,
        required=outcome == STEPPED_UP,
        what="the MASH decision as it was given",
    )
    current = begin(session, reference, actor=actor, action=RECORD_OUTCOME, now=now)
    if current.status == CLOSED:
        raise WrongStatus(f"{current.reference} is closed already; reopen it first")
    blocking = _closing_problems(session, current.request_id, outcome)
    if blocking:
        raise InvalidInput(blocking)
    version = add_life_version(
        session, current, actor=actor, now=now, change="status", status=CLOSED, outcome=outcome
    )
    _settle_open_actions(session, current.request_id, actor=actor, now=now)
    record_status(
        session,
        current,
        actor=actor,
        now=now,
        version=version,
        to_status=CLOSED,
        outcome=outcome,
        reason=said,
        mash_decision=decision,
    )
    audit.append(session, actor, CLOSED_AUDIT, at=now, record_ref=current.reference, reason=outcome)
    return version


def reopen_request(
    session: Session, reference: str, *, reason: str, actor: Actor, now: datetime
) -> int:
    """Reopen a closed request (its outcome is kept in the history); returns the version.

    Raises:
        InvalidInput: no reason.
        WrongStatus: it is not closed.
    """
    said = words("reason", reason, required=True, what="why the request is reopened")
    current = begin(session, reference, actor=actor, action=RECORD_OUTCOME, now=now)
    if current.status != CLOSED:
        raise WrongStatus(f"{current.reference} is not closed")
    version = add_life_version(
        session, current, actor=actor, now=now, change="status", status=OPEN, outcome=None
    )
    record_status(
        session, current, actor=actor, now=now, version=version, to_status=OPEN, reason=said
    )
    audit.append(session, actor, REOPENED_AUDIT, at=now, record_ref=current.reference)
    return version


def _outcome_problems(outcome: str, vocab: Vocabularies) -> list[Problem]:
    if outcome == NOT_RECORDED or outcome not in vocab.outcome:
        return [Problem("outcome", vocab.outcome.unknown(outcome))]
    return []


def _settle_open_actions(session: Session, request_id: int, *, actor: Actor, now: datetime) -> None:
    """Settle the current version's open actions: the request is closed, so none is due."""
    session.execute(
        update(ActionRow)
        .where(*_open_actions(request_id))
        .values(done_at=now, done_by=actor.username, state=NOT_NEEDED, note=SETTLED_ON_CLOSING)
        .execution_options(synchronize_session=False)
    )
