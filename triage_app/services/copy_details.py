"""Using an earlier request's details: its family and children, to start a new request from.

Copying shows what a family told the service before, so it is checked and audited as
opening the full record is: the role must open records and the request must be one the
actor sees; the audit trail records ``copy_details`` with the earlier request's reference.
Which details are copied, and how ages are brought up to date, is
:mod:`triage_app.domain.copying`; the link between the two requests is stored when the new
one is saved (``take_request(..., copied_from=...)``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.copying import CopiedDetails, details_to_copy
from triage_app.services.reference_access import check_reference
from triage_app.store import audit
from triage_app.store.stored import load_request

#: The audit action for an earlier request's details copied into a new one.
COPY_DETAILS = "copy_details"


def copy_details(session: Session, reference: str, *, actor: Actor, now: datetime) -> CopiedDetails:
    """The details of ``reference`` (its current version) for a new request started ``now``.

    Raises:
        NotPermitted: the role may not open records, or this is not one the actor sees.
        UnknownReference: no request has this reference.
    """
    reference = check_reference(session, reference, actor=actor, action="open_full_record", now=now)
    stored = load_request(session, reference)
    audit.append(session, actor, COPY_DETAILS, at=now, record_ref=reference)
    received = stored.request.received_at or stored.created_at
    return details_to_copy(stored.reference, stored.request, received, now.date())
