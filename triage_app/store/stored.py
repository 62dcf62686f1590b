"""Reading saved requests back: one version as plain values, or every current one in turn.

Functions take the caller's session (one per user action) and return frozen values, never
live ORM objects, so nothing lazy-loads after the session has closed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from triage_app.domain.request import (
    Answers,
    Child,
    EmergencyCall,
    Family,
    Referrer,
    TriageRequest,
)
from triage_app.domain.route import Route, TraceEntry
from triage_app.store.copies import CopyLinks, copy_links
from triage_app.store.models import Request, RequestVersion
from triage_app.store.requests import UnknownReference


@dataclass(frozen=True)
class ActionState:
    """One action of a version's route: done, when and by whom, or still to do."""

    action: str
    done_at: datetime | None
    done_by: str | None


@dataclass(frozen=True)
class StoredRequest:
    """One version of a saved request, as plain values."""

    reference: str
    record_id: str
    version: int
    latest_version: int
    created_at: datetime
    author: str
    desk: str | None
    amendment_reason: str | None
    request: TriageRequest
    route: Route
    actions: tuple[ActionState, ...]
    exported_in: str | None
    #: The request this one's details were copied from, and those copied from this one.
    links: CopyLinks = field(default_factory=CopyLinks)


def _to_request(v: RequestVersion) -> TriageRequest:
    referrer = None
    if any((v.referrer_name, v.referrer_organisation, v.referrer_phone, v.referrer_email)):
        referrer = Referrer(
            v.referrer_name, v.referrer_organisation, v.referrer_phone, v.referrer_email
        )
    emergency = None
    if v.emergency_called_at is not None:
        emergency = EmergencyCall(
            v.emergency_called_at, v.emergency_called_by or "", v.emergency_police_reference
        )
    return TriageRequest(
        contact_method=v.contact_method,
        source=v.source,
        needs=tuple(n.need for n in v.needs),
        consent=v.consent,
        children=tuple(
            Child(
                age_years=c.age_years,
                unborn=c.unborn,
                first_name=c.first_name,
                last_name=c.last_name,
                date_of_birth=c.date_of_birth,
                date_of_birth_estimated=c.date_of_birth_estimated,
                gender=c.gender,
                ethnicity=c.ethnicity,
                send=c.send,
            )
            for c in v.children
        ),
        send=v.send,
        answers=Answers(v.immediate_danger, v.significant_harm, v.domestic_abuse_high_risk),
        postcode=v.postcode,
        hub=v.hub if v.hub_chosen_by_staff else None,
        primary_need=v.primary_need,
        family=Family(
            first_name=v.family_first_name,
            last_name=v.family_last_name,
            address=v.address,
            phone=v.phone,
            email=v.email,
            language=v.language,
            interpreter=v.interpreter,
            withhold_address=v.withhold_address,
        ),
        referrer=referrer,
        narrative=v.narrative,
        received_at=v.received_at,
        concerns=tuple(c.concern for c in v.concerns),
        children_unknown=v.children_unknown,
        earlier_requests=v.earlier_requests,
        emergency=emergency,
        no_contact_reason=v.no_contact_reason,
    )


def _to_route(v: RequestVersion) -> Route:
    return Route(
        pathway=v.pathway,
        actions=tuple(a.action for a in v.actions),
        hub=v.hub,
        rules_version=v.rules_version,
        respond_within=v.respond_within,
        trace=tuple(TraceEntry(t["rule"], t["reason"]) for t in v.trace),
        advice=tuple(v.advice),
    )


def load_request(session: Session, reference: str, version: int | None = None) -> StoredRequest:
    """A saved request, its current version unless ``version`` is given."""
    request = session.execute(
        select(Request).where(Request.reference == reference)
    ).scalar_one_or_none()
    if request is None:
        raise UnknownReference(f"no request has the reference {reference}")
    wanted = version or request.current_version
    v = session.execute(
        select(RequestVersion)
        .where(RequestVersion.request_id == request.id, RequestVersion.version == wanted)
        .options(
            selectinload(RequestVersion.children),
            selectinload(RequestVersion.needs),
            selectinload(RequestVersion.concerns),
            selectinload(RequestVersion.actions),
        )
    ).scalar_one_or_none()
    if v is None:
        raise UnknownReference(f"{reference} has no version {wanted}")
    return StoredRequest(
        reference=request.reference,
        record_id=request.record_id,
        version=v.version,
        latest_version=request.current_version,
        created_at=v.created_at,
        author=v.author,
        desk=v.desk,
        amendment_reason=v.amendment_reason,
        request=_to_request(v),
        route=_to_route(v),
        actions=tuple(ActionState(a.action, a.done_at, a.done_by) for a in v.actions),
        exported_in=v.export_batch_id,
        links=copy_links(session, request.id),
    )


def current_requests(
    session: Session, start: date | None = None, end: date | None = None, *, chunk: int = 1000
) -> Iterator[tuple[str, TriageRequest, str]]:
    """Each request's current version received in ``[start, end]`` (days, inclusive), oldest first.

    Yields ``(reference, request, stored pathway)`` in chunks, so a replay over years of
    requests never holds them all in memory.
    """
    query = (
        select(Request.reference, RequestVersion)
        .join(RequestVersion, RequestVersion.request_id == Request.id)
        .where(RequestVersion.is_current)
        .order_by(RequestVersion.received_at, RequestVersion.id)
        .options(
            selectinload(RequestVersion.children),
            selectinload(RequestVersion.needs),
            selectinload(RequestVersion.concerns),
        )
        .execution_options(yield_per=chunk)
    )
    if start is not None:
        query = query.where(RequestVersion.received_at >= datetime.combine(start, time(), UTC))
    if end is not None:
        after = datetime.combine(end + timedelta(days=1), time(), UTC)
        query = query.where(RequestVersion.received_at < after)
    for reference, version in session.execute(query):
        yield reference, _to_request(version), version.pathway
