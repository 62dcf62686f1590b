"""A request in full: opening it (recorded in the audit trail), its versions, amending it.

Opening a full record is something the audit trail must show (who read which family's
details), so the window opens one only through :func:`open_record`. An amendment adds a
version with a reason and never overwrites one; every earlier version stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.request import TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet
from triage_app.services.intake import Saved, amend_request
from triage_app.services.reference_access import check_reference
from triage_app.store import audit
from triage_app.store.models import Request, RequestVersion
from triage_app.store.requests import UnknownReference
from triage_app.store.stored import StoredRequest, load_request

#: The audit action for opening a full record (the same as from the re-referral panel).
OPEN_RECORD = "open_record"


@dataclass(frozen=True)
class VersionSummary:
    """One version of a request: when, by whom, and why it was amended (None for the first).

    ``life_change`` says what a version that changed the request's life (not its content)
    recorded: ``status``, ``attempt``, ``note``, ``override`` or ``assignment``.
    """

    version: int
    created_at: datetime
    author: str
    reason: str | None
    life_change: str | None = None


def open_record(
    session: Session, reference: str, *, actor: Actor, now: datetime, version: int | None = None
) -> StoredRequest:
    """A request in full (its current version unless ``version``), its opening audited.

    Raises:
        NotPermitted: the role may not open records, or this is not one the actor may see.
        UnknownReference: no such request, or no such version of it.
    """
    reference = check_reference(session, reference, actor=actor, action="open_full_record", now=now)
    stored = load_request(session, reference, version)
    reason = None if version is None else f"version {stored.version}"
    audit.append(session, actor, OPEN_RECORD, at=now, record_ref=reference, reason=reason)
    return stored


def versions(session: Session, reference: str) -> list[VersionSummary]:
    """Every version of a request, the first first.

    Raises:
        UnknownReference: no request has this reference.
    """
    rows = session.execute(
        select(
            RequestVersion.version,
            RequestVersion.created_at,
            RequestVersion.author,
            RequestVersion.amendment_reason,
            RequestVersion.life_change,
        )
        .join(Request, Request.id == RequestVersion.request_id)
        .where(Request.reference == reference)
        .order_by(RequestVersion.version)
    ).all()
    if not rows:
        raise UnknownReference(f"no request has the reference {reference}")
    return [VersionSummary(*row) for row in rows]


def amend(
    session: Session,
    stored: StoredRequest,
    req: TriageRequest,
    *,
    reason: str,
    vocab: Vocabularies,
    rules: RuleSet,
    actor: Actor,
    now: datetime,
) -> Saved:
    """Save ``req`` as the next version of ``stored`` (the version the amender started from).

    The request keeps when it was received, and where routing has nothing better to go on
    (no postcode, no hub chosen) it stays with the hub it was routed to, rather than the
    amender's desk.

    Raises:
        NotPermitted: the actor's role may not amend requests.
        InvalidInput: no reason, or the amended request has problems (each with its field).
        VersionConflict: someone amended it after ``stored`` was opened; nothing was saved.
    """
    check_reference(session, stored.reference, actor=actor, action="amend_request", now=now)
    received = req.received_at or stored.request.received_at or stored.created_at
    routing_actor = replace(actor, hub=stored.route.hub)
    return amend_request(
        session,
        stored.reference,
        replace(req, received_at=received),
        based_on=stored.version,
        reason=reason,
        vocab=vocab,
        rules=rules,
        actor=routing_actor,
        now=now,
    )
