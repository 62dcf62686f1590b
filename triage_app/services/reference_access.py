"""Who may do what with a request named by its reference: one check for every way in.

A reference is easy to come by (it is read out over the phone and printed on sheets), so
knowing one must never be enough. Every use case that takes a reference — opening the full
record, printing the advice sheet, marking an action done, amending, erasing, reading the
audit trail about it — comes through :func:`check_reference`: first the role must allow
the action (``triage_app.accounts.roles``), then, where doing it shows what the family said,
the request must be one the actor sees in the requests list (a team leader: any; a call
handler or receptionist: the ones they took and their hub's recent ones), exactly as for the
record view.

Two uses show nothing a family said and so need only the role: an administrator erasing a
record by the reference a team leader gave (administrators see no records, so requiring
sight would forbid every erasure), and reading the audit trail about a reference (its
entries hold ids and codes only; team leaders and administrators read the whole trail).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.accounts.roles import NotPermitted, require
from triage_app.domain.actor import Actor
from triage_app.services.visibility import can_see
from triage_app.store.models import Request
from triage_app.store.references import normalise_reference
from triage_app.store.requests import UnknownReference


@dataclass(frozen=True)
class ReferenceUse:
    """Something done to a request by reference.

    ``shows_record``: doing it shows (or changes) what the family said, so the actor must
    see the request.
    """

    action: str
    shows_record: bool


#: Every use of a reference, by the action ``roles.require`` checks.
USES: dict[str, ReferenceUse] = {
    use.action: use
    for use in (
        ReferenceUse("open_full_record", shows_record=True),
        ReferenceUse("print_sheet", shows_record=True),
        ReferenceUse("mark_action_done", shows_record=True),
        ReferenceUse("record_outcome", shows_record=True),
        ReferenceUse("override_pathway", shows_record=True),
        ReferenceUse("take_request", shows_record=True),
        ReferenceUse("assign_request", shows_record=True),
        ReferenceUse("approve_override", shows_record=True),
        ReferenceUse("amend_request", shows_record=True),
        ReferenceUse("erase_record", shows_record=False),
        ReferenceUse("view_audit", shows_record=False),
    )
}


def not_visible(reference: str) -> NotPermitted:
    return NotPermitted(f"{reference} is not one of your requests or your hub's recent ones")


def check_reference(
    session: Session, reference: str, *, actor: Actor, action: str, now: datetime
) -> str:
    """Refuse unless ``actor`` may do ``action`` to this request; returns the stored form.

    Raises:
        NotPermitted: the role may not do it, or the request is not one the actor sees.
        UnknownReference: no request has this reference (where sight is needed).
    """
    use = USES.get(action)
    if use is None:  # a new use must be listed above, with its answer to "shows_record"
        raise NotPermitted(f"'{action}' is not something done to a request by its reference")
    require(actor, action)
    if not use.shows_record:
        return reference.strip()
    reference = normalise_reference(reference)
    exists = session.execute(select(Request.id).where(Request.reference == reference)).first()
    if exists is None:
        raise UnknownReference(f"no request has the reference {reference}")
    if not can_see(session, reference, actor=actor, now=now):
        raise not_visible(reference)
    return reference
