"""Drafts: the form as it is being typed, kept so a dropped call or a crash loses nothing.

The window saves the form's values here a moment after each change. On the next start at the
same desk, open drafts are offered back. A draft becomes ``saved`` in the transaction that
saves its request, or ``discarded`` only deliberately, with an audit entry; either way its
content is cleared, so what was typed lives on only in the saved request, or not at all. A
draft is never exported or counted: the exports and figures read requests only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.store import audit
from triage_app.store.draft_models import Draft

OPEN, SAVED, DISCARDED = "open", "saved", "discarded"
#: Audit actions.
DISCARD_DRAFT = "discard_draft"
RESTORE_DRAFT = "restore_draft"
#: The version of the payload's shape (the window's form values); bump when it changes.
FORM_VERSION = 1


class DraftClosed(TriageError):
    """The draft was saved as a request or discarded, so it cannot change any more."""


class UnknownDraft(TriageError):
    """No draft has this id."""


@dataclass(frozen=True)
class DraftSummary:
    """An open draft as plain values; ``payload`` is the form's values as typed."""

    draft_id: str
    desk: str | None
    author: str
    created_at: datetime
    updated_at: datetime
    payload: dict[str, Any]

    @property
    def kept_at_close(self) -> bool:
        """Left open by an ordinary close of the program, not by a crash or power cut."""
        return bool(self.payload.get(KEPT_AT_CLOSE))


#: Marks a draft's payload when the program closed normally with it open; the next write of
#: the form (which never carries the mark) clears it, so a crash after that is told apart.
KEPT_AT_CLOSE = "kept_at_close"


def mark_kept_at_close(session: Session, desk: str | None) -> int:
    """Mark this desk's open drafts as left by an ordinary close; returns how many."""
    rows = session.execute(select(Draft).where(Draft.status == OPEN, Draft.desk == desk)).scalars()
    marked = 0
    for row in rows:
        row.payload = {**row.payload, KEPT_AT_CLOSE: True}
        marked += 1
    return marked


def _summary(row: Draft) -> DraftSummary:
    return DraftSummary(
        row.draft_id, row.desk, row.author, row.created_at, row.updated_at, dict(row.payload)
    )


def _row(session: Session, draft_id: str) -> Draft:
    row = session.execute(select(Draft).where(Draft.draft_id == draft_id)).scalar_one_or_none()
    if row is None:
        raise UnknownDraft(f"no draft has the id {draft_id}")
    return row


def _open_row(session: Session, draft_id: str) -> Draft:
    row = _row(session, draft_id)
    if row.status != OPEN:
        raise DraftClosed(f"this draft was already {row.status}")
    return row


def save_draft(
    session: Session,
    draft_id: str | None,
    payload: dict[str, Any],
    *,
    actor: Actor,
    now: datetime,
) -> str:
    """Create (``draft_id`` None) or update an open draft; returns its id.

    Raises:
        DraftClosed: the draft has become a request or was discarded.
    """
    body = {**payload, "form_version": FORM_VERSION}
    if draft_id is None:
        draft_id = str(uuid.uuid4())
        session.add(
            Draft(
                draft_id=draft_id,
                desk=actor.desk,
                author=actor.username,
                created_at=now,
                updated_at=now,
                status=OPEN,
                payload=body,
            )
        )
        session.flush()
        return draft_id
    row = _open_row(session, draft_id)
    row.payload = body
    row.updated_at = now
    row.author = actor.username
    return draft_id


def open_drafts(session: Session, desk: str | None) -> list[DraftSummary]:
    """The drafts still open at a desk, most recently changed first."""
    rows = session.execute(
        select(Draft)
        .where(Draft.status == OPEN, Draft.desk == desk)
        .order_by(Draft.updated_at.desc(), Draft.id.desc())
    ).scalars()
    return [_summary(r) for r in rows]


def load_draft(session: Session, draft_id: str, *, actor: Actor, now: datetime) -> DraftSummary:
    """An open draft, to carry on typing; the restore is recorded (by id only).

    Raises:
        UnknownDraft, DraftClosed: there is no such open draft.
    """
    row = _open_row(session, draft_id)
    audit.append(session, actor, RESTORE_DRAFT, at=now, record_ref=draft_id)
    return _summary(row)


def discard_draft(
    session: Session, draft_id: str, *, actor: Actor, now: datetime, reason: str
) -> None:
    """Deliberately throw a draft away: content cleared, the discard audited with ``reason``.

    ``reason`` is staff's choice of words about why (for example "caller rang off"), never
    what was typed into the form.
    """
    row = _open_row(session, draft_id)
    row.status = DISCARDED
    row.payload = {"form_version": FORM_VERSION}
    row.updated_at = now
    audit.append(
        session, actor, DISCARD_DRAFT, at=now, record_ref=draft_id, reason=reason.strip() or None
    )


def mark_saved(session: Session, draft_id: str, *, now: datetime) -> None:
    """The draft became a request (in this same transaction): close it and clear its content.

    The request's own "create" audit entry records the saving. A draft that is already
    closed (or unknown) is left as it is: saving a request never fails because of its draft.
    """
    row = session.execute(select(Draft).where(Draft.draft_id == draft_id)).scalar_one_or_none()
    if row is None or row.status != OPEN:
        return
    row.status = SAVED
    row.payload = {"form_version": FORM_VERSION}
    row.updated_at = now
