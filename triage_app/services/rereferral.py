"""Re-referral: earlier requests for the same child or family, shown while a request is typed.

A child is recognisable by name and date of birth; a family by surname with postcode, or by
phone number. Matching uses the normalised ``*_key`` columns (see
:mod:`triage_app.domain.keys`), which are indexed, so each look-up is a few index seeks.
Opening an earlier request in full is recorded in the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.keys import name_key, phone_key, postcode_key
from triage_app.store import audit
from triage_app.store.models import ChildRow, Request, RequestVersion
from triage_app.store.requests import StoredRequest, load_request

#: How far back an earlier request counts as a re-referral (the scrutiny board's time limit).
REREFERRAL_MONTHS = 12
#: Fewer digits than this is a number still being typed, not one to match on.
MIN_PHONE_DIGITS = 10
MIN_POSTCODE_CHARS = 5
#: The audit action for opening a full record.
OPEN_RECORD = "open_record"

#: Matching one request: reference, received, hub, pathway.
_Rows = Select[str, datetime, str | None, str]

CHILD, FAMILY_POSTCODE, PHONE = "child", "surname and postcode", "phone"


@dataclass(frozen=True)
class ChildKey:
    first_name: str | None
    last_name: str | None
    date_of_birth: date | None


@dataclass(frozen=True)
class FamilyKey:
    surname: str | None = None
    postcode: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class EarlierRequest:
    """A request within the window that matches, and on what."""

    reference: str
    received_at: datetime
    hub: str | None
    pathway: str
    matched_on: tuple[str, ...]


def window_start(now: datetime, months: int = REREFERRAL_MONTHS) -> datetime:
    """``months`` before ``now`` (29 February falls back to the 28th)."""
    years, month0 = divmod(now.month - 1 - months, 12)
    year, month = now.year + years, month0 + 1
    for day in range(now.day, 27, -1):
        try:
            return now.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return now.replace(year=year, month=month, day=min(now.day, 28))


def recognisable(children: Sequence[ChildKey], family: FamilyKey) -> bool:
    """Whether enough is typed to look for earlier requests at all."""
    return bool(_child_keys(children)) or bool(_family_clauses(family))


def _child_keys(children: Sequence[ChildKey]) -> list[tuple[str, str, date]]:
    keys = []
    for c in children:
        first, last = name_key(c.first_name), name_key(c.last_name)
        if first and last and c.date_of_birth is not None:
            keys.append((first, last, c.date_of_birth))
    return keys


def _family_clauses(family: FamilyKey) -> list[tuple[str, object]]:
    clauses: list[tuple[str, object]] = []
    surname, postcode = name_key(family.surname), postcode_key(family.postcode)
    if surname and postcode and len(postcode) >= MIN_POSTCODE_CHARS:
        clauses.append(
            (
                FAMILY_POSTCODE,
                (RequestVersion.family_last_name_key == surname)
                & (RequestVersion.postcode_key == postcode),
            )
        )
    phone = phone_key(family.phone)
    if phone and len(phone) >= MIN_PHONE_DIGITS:
        clauses.append((PHONE, RequestVersion.phone_key == phone))
    return clauses


def _base() -> _Rows:
    return select(
        Request.reference, RequestVersion.received_at, RequestVersion.hub, RequestVersion.pathway
    ).join(Request, Request.id == RequestVersion.request_id)


def earlier_requests(
    session: Session,
    *,
    children: Sequence[ChildKey] = (),
    family: FamilyKey = FamilyKey(),
    since: datetime,
    exclude_reference: str | None = None,
    limit: int = 50,
) -> list[EarlierRequest]:
    """Current versions of requests received since ``since`` that match a child or the family.

    Most recent first; each names what it matched on. Returns nothing until something is
    recognisable (see :func:`recognisable`).
    """
    found: dict[str, tuple[datetime, str | None, str, list[str]]] = {}

    def collect(query: _Rows, label: str) -> None:
        # ``is_current`` is written so no index can answer it: without statistics SQLite
        # would otherwise walk the index of current versions by date (half a million rows at
        # a million requests) instead of seeking the child's or family's keys.
        current = func.coalesce(RequestVersion.is_current, false())
        query = query.where(current, RequestVersion.received_at >= since)
        if exclude_reference:
            query = query.where(Request.reference != exclude_reference)
        for ref, received, hub, pathway in session.execute(query.limit(limit)):
            entry = found.setdefault(ref, (received, hub, pathway, []))
            if label not in entry[3]:
                entry[3].append(label)

    for first, last, born in _child_keys(children):
        collect(
            _base()
            .join(ChildRow, ChildRow.version_id == RequestVersion.id)
            .where(
                ChildRow.last_name_key == last,
                ChildRow.first_name_key == first,
                ChildRow.date_of_birth == born,
            ),
            CHILD,
        )
    for label, clause in _family_clauses(family):
        collect(_base().where(clause), label)  # type: ignore[arg-type]
    rows = [
        EarlierRequest(ref, received, hub, pathway, tuple(matched))
        for ref, (received, hub, pathway, matched) in found.items()
    ]
    rows.sort(key=lambda r: (r.received_at, r.reference), reverse=True)
    return rows[:limit]


def open_earlier_request(
    session: Session, reference: str, *, actor: Actor, now: datetime
) -> StoredRequest:
    """The full record of an earlier request, its opening recorded in the audit trail.

    Raises:
        UnknownReference: no request has this reference.
    """
    stored = load_request(session, reference)
    audit.append(session, actor, OPEN_RECORD, at=now, record_ref=reference)
    return stored
