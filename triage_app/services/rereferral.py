"""Re-referral: earlier requests for the same child or family, shown while a request is typed.

A child is recognisable by first name and date of birth with the surname, a family by
postcode with the surname, each surname as typed or a near miss of it ("Penhalligon" for
"Penhaligon"); or by phone number. What matches is defined once, in
:mod:`triage_app.store.same_family`, for this look-up, the count the save routes on and the
stored re-referrals; each says how it matched ("similar surname + same postcode"). Matching
uses the normalised ``*_key`` and ``*_sound`` columns (see :mod:`triage_app.domain.keys`),
which are indexed, so each look-up is a few index seeks. Opening an earlier request in full
is recorded in the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    bindparam,
    false,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.keys import name_key, phone_key, postcode_key
from triage_app.domain.near_names import similar_surnames, sound_key
from triage_app.domain.request import TriageRequest
from triage_app.pathways.floors import REPEAT_THRESHOLD
from triage_app.store import audit
from triage_app.store.models import Request, RequestVersion, table_of
from triage_app.store.rereferrals import WINDOW_DAYS
from triage_app.store.same_family import (
    CHILD,
    FAMILY_POSTCODE,
    LABELS,
    PHONE,
    ChildKeys,
    FamilyKeys,
    child_keys,
    child_label,
    family_keys,
    family_label,
    same_child,
    same_family,
    same_phone,
)
from triage_app.store.stored import StoredRequest, load_request
from triage_app.store.version_models import ChildRow

#: How far back an earlier request counts as a re-referral (the scrutiny board's time limit).
REREFERRAL_MONTHS = 12
#: Fewer digits than this is a number still being typed, not one to match on.
MIN_PHONE_DIGITS = 10
MIN_POSTCODE_CHARS = 5
#: The audit action for opening a full record.
OPEN_RECORD = "open_record"


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


def within_year(rows: Sequence[EarlierRequest], received_at: datetime) -> list[EarlierRequest]:
    """The earlier requests received in the :data:`WINDOW_DAYS` days before ``received_at``.

    Contract rule 13 counts these (``TriageRequest.earlier_requests``): the window shows the
    re-referral panel's 12 calendar months, but the count is of 365 days, the same every year.
    Only rows received before ``received_at`` are earlier (not one at the same moment, nor a
    later one, as when an older request is amended).
    """
    since = received_at - timedelta(days=WINDOW_DAYS)
    return [r for r in rows if since <= r.received_at < received_at]


def is_repeat(in_year: int) -> bool:
    """Whether this many earlier requests in the year make this one a repeat (rule 13)."""
    return in_year >= REPEAT_THRESHOLD


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 22nd, 23rd, 101st, 111th."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def recognisable(children: Sequence[ChildKey], family: FamilyKey) -> bool:
    """Whether enough is typed to look for earlier requests at all."""
    return bool(_child_keys(children)) or bool(_family_keys(family))


def _child_keys(children: Sequence[ChildKey]) -> list[tuple[str, str, str | None, date]]:
    """Each child's first name, surname, its sound and date of birth, when all are given."""
    keys = []
    for c in children:
        first, last = name_key(c.first_name), name_key(c.last_name)
        if first and last and c.date_of_birth is not None:
            keys.append((first, last, sound_key(last), c.date_of_birth))
    return keys


def _family_keys(family: FamilyKey) -> dict[str, str | None]:
    """The family's keys worth matching on, by parameter name."""
    keys: dict[str, str | None] = {}
    surname, postcode = name_key(family.surname), postcode_key(family.postcode)
    if surname and postcode and len(postcode) >= MIN_POSTCODE_CHARS:
        keys |= {"surname": surname, "sound": sound_key(surname), "postcode": postcode}
    phone = phone_key(family.phone)
    if phone and len(phone) >= MIN_PHONE_DIGITS:
        keys["phone"] = phone
    return keys


def _branch(
    label: ColumnElement[str],
    *keys: ColumnElement[bool],
    by_child: bool,
    exclude: bool,
    by_postcode: bool = False,
) -> Select[Any]:
    """Current versions since ``:since`` matching ``keys``, at most ``:limit``, named ``label``."""
    versions, requests, children = table_of(RequestVersion), table_of(Request), table_of(ChildRow)
    source = versions.join(requests, requests.c.id == versions.c.request_id)
    if by_child:
        source = source.join(children, children.c.version_id == versions.c.id)
    # ``is_current`` is written so no index can answer it: without statistics SQLite would
    # otherwise walk the index of current versions by date (half a million rows at a million
    # requests) instead of seeking the child's or phone's keys. The postcode's index holds
    # it after the key, then the time (``by_postcode``): one range seek, preferred.
    current = (
        versions.c.is_current if by_postcode else func.coalesce(versions.c.is_current, false())
    )
    query = (
        select(
            requests.c.reference,
            versions.c.received_at,
            versions.c.hub,
            versions.c.pathway,
            label.label("matched_on"),
        )
        .select_from(source)
        .where(*keys, current, versions.c.received_at >= bindparam("since"))
    )
    if exclude:
        query = query.where(requests.c.reference != bindparam("exclude"))
    return query.limit(bindparam("limit", type_=Integer))


def _slots(children: int) -> int:
    """How many child branches a look-up for ``children`` children has: a power of two.

    The few shapes this leaves are each prepared once and then planned once by PostgreSQL
    (planning a look-up costs several times running it); unused branches are given no key
    (NULL), which matches nothing without reading a row.
    """
    slots = 1
    while slots < children:
        slots *= 2
    return slots


