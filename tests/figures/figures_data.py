"""A known synthetic data set for the figures, and the counts worked out again in Python.

Names, phones and postcodes come from small pools so that the same child or family turns up
again (re-referrals); dates straddle month ends and the clock change. Nothing here is real.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from triage_app.domain.actor import Actor
from triage_app.domain.ages import age_on
from triage_app.domain.keys import name_key, phone_key, postcode_key
from triage_app.domain.months import Month
from triage_app.domain.request import Child, Family, TriageRequest
from triage_app.domain.route import Route, TraceEntry
from triage_app.domain.vocabulary import Vocabularies
from triage_app.store.database import Database
from triage_app.store.requests import add_version, insert_request

LONDON = ZoneInfo("Europe/London")
FIRST = ("Ada", "Ben", "Cai", "Dee", "Eli", "Fay")
LAST = ("Testerson", "Sample", "Dummy", "Fictional")
PHONES = ("07700 900001", "07700 900002", "07700 900003", None, None)
POSTCODES = ("cv6 1aa", "CV2 1ZZ", "cv4 9zz", None)
DOBS = (date(2008, 3, 31), date(2010, 2, 28), date(2016, 7, 1), date(2025, 12, 25), None)


@dataclass(frozen=True)
class Stored:
    reference: str
    req: TriageRequest
    route: Route


def _route(rng: random.Random, vocab: Vocabularies) -> Route:
    return Route(
        pathway=rng.choice(vocab.pathway.codes),
        actions=("call_back",),
        hub=rng.choice((*vocab.hub.codes, None)),
        rules_version="test-1",
        respond_within=None,
        trace=(TraceEntry("test", "synthetic"),),
    )


def _child(rng: random.Random, vocab: Vocabularies) -> Child:
    kind = rng.random()
    if kind < 0.1:
        return Child(unborn=True, last_name=rng.choice(LAST))
    dob = rng.choice(DOBS)
    return Child(
        first_name=rng.choice(FIRST),
        last_name=rng.choice(LAST),
        date_of_birth=dob,
        age_years=None if dob or kind < 0.3 else rng.randrange(0, 24),
        gender=rng.choice((*vocab.gender.codes, None)),
        ethnicity=rng.choice((*vocab.ethnicity.codes[:5], None)),
    )


def _request(rng: random.Random, vocab: Vocabularies, at: datetime) -> TriageRequest:
    needs = tuple(rng.sample(vocab.need.codes, rng.randint(1, 3)))
    return TriageRequest(
        contact_method=rng.choice(vocab.contact_method.codes),
        source=rng.choice(vocab.source.codes),
        needs=needs,
        primary_need=rng.choice(needs),
        consent=rng.choice(vocab.consent.codes),
        children=tuple(_child(rng, vocab) for _ in range(rng.randint(0, 3))),
        postcode=rng.choice(POSTCODES),
        family=Family(last_name=rng.choice((*LAST, None)), phone=rng.choice(PHONES)),
        received_at=at,
    )


#: Moments that matter: the clock change (29 March 2026), month ends in BST and in GMT.
EDGES = (
    datetime(2026, 3, 31, 23, 30, tzinfo=UTC),  # 00:30 on 1 April, London time: April
    datetime(2026, 2, 28, 23, 30, tzinfo=UTC),  # still February in London (GMT)
    datetime(2026, 3, 1, 0, 0, tzinfo=UTC),  # the first moment of March
    datetime(2026, 3, 29, 0, 59, tzinfo=UTC),
)


def build(db: Database, vocab: Vocabularies, actor: Actor, *, seed: int = 6) -> list[Stored]:
    """About 400 requests from March 2025 to April 2026; a few amended. Returns current ones."""
    rng = random.Random(seed)
    start = datetime(2025, 2, 20, tzinfo=UTC)
    moments = [start + timedelta(minutes=rng.randrange(0, 60 * 24 * 430)) for _ in range(400)]
    moments += EDGES
    stored: list[Stored] = []
    with db.write() as s:
        for at in moments:
            req, route = _request(rng, vocab, at), _route(rng, vocab)
            reference = insert_request(s, req, route, actor=actor, now=at)
            if rng.random() < 0.1:  # amended: only the new version counts
                req = replace(_request(rng, vocab, at), received_at=at)
                route = _route(rng, vocab)
                add_version(
                    s, reference, req, route, actor=actor, now=at, reason="corrected", based_on=1
                )
            stored.append(Stored(reference, req, route))
    return stored


# --- the same counts, worked out independently in plain Python -------------------------


def _local_month(at: datetime) -> tuple[int, int]:
    local = at.astimezone(LONDON)
    return local.year, local.month


def in_month(items: list[Stored], month: Month, hub: str | None) -> list[Stored]:
    """Requests whose London-time received month is ``month``."""
    return [
        x
        for x in items
        if x.req.received_at is not None
        and _local_month(x.req.received_at) == (month.year, month.month)
        and (hub is None or x.route.hub == hub)
    ]


def child_age(child: Child, received: datetime) -> int | None:
    if child.unborn:
        return 0
    if child.date_of_birth is not None:
        return age_on(child.date_of_birth, received.astimezone(LONDON).date())
    return child.age_years


def age_band(age: int | None, vocab: Vocabularies) -> str | None:
    if age is None or age < 0:
        return None
    return vocab.age_band(age).code


def _same_child(a: Child, b: Child) -> bool:
    keys = [(name_key(c.last_name), name_key(c.first_name), c.date_of_birth) for c in (a, b)]
    return None not in keys[0] and keys[0] == keys[1]


def _same_family(a: TriageRequest, b: TriageRequest) -> bool:
    surname = name_key(a.family.last_name), postcode_key(a.postcode)
    if None not in surname and surname == (name_key(b.family.last_name), postcode_key(b.postcode)):
        return True
    phone = phone_key(a.family.phone)
    return phone is not None and phone == phone_key(b.family.phone)


def is_rereferral(x: Stored, everyone: list[Stored], days: int = 365) -> bool:
    """``everyone`` in the order saved: of two received at the same moment, the one saved
    first is the earlier."""
    at = x.req.received_at
    assert at is not None
    for i, y in enumerate(everyone):
        earlier = y.req.received_at
        assert earlier is not None
        if y.reference == x.reference or not at - timedelta(days=days) <= earlier <= at:
            continue
        if earlier == at and i > everyone.index(x):
            continue
        if _same_family(x.req, y.req) or any(
            _same_child(a, b) for a in x.req.children for b in y.req.children
        ):
            return True
    return False


def tally(items: list[Stored], vocab: Vocabularies) -> dict[str, Counter[str | None]]:
    out: dict[str, Counter[str | None]] = {
        k: Counter()
        for k in (
            *("contact_method", "source", "primary_need", "need", "pathway", "hub"),
            *("age_band", "gender", "ethnicity"),
        )
    }
    for x in items:
        out["contact_method"][x.req.contact_method] += 1
        out["source"][x.req.source] += 1
        out["primary_need"][x.req.primary_need] += 1
        out["pathway"][x.route.pathway] += 1
        out["hub"][x.route.hub] += 1
        for need in x.req.needs:
            out["need"][need] += 1
        assert x.req.received_at is not None
        for c in x.req.children:
            born = not c.unborn
            age = age_band(child_age(c, x.req.received_at), vocab) if born else "unborn"
            out["age_band"][age] += 1
            out["gender"][(c.gender or "not_recorded") if born else "unborn"] += 1
            out["ethnicity"][c.ethnicity or "not_recorded"] += 1
    return out
