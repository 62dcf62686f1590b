"""The monthly figures equal the same counts worked out independently from the data set."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.figures.figures_data import (
    Stored,
    build,
    child_age,
    in_month,
    is_rereferral,
    tally,
)
from triage_app.domain.actor import Actor
from triage_app.domain.request import Child, Family, TriageRequest
from triage_app.domain.route import Route
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import InvalidInput
from triage_app.figures import Month, monthly_figures
from triage_app.store.database import Database
from triage_app.store.requests import insert_request

MONTHS = [Month(2026, 3), Month(2026, 4), Month(2025, 11)]


def _check(db: Database, stored: list[Stored], vocab: Vocabularies, *, month, hub, now) -> None:
    with db.read() as s:
        figures = monthly_figures(s, month, hub, vocab, now)
    chosen = in_month(stored, month, hub)
    expected = tally(chosen, vocab)
    assert figures.requests == len(chosen)
    for key, counts in expected.items():
        got = figures.breakdown(key)
        assert {c.code: c.count for c in got.counts if c.count} == dict(+counts), key
    assert figures.children == sum(len(x.req.children) for x in chosen)
    ages = [child_age(c, x.req.received_at) for x in chosen for c in x.req.children if not c.unborn]  # type: ignore[arg-type]
    assert figures.children_aged_16_and_over == sum(1 for a in ages if a is not None and a >= 16)
    assert figures.children_aged_19_and_over == sum(1 for a in ages if a is not None and a >= 19)
    assert figures.rereferrals == sum(1 for x in chosen if is_rereferral(x, stored))
    for point in figures.trend:
        assert point.requests == len(in_month(stored, point.month, hub)), point.month
        assert sum(c.count for c in point.by_pathway) == point.requests


def test_figures_match_an_independent_count(any_db: Database, vocab, actor: Actor, now) -> None:
    stored = build(any_db, vocab, actor)
    for hub in (None, "mosaic", "harmony"):
        for month in MONTHS:
            _check(any_db, stored, vocab, month=month, hub=hub, now=now)


def test_the_data_set_exercises_what_it_should(db: Database, vocab, actor: Actor, now) -> None:
    stored = build(db, vocab, actor)
    with db.read() as s:
        figures = monthly_figures(s, Month(2026, 3), None, vocab, now)
    assert figures.requests > 20
    assert figures.rereferrals > 0
    assert figures.children_aged_16_and_over > figures.children_aged_19_and_over > 0
    assert figures.breakdown("age_band").count(None) > 0  # some ages were not given
    unborn = figures.breakdown("age_band").count("unborn")  # a row of their own (table 3.5)
    assert unborn > 0 and figures.breakdown("gender").count("unborn") == unborn
    assert len(figures.trend) == 12
    assert figures.trend[-1].month == Month(2026, 3)
    assert figures.trend[0].month == Month(2025, 4)
    # The 00:30 BST request on 1 April counts in April, not March.
    april = in_month(stored, Month(2026, 4), None)
    assert any(x.req.received_at == datetime(2026, 3, 31, 23, 30, tzinfo=UTC) for x in april)


def _save(db: Database, actor: Actor, at: datetime, **family: str) -> str:
    req = TriageRequest(
        contact_method="telephone",
        source="self_referral",
        needs=("money_debt",),
        consent="given",
        children=(Child(first_name="Ada", last_name="Testerson", date_of_birth=date(2015, 5, 5)),)
        if family.pop("child", "")
        else (),
        postcode=family.pop("postcode", None),
        family=Family(**family),
        received_at=at,
    )
    route = Route("advice", (), "harmony", "t", None, ())
    with db.write() as s:
        return insert_request(s, req, route, actor=actor, now=at)


def test_rereferral_window_is_365_days_inclusive(
    any_db: Database, vocab, actor: Actor, now
) -> None:
    at = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    _save(any_db, actor, at - timedelta(days=365), phone="07700 900111")
    _save(
        any_db, actor, at - timedelta(days=365, minutes=1), last_name="Sample", postcode="CV1 1AA"
    )
    _save(any_db, actor, at, phone="+44 7700 900111")  # same phone as a year ago to the minute
    _save(any_db, actor, at, last_name="sample", postcode="cv11aa")  # a year and a minute: new
    _save(any_db, actor, at - timedelta(days=30), child="y")
    _save(any_db, actor, at, child="y", last_name="Other")  # same child a month ago
    with any_db.read() as s:
        figures = monthly_figures(s, Month(2026, 3), None, vocab, now)
    assert figures.requests == 3
    assert figures.rereferrals == 2


def test_months_are_local_and_checked() -> None:
    assert Month.parse("2026-03").starts == datetime(2026, 3, 1, tzinfo=UTC)
    assert Month.parse("2026-04").starts == datetime(2026, 3, 31, 23, tzinfo=UTC)
    assert Month(2026, 1).plus(-1) == Month(2025, 12)
    for bad in ("2026-13", "March", "2026-3-1", ""):
        with pytest.raises(InvalidInput, match="month"):
            Month.parse(bad)
