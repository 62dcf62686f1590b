"""Re-referral tests' common parts: a request that names only who it is about, a fixed
route, and which current versions are re-referrals, worked out in Python from what is
stored, independently of the SQL that keeps the ``rereferrals`` table (the tests compare
the two).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from triage_app.domain.near_names import similar_surnames
from triage_app.domain.request import Child, Family, TriageRequest
from triage_app.domain.route import Route
from triage_app.store.database import Database
from triage_app.store.lookup_models import RereferralRow
from triage_app.store.models import RequestVersion
from triage_app.store.version_models import ChildRow

WINDOW = timedelta(days=365)


def request_about(
    at: datetime,
    *,
    children: tuple[Child, ...] = (),
    surname: str | None = None,
    postcode: str | None = None,
    phone: str | None = None,
) -> TriageRequest:
    """A request received ``at``, naming these children, family and phone and nothing else."""
    return TriageRequest(
        contact_method="telephone",
        source="self_referral",
        needs=("money_debt",),
        consent="given",
        children=children,
        postcode=postcode,
        family=Family(last_name=surname, phone=phone),
        received_at=at,
    )


def route_to(hub: str) -> Route:
    """A route to ``hub``: what matters to re-referrals is only where it went."""
    return Route("advice", (), hub, "t", None, ())


def is_earlier(e: Any, v: Any) -> bool:
    """Whether ``e`` is an earlier request than ``v``, within the window: received before it,
    or received at the same moment and saved first (the lower request id)."""
    return (
        e.request_id != v.request_id
        and v.received_at - WINDOW <= e.received_at <= v.received_at
        and (e.received_at < v.received_at or e.request_id < v.request_id)
    )


def expected_rereferrals(db: Database) -> dict[int, tuple[datetime, str | None]]:
    """Each current version with another request's current version earlier than it (received
    before it, or at the same moment and saved first), at most 365 days before, naming the
    same child (first name, date of birth, and a similar surname), family (postcode and a
    similar surname) or phone: similar is the same or a near miss (``near_names``)."""
    V = RequestVersion
    with db.read() as s:
        current = s.execute(
            select(
                V.id, V.request_id, V.received_at, V.hub,
                V.phone_key, V.family_last_name_key, V.postcode_key,
            ).where(V.is_current)
        ).all()  # fmt: skip
        children = s.execute(
            select(
                ChildRow.version_id, ChildRow.first_name_key, ChildRow.last_name_key,
                ChildRow.date_of_birth,
            )
        ).all()  # fmt: skip
    # Each key: what must be equal, and the surname that must then be similar (or None).
    keys: dict[int, set[tuple[tuple[Any, ...], str | None]]] = defaultdict(set)
    for version_id, first, last, born in children:
        if None not in (first, last, born):
            keys[version_id].add((("child", first, born), last))
    for v in current:
        if v.phone_key is not None:
            keys[v.id].add((("phone", v.phone_key), None))
        if v.family_last_name_key is not None and v.postcode_key is not None:
            keys[v.id].add((("family", v.postcode_key), v.family_last_name_key))
    named: dict[tuple[Any, ...], list[tuple[Any, str | None]]] = defaultdict(list)
    for v in current:
        for exact, surname in keys[v.id]:
            named[exact].append((v, surname))
    return {
        v.id: (v.received_at, v.hub)
        for v in current
        if any(
            is_earlier(e, v) and (surname is None or similar_surnames(surname, other))
            for exact, surname in keys[v.id]
            for e, other in named[exact]
        )
    }


def stored_rereferrals(db: Database) -> dict[int, tuple[datetime, str | None]]:
    R = RereferralRow
    with db.read() as s:
        rows = s.execute(select(R.version_id, R.received_at, R.hub))
        return {i: (at, hub) for i, at, hub in rows}
