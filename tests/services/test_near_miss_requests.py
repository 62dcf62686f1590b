"""Earlier requests found despite a misspelt surname, as a practitioner would accept it.

"Penhaligon" on one request and "Penhalligon" on the next is one family when something else
agrees: the postcode, or a child's first name and date of birth. A near-miss name alone
never is: strangers' histories must not be put in front of a call handler. Every path that
counts earlier requests counts the same ones: the save (contract rule 13), the window's
panel, the stored re-referrals the figures read, and demo data made in memory.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tests.conftest import open_sqlite
from triage_app.demo.earlier import EarlierIndex
from triage_app.domain.actor import Actor
from triage_app.domain.keys import name_key, phone_key, postcode_key
from triage_app.domain.near_names import similar_surnames
from triage_app.domain.request import Answers, Child, Family, TriageRequest
from triage_app.pathways.floors import SAFEGUARDING_CONSULTATION
from triage_app.services.intake import take_request
from triage_app.services.rereferral import (
    ChildKey,
    FamilyKey,
    count_earlier,
    earlier_requests,
    window_start,
)
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.lookup_models import RereferralRow
from triage_app.store.models import Request, RequestVersion
from triage_app.store.same_family import SIMILAR_CHILD, SIMILAR_FAMILY

BORN = date(2017, 2, 3)


def request(
    surname: str | None,
    *,
    postcode: str | None = "CV6 1HD",
    phone: str | None = None,
    child: str | None = "Jade",
    born: date = BORN,
) -> TriageRequest:
    """A family asking for help with rent arrears; their child, if named, has their surname."""
    children = (Child(first_name=child, last_name=surname, date_of_birth=born),) if child else ()
    return TriageRequest(
        contact_method="telephone",
        source="self_referral",
        needs=("housing_rent",),
        consent="given",
        children=children,
        answers=Answers(False, False, False),
        postcode=postcode,
        # An email to reach them by, which no look-up matches on.
        family=Family(first_name="Sam", last_name=surname, phone=phone, email="sam@example.org"),
    )


def save(db, rules, vocab, actor, received, req):
    with db.write() as s:
        return take_request(
            s,
            replace(req, received_at=received),
            vocab=vocab,
            rules=rules,
            actor=actor,
            now=received,
        )


def look(db, now, req: TriageRequest):
    children = [ChildKey(c.first_name, c.last_name, c.date_of_birth) for c in req.children]
    family = FamilyKey(req.family.last_name, req.postcode, req.family.phone)
    with db.read() as s:
        found = earlier_requests(s, children=children, family=family, since=window_start(now))
    return [(r.reference, r.matched_on) for r in found]


@pytest.mark.parametrize(
    ("before", "now_typed"),
    [("Penhaligon", "Penhalligon"), ("Okafor", "Okafur"), ("Mohammed", "Muhammad")],
)
def test_a_misspelt_family_at_the_same_postcode_is_found_and_says_how(
    db, rules, vocab, actor, now, before, now_typed
):
    earlier = save(db, rules, vocab, actor, now - timedelta(days=40), request(before, child=None))
    found = look(db, now, request(now_typed, child=None))
    assert found == [(earlier.reference, (SIMILAR_FAMILY,))]
    assert SIMILAR_FAMILY == "similar surname + same postcode"


def test_a_misspelt_child_who_moved_is_found_by_first_name_and_date_of_birth(
    db, rules, vocab, actor, now
):
    earlier = save(db, rules, vocab, actor, now - timedelta(days=90), request("Penhaligon"))
    moved = request("Penhalligon", postcode="CV2 1EQ")
    assert look(db, now, moved) == [(earlier.reference, (SIMILAR_CHILD,))]
    # Spelt right, the child is the same child, said as before.
    assert look(db, now, request("Penhaligon", postcode="CV2 1EQ")) == [
        (earlier.reference, ("child",))
    ]


@pytest.mark.parametrize(
    "stranger",
    [
        # A near-miss name alone: another postcode, no phone, a child who is someone else.
        request("Penhalligon", postcode="CV2 1EQ", child="Jade", born=date(2016, 2, 3)),
        request("Penhalligon", postcode="CV2 1EQ", child="Mia"),
        request("Penhalligon", postcode="CV2 1EQ", child=None),
        # The same postcode, a name that only looks alike.
        request("Pendleton", child=None),
        request("Penhaligon-Okafor", child=None),
    ],
)
def test_strangers_with_similar_names_are_not_matched(db, rules, vocab, actor, now, stranger):
    save(db, rules, vocab, actor, now - timedelta(days=20), request("Penhaligon"))
    assert look(db, now, stranger) == []


@pytest.mark.parametrize(
    ("names", "postcodes"),
    [
        (("Penhaligon", "Penhalligon", "Penhaligon"), ("CV6 1HD",) * 3),
        (("Okafor", "Okafur", "Okafor"), ("CV6 1HD", "CV2 1EQ", "CV3 4AB")),  # moving house
    ],
)
def test_the_third_request_of_a_misspelt_family_gets_a_safeguarding_consultation(
    db, rules, vocab, actor, now, names, postcodes
):
    """Rule 13: two earlier requests in the year, with a child in range, are concerns that add
    up; one of them misspelt must not hide it."""
    saved = [
        save(db, rules, vocab, actor, now - timedelta(days=days), request(name, postcode=pc))
        for days, name, pc in zip((200, 100, 0), names, postcodes, strict=True)
    ]
    assert SAFEGUARDING_CONSULTATION not in saved[1].route.actions
    assert SAFEGUARDING_CONSULTATION in saved[2].route.actions
    assert any("(2 earlier)" in t.reason for t in saved[2].route.trace)
    with db.read() as s:
        stored = dict(
            s.execute(
                select(Request.reference, RequestVersion.earlier_requests).join(
                    RequestVersion, RequestVersion.request_id == Request.id
                )
            ).all()
        )
        flagged = set(
            s.scalars(
                select(Request.reference)
                .join(RequestVersion, RequestVersion.request_id == Request.id)
                .join(RereferralRow, RereferralRow.version_id == RequestVersion.id)
            )
        )
    assert [stored[x.reference] for x in saved] == [0, 1, 2]
    assert flagged == {saved[1].reference, saved[2].reference}  # what the figures count


# -- every path counts the same requests, on generated families --------------------------

#: Surnames of one family written several ways, beside strangers' that look alike.
_SURNAMES = ["Penhaligon", "Penhalligon", "Penhaligan", "Pendleton", "Okafor", "Okafur", "Okoro"]
_WHEN = st.integers(0, 600).map(
    lambda day: datetime(2025, 1, 1, 9, tzinfo=UTC) + timedelta(days=day, minutes=day)
)
_generated = st.builds(
    lambda surname, postcode, phone, child, born: request(
        surname, postcode=postcode, phone=phone, child=child, born=born
    ),
    st.sampled_from(_SURNAMES),
    st.sampled_from(["CV6 1HD", "CV2 1EQ", None]),
    st.sampled_from(["07700 900111", "07700 900222", None, None, None]),
    st.sampled_from(["Jade", "Mia", None]),
    st.sampled_from([BORN, date(2016, 2, 3)]),
)
_history = st.lists(st.tuples(_WHEN, _generated), min_size=2, max_size=12, unique_by=lambda x: x[0])


def _same(a: TriageRequest, b: TriageRequest) -> bool:
    """The definition, worked out here from the requests as typed."""
    phones = phone_key(a.family.phone), phone_key(b.family.phone)
    if phones[0] and phones[0] == phones[1]:
        return True
    postcodes = postcode_key(a.postcode), postcode_key(b.postcode)
    surnames = name_key(a.family.last_name), name_key(b.family.last_name)
    if postcodes[0] and postcodes[0] == postcodes[1] and similar_surnames(*surnames):
        return True
    return any(
        name_key(c.first_name) == name_key(d.first_name)
        and c.first_name
        and c.date_of_birth == d.date_of_birth
        and similar_surnames(name_key(c.last_name), name_key(d.last_name))
        for c in a.children
        for d in b.children
    )


def _expected(history: list[tuple[datetime, TriageRequest]]) -> list[int]:
    return [
        sum(
            1
            for at, other in history
            if at < when and when - at <= timedelta(days=365) and _same(req, other)
        )
        for when, req in history
    ]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("near-miss") / "template.sqlite"
    open_sqlite(path).close()
    return path


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(history=_history)
def test_every_path_counts_the_same_earlier_requests(template, rules, vocab, history) -> None:
    history = sorted(history, key=lambda x: x[0])
    expected = _expected(history)
    path = template.with_name("history.sqlite")
    shutil.copyfile(template, path)
    db = Database(make_engine(database_url(path)))
    actor = Actor("test.handler", role="call_handler", desk="freephone-1")
    try:
        saved = [save(db, rules, vocab, actor, at, req) for at, req in history]
        demo = EarlierIndex()
        in_memory = [demo.count_and_add(replace(req, received_at=at), at) for at, req in history]
        with db.read() as s:
            stored = [
                s.scalar(
                    select(RequestVersion.earlier_requests)
                    .join(Request, Request.id == RequestVersion.request_id)
                    .where(Request.reference == x.reference)
                )
                for x in saved
            ]
            again = [
                count_earlier(s, replace(req, received_at=at), at, exclude_reference=x.reference)
                for (at, req), x in zip(history, saved, strict=True)
            ]
            flagged = set(
                s.scalars(
                    select(Request.reference)
                    .join(RequestVersion, RequestVersion.request_id == Request.id)
                    .join(RereferralRow, RereferralRow.version_id == RequestVersion.id)
                )
            )
        assert stored == expected  # the save, as it routed
        assert again == expected  # the window's panel and count, after the fact
        assert in_memory == expected  # demo data
        assert flagged == {x.reference for x, n in zip(saved, expected, strict=True) if n}
    finally:
        db.close()
        path.unlink()
