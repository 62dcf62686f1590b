"""Re-referrals, case by case: each way a request can match an earlier one, or fail to.

Every case sends its month's requests to a hub of its own, so one hub's figures show exactly
which of its requests count; names, postcodes and phones differ between cases so that no
case matches another. The earlier requests are taken in other months (or other hubs), so
they count only as what a month's request is matched against.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from tests.store.rereferral_oracle import request_about as _request
from tests.store.rereferral_oracle import route_to as _route
from triage_app.domain.actor import Actor
from triage_app.domain.request import Child, TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.figures import Month, monthly_figures
from triage_app.retention.erasure import erase_request
from triage_app.store.database import Database
from triage_app.store.requests import add_version, insert_request

MARCH = Month(2026, 3)
AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
YEAR = timedelta(days=365)
MINUTE = timedelta(minutes=1)
ADMIN = Actor("test.admin", role="administrator", desk="office")


def _child(first: str, last: str, born: date = date(2016, 4, 1)) -> Child:
    return Child(first_name=first, last_name=last, date_of_birth=born)


def _save(db: Database, actor: Actor, hub: str, req: TriageRequest) -> str:
    assert req.received_at is not None
    with db.write() as s:
        return insert_request(s, req, _route(hub), actor=actor, now=req.received_at)


def _amend(db: Database, actor: Actor, reference: str, hub: str, req: TriageRequest) -> None:
    assert req.received_at is not None
    with db.write() as s:
        add_version(
            s, reference, req, _route(hub), actor=actor, now=req.received_at,
            reason="corrected", based_on=1,
        )  # fmt: skip


def _erase(db: Database, reference: str) -> None:
    with db.write() as s:
        erase_request(s, reference, reason="approved erasure", actor=ADMIN, now=AT + YEAR)


def _cases(db: Database, actor: Actor) -> dict[str, tuple[int, int]]:
    """Saves every case; returns each hub's expected (requests, re-referrals) in March."""
    # A child (first and last name, date of birth, as normalised): 365 days before counts,
    # a minute more does not; another date of birth is another child.
    _save(db, actor, "mosaic", _request(AT - YEAR, children=(_child("Ada", "Testerson"),)))
    _save(db, actor, "pathways", _request(AT, children=(_child(" ada ", "TESTERSON"),)))
    _save(db, actor, "mosaic", _request(AT - YEAR - MINUTE, children=(_child("Ben", "Testerson"),)))
    _save(db, actor, "pathways", _request(AT, children=(_child("Ben", "Testerson"),)))
    other_day = _child("Cai", "Testerson", date(2016, 4, 2))
    _save(db, actor, "mosaic", _request(AT - timedelta(days=30), children=(other_day,)))
    _save(db, actor, "pathways", _request(AT, children=(_child("Cai", "Testerson"),)))

    # The family: surname with postcode, both; either alone is not the same family.
    _save(db, actor, "pathways", _request(AT - YEAR, surname="Sample", postcode="CV1 1AA"))
    _save(db, actor, "mosaic", _request(AT, surname="sample", postcode="cv11aa"))
    _save(db, actor, "pathways", _request(AT - YEAR - MINUTE, surname="Dummy", postcode="CV2 2BB"))
    _save(db, actor, "mosaic", _request(AT, surname="Dummy", postcode="CV2 2BB"))
    _save(db, actor, "pathways", _request(AT - timedelta(days=31), surname="Fictional"))
    _save(db, actor, "mosaic", _request(AT, surname="Fictional", postcode="CV3 3CC"))
    _save(db, actor, "pathways", _request(AT - timedelta(days=31), postcode="CV4 4DD"))
    _save(db, actor, "mosaic", _request(AT, surname="Madeup", postcode="CV4 4DD"))

    # The phone, however written.
    _save(db, actor, "pathways", _request(AT - YEAR, phone="07700 900111"))
    _save(db, actor, "aspire", _request(AT, phone="+44 7700 900111"))
    _save(db, actor, "pathways", _request(AT - YEAR - MINUTE, phone="07700 900222"))
    _save(db, actor, "aspire", _request(AT, phone="07700900222"))

    # Judged on current versions: an earlier request amended away from the phone no longer
    # matches; one amended to it does, though its first version did not.
    away = _save(db, actor, "pathways", _request(AT - timedelta(days=40), phone="07700 900333"))
    _amend(db, actor, away, "pathways", _request(AT - timedelta(days=40), phone="07700 900399"))
    _save(db, actor, "woodside", _request(AT, phone="07700 900333"))
    onto = _save(db, actor, "pathways", _request(AT - timedelta(days=40), phone="07700 900488"))
    _amend(db, actor, onto, "pathways", _request(AT - timedelta(days=40), phone="07700 900444"))
    _save(db, actor, "woodside", _request(AT, phone="07700 900444"))

    # Erased requests match nothing, and are matched by nothing, but are still counted.
    everything = {
        "children": (_child("Dee", "Sample"),),
        "surname": "Quill",
        "postcode": "CV5 5EE",
        "phone": "07700 900555",
    }
    gone = _save(db, actor, "pathways", _request(AT - timedelta(days=30), **everything))  # type: ignore[arg-type]
    _erase(db, gone)
    _save(db, actor, "the_moat", _request(AT, **everything))  # type: ignore[arg-type]
    twice = {"children": (_child("Eli", "Sample"),), "phone": "07700 900666"}
    _save(db, actor, "pathways", _request(AT - timedelta(days=30), **twice))  # type: ignore[arg-type]
    _erase(db, _save(db, actor, "the_moat", _request(AT, **twice)))  # type: ignore[arg-type]

    # Within the month: an earlier request counts, and of two received at the same moment
    # the one saved first is the earlier (so the second counts); a later one does not.
    fay = (_child("Fay", "Dummy"),)
    _save(db, actor, "park_edge", _request(AT, children=fay))
    _save(db, actor, "park_edge", _request(AT, children=fay))
    _save(db, actor, "park_edge", _request(AT + timedelta(days=10), children=fay))

    # A request amended in the month is not a re-referral of itself; one naming two
    # children, the second named before, is.
    own = _save(db, actor, "families_for_all", _request(AT, children=(_child("Gus", "Dummy"),)))
    _amend(
        db, actor, own, "families_for_all",
        replace(_request(AT, children=(_child("Gus", "Dummy"),)), postcode="CV6 6FF"),
    )  # fmt: skip
    hal = (_child("Hal", "Sample"),)
    _save(db, actor, "pathways", _request(AT - timedelta(days=60), children=hal))
    _save(
        db, actor, "families_for_all",
        _request(AT, children=(_child("Ivy", "Sample"), _child("Hal", "Sample"))),
    )  # fmt: skip

    # The earlier request may be another hub's: the family asked again.
    _save(db, actor, "mosaic", _request(AT - timedelta(days=20), children=(_child("Jo", "Dummy"),)))
    _save(db, actor, "harmony", _request(AT, children=(_child("Jo", "Dummy"),)))

    return {
        "pathways": (3, 1),
        "mosaic": (4, 1),
        "aspire": (2, 1),
        "woodside": (2, 1),
        "the_moat": (2, 0),
        "park_edge": (3, 2),
        "families_for_all": (2, 1),
        "harmony": (1, 1),
    }


