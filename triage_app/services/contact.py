"""Attempts to reach a family, and dated notes: both only ever added to.

An attempt says when it was made (it may be recorded later; never in the future, nor before
the request was received, which a year typed wrong would be), how (a
code of ``[attempt_method]``), by whom (the signed-in person) and whether the family was
reached, with an optional note. The first attempt on an open request moves it to in
progress. A note is stamped with its author and the time; neither is ever edited (the
database refuses it, ``store.life_guard``). Each is a new version of the request, so the
central system hears of it once, and an audit entry holding the reference and codes only.

For the window: ``record_attempt(session, reference, method=..., reached=..., actor=...,
now=..., vocab=..., at=None, note=None)`` and ``add_note(session, reference, text, actor=...,
now=...)`` each return the new version's number; bad input raises ``InvalidInput`` naming
the field (``method``, ``at``, ``note``, ``text``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from triage_app.domain import limits
from triage_app.domain.actor import Actor
from triage_app.domain.localtime import local_text
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import InvalidInput, Problem
from triage_app.services.life_change import begin, start_if_open, words
from triage_app.store import audit
from triage_app.store.life_models import ContactAttempt, RequestNote

RECORD_OUTCOME = "record_outcome"
ATTEMPT_AUDIT = "contact_attempt"
NOTE_AUDIT = "note_added"


def record_attempt(
    session: Session,
    reference: str,
    *,
    method: str,
    reached: bool,
    actor: Actor,
    now: datetime,
    vocab: Vocabularies,
    at: datetime | None = None,
    note: str | None = None,
) -> int:
    """Record an attempt to reach the family; returns the version that carries it.

    Raises:
        InvalidInput: an unknown method, a time in the future, or a note too long.
    """
    if method not in vocab.attempt_method:
        raise InvalidInput([Problem("method", vocab.attempt_method.unknown(method))])
    when = at or now
    if when > now + limits.CLOCK_SKEW:
        raise InvalidInput([Problem("at", "is in the future: give when the attempt was made")])
    said = words("note", note, required=False, what="")
    current = begin(session, reference, actor=actor, action=RECORD_OUTCOME, now=now)
    if when < current.received_at:  # a year typed wrong would count as contact in time
        received = local_text(current.received_at, zone=True)
        raise InvalidInput(
            [Problem("at", f"is before the request was received ({received}): "
                     "give when the attempt was made")]
        )  # fmt: skip
    version = start_if_open(session, current, actor=actor, now=now, change="attempt")
    session.add(
        ContactAttempt(
            request_id=current.request_id,
            version=version,
            at=when,
            recorded_at=now,
            made_by=actor.username,
            method=method,
            reached=reached,
            note=said,
        )
    )
    session.flush()
    outcome = f"{method}: {'reached' if reached else 'not reached'}"
    audit.append(
        session, actor, ATTEMPT_AUDIT, at=now, record_ref=current.reference, reason=outcome
    )
    return version


def add_note(session: Session, reference: str, text: str, *, actor: Actor, now: datetime) -> int:
    """Add a dated note, stamped with its author; returns the version that carries it.

    Raises:
        InvalidInput: the note is empty, too long, or holds a NUL character.
    """
    said = words("text", text, required=True, what="what the note is")
    current = begin(session, reference, actor=actor, action=RECORD_OUTCOME, now=now)
    version = start_if_open(session, current, actor=actor, now=now, change="note")
    session.add(
        RequestNote(
            request_id=current.request_id,
            version=version,
            at=now,
            author=actor.username,
            text=said,
        )
    )
    session.flush()
    audit.append(session, actor, NOTE_AUDIT, at=now, record_ref=current.reference)
    return version
