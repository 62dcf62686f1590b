"""Reading a request's life after the front door, for the record view and the CLI.

For the window: ``request_life(session, reference, actor=..., now=...) -> RequestLife``, a
frozen value with the status, outcome, both pathways, the assignee, the due time, the
actions and how each stands, and the histories (status changes, attempts, notes,
overrides), oldest first. Whoever may open the full record may read it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.life import (
    ActionView,
    AttemptView,
    NoteView,
    RequestLife,
    StatusChangeView,
)
from triage_app.services.overrides import view_of
from triage_app.services.reference_access import check_reference
from triage_app.store.life_models import ContactAttempt, PathwayOverride, RequestNote, StatusChange
from triage_app.store.models import Request, RequestVersion
from triage_app.store.version_models import ActionRow


def request_life(session: Session, reference: str, *, actor: Actor, now: datetime) -> RequestLife:
    """Everything after the front door about one request (see the module).

    Raises:
        NotPermitted: the actor may not open this record.
        UnknownReference: no request has this reference.
    """
    reference = check_reference(session, reference, actor=actor, action="open_full_record", now=now)
    request_id, version = session.execute(
        select(Request.id, Request.current_version).where(Request.reference == reference)
    ).one()
    v = session.execute(
        select(RequestVersion).where(
            RequestVersion.request_id == request_id, RequestVersion.is_current
        )
    ).scalar_one()
    actions = session.execute(
        select(ActionRow).where(ActionRow.version_id == v.id).order_by(ActionRow.position)
    ).scalars()
    mine = {"request_id": request_id}
    changes = session.execute(select(StatusChange).filter_by(**mine).order_by(StatusChange.id))
    attempts = session.execute(
        select(ContactAttempt).filter_by(**mine).order_by(ContactAttempt.at, ContactAttempt.id)
    )
    notes = session.execute(select(RequestNote).filter_by(**mine).order_by(RequestNote.id))
    overrides = session.execute(
        select(PathwayOverride).filter_by(**mine).order_by(PathwayOverride.id)
    )
    return RequestLife(
        reference=reference,
        version=version,
        status=v.status,
        outcome=v.outcome,
        recommended_pathway=v.pathway,
        final_pathway=v.final_pathway or v.pathway,
        assigned_to=v.assigned_to,
        due_at=v.due_at,
        actions=tuple(ActionView(a.action, a.state, a.done_at, a.done_by, a.note) for a in actions),
        status_changes=tuple(
            StatusChangeView(
                c.at,
                c.changed_by,
                c.from_status,
                c.to_status,
                c.outcome,
                c.reason,
                c.mash_decision,
                c.version,
            )
            for c in changes.scalars()
        ),
        attempts=tuple(
            AttemptView(a.at, a.made_by, a.method, a.reached, a.note, a.version)
            for a in attempts.scalars()
        ),
        notes=tuple(NoteView(n.at, n.author, n.text, n.version) for n in notes.scalars()),
        overrides=tuple(view_of(o) for o in overrides.scalars()),
    )