@cache
def _look_up(slots: int, exclude: bool) -> CompoundSelect[Any]:
    """One statement for every key typed: one round trip, built and compiled once per shape.

    Each key is its own branch with its own limit, each an index seek; the branches are
    combined with ``UNION ALL`` (a request matching on two keys comes back twice, once per
    reason). A key not typed is given as NULL. What matches, and what it is called, is
    :mod:`~triage_app.store.same_family`'s, as for the stored re-referrals.
    """
    versions, kids = table_of(RequestVersion), table_of(ChildRow)
    branches = []
    for i in range(slots):
        typed = ChildKeys(*(bindparam(f"{k}_{i}") for k in ("first", "last", "sound", "born")))
        stored = child_keys(kids.c)
        branches.append(
            _branch(
                child_label(stored, typed),
                same_child(stored, typed),
                by_child=True,
                exclude=exclude,
            )
        )
    family = FamilyKeys(*map(bindparam, ("surname", "sound", "postcode", "phone")))
    stored_family = family_keys(versions.c)
    branches.append(
        _branch(
            family_label(stored_family, family),
            same_family(stored_family, family),
            by_child=False,
            exclude=exclude,
            by_postcode=True,
        )
    )
    branches.append(
        _branch(literal(PHONE), same_phone(stored_family, family), by_child=False, exclude=exclude)
    )
    # Each branch is wrapped so its LIMIT stays its own (SQLite takes no LIMIT inside a UNION).
    return union_all(*(select(*b.subquery().c) for b in branches))


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
    children_typed, typed = _child_keys(children), _family_keys(family)
    if not children_typed and not typed:
        return []
    slots = _slots(len(children_typed))
    exclude = exclude_reference or None
    params: dict[str, Any] = {"since": since, "limit": limit, "exclude": exclude}
    params |= {key: typed.get(key) for key in ("surname", "sound", "postcode", "phone")}
    for i in range(slots):
        first, last, sound, born = (
            children_typed[i] if i < len(children_typed) else (None, None, None, None)
        )
        params |= {f"first_{i}": first, f"last_{i}": last, f"sound_{i}": sound, f"born_{i}": born}
    statement = _look_up(slots, exclude is not None)
    found: dict[str, tuple[datetime, str | None, str, set[str]]] = {}
    for ref, received, hub, pathway, label in session.connection().execute(statement, params):
        found.setdefault(ref, (received, hub, pathway, set()))[3].add(label)
    rows = [
        EarlierRequest(ref, received, hub, pathway, tuple(m for m in LABELS if m in labels))
        for ref, (received, hub, pathway, labels) in found.items()
    ]
    rows.sort(key=lambda r: (r.received_at, r.reference), reverse=True)
    return rows[:limit]


def keys_of(req: TriageRequest) -> tuple[tuple[ChildKey, ...], FamilyKey]:
    """The child and family keys a request is matched on (as the window types them)."""
    children = tuple(
        ChildKey(c.first_name, c.last_name, c.date_of_birth) for c in req.children if not c.unborn
    )
    family = FamilyKey(req.family.last_name, req.postcode, req.family.phone)
    return children, family


MatchKey = tuple[tuple[object, ...], str | None]


def match_keys(req: TriageRequest) -> set[MatchKey]:
    """Every key a request is matched on, and the surname that must then be similar.

    Each is what must agree exactly, tagged with what it is, and the surname that must then
    be the same or a near miss (None: nothing more). For code that matches requests in
    memory (demo data) as the look-ups here do: two requests match on a key when the first
    parts are equal and the surnames are similar (:func:`keys_match`).
    """
    children, family = keys_of(req)
    found: set[MatchKey] = {
        ((CHILD, first, born), last) for first, last, _sound, born in _child_keys(children)
    }
    keys = _family_keys(family)
    if "surname" in keys:
        found.add(((FAMILY_POSTCODE, keys["postcode"]), keys["surname"]))
    if "phone" in keys:
        found.add(((PHONE, keys["phone"]), None))
    return found


def keys_match(surname: str | None, other: str | None) -> bool:
    """Whether two requests sharing a key's exact part match on it (see :func:`match_keys`)."""
    return surname is None or similar_surnames(surname, other)


def earlier_in_year(
    session: Session, req: TriageRequest, now: datetime, *, exclude_reference: str | None = None
) -> list[EarlierRequest]:
    """The earlier requests about the same child or family in the 365 days before this one.

    The same matching as re-referrals (:mod:`~triage_app.store.same_family`: a child by first
    name, date of birth and surname, a family by postcode and surname, each surname as typed
    or a near miss; or the phone) and the same window as the ``rereferrals`` table: received before
    this request (``received_at``, else ``now``) and at most :data:`WINDOW_DAYS` days before
    it. Most recent first. ``exclude_reference`` leaves out the request itself (an amendment).
    """
    at = req.received_at or now
    children, family = keys_of(req)
    found = earlier_requests(
        session,
        children=children,
        family=family,
        since=at - timedelta(days=WINDOW_DAYS),
        exclude_reference=exclude_reference,
        limit=_MOST_COUNTED,
    )
    return within_year(found, at)


#: More earlier requests than this in a year are counted as this many (rule 13 needs two).
_MOST_COUNTED = 1000


def count_earlier(
    session: Session, req: TriageRequest, now: datetime, *, exclude_reference: str | None = None
) -> int:
    """``earlier_requests`` for contract rule 13: how many :func:`earlier_in_year` finds.

    One function for the save path (``record``, the window's save, amendments) and the
    window's live route panel, so the panel shows the route that will be saved.
    """
    return len(earlier_in_year(session, req, now, exclude_reference=exclude_reference))


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