def test_each_way_of_matching_counts_exactly(
    any_db: Database, vocab: Vocabularies, actor: Actor, now: datetime
) -> None:
    expected = _cases(any_db, actor)
    with any_db.read() as s:
        everyone = monthly_figures(s, MARCH, None, vocab, now)
        by_hub = {hub: monthly_figures(s, MARCH, hub, vocab, now) for hub in expected}
    assert {hub: (f.requests, f.rereferrals) for hub, f in by_hub.items()} == expected
    assert everyone.requests == sum(n for n, _ in expected.values())
    assert everyone.rereferrals == sum(r for _, r in expected.values())


def test_an_erased_request_keeps_its_counts(
    any_db: Database, vocab: Vocabularies, actor: Actor, now: datetime
) -> None:
    born = date(2010, 3, 11)  # 15 on the day before the request, 16 the day after
    child = Child(first_name="Kit", last_name="Sample", date_of_birth=born, gender="female")
    _erase(any_db, _save(any_db, actor, "harmony", _request(AT, children=(child,))))
    with any_db.read() as s:
        figures = monthly_figures(s, MARCH, "harmony", vocab, now)
    assert (figures.requests, figures.children, figures.rereferrals) == (1, 1, 0)
    assert figures.breakdown("age_band").count("15_18") == 1
    assert figures.breakdown("gender").count("female") == 1
    assert figures.children_aged_16_and_over == 0
