"""Questions to ask now: a household not yet asked about, a concern the words suggest."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.pathways.prompts import (
    ASK_CHILDREN,
    ASK_HOMELESS,
    ASK_PREGNANCY,
    ASK_RISK,
    questions_to_ask,
)

ON = date(2026, 12, 7)


def _req(**changes: object) -> TriageRequest:
    base: dict[str, object] = {
        "contact_method": "telephone",
        "source": "police",
        "needs": (),
        "consent": None,
    }
    return TriageRequest(**{**base, **changes})  # type: ignore[arg-type]


def test_high_risk_domestic_abuse_with_no_child_recorded_asks_about_children() -> None:
    high_risk = Answers(domestic_abuse_high_risk=True)
    assert questions_to_ask(_req(answers=high_risk), ON) == (ASK_CHILDREN,)
    assert questions_to_ask(_req(answers=high_risk, children_unknown=True), ON) == ()
    assert questions_to_ask(_req(answers=high_risk, children=(Child(age_years=3),)), ON) == ()


def test_a_pregnancy_with_a_child_under_16_asks_about_the_concern() -> None:
    asked = _req(needs=("pregnancy_new_baby",), children=(Child(age_years=14),))
    assert questions_to_ask(asked, ON) == (ASK_PREGNANCY,)
    ticked = _req(
        needs=("pregnancy_new_baby",),
        children=(Child(age_years=14),),
        concerns=("underage_sexual_activity",),
    )
    assert questions_to_ask(ticked, ON) == ()
    adult = _req(needs=("pregnancy_new_baby",), children=(Child(age_years=2),))
    assert questions_to_ask(_req(needs=("pregnancy_new_baby",)), ON) == ()
    assert questions_to_ask(adult, ON) == ()  # a pregnant mother of a toddler: nothing to ask


def test_homelessness_with_a_16_or_17_year_old_asks_about_the_concern() -> None:
    for age, asked in ((15, False), (16, True), (17, True), (18, False)):
        req = _req(needs=("homelessness",), children=(Child(age_years=age),))
        assert (ASK_HOMELESS in questions_to_ask(req, ON)) is asked, age
    ticked = _req(
        needs=("housing_rent",), children=(Child(age_years=16),), concerns=("homeless_16_17",)
    )
    assert questions_to_ask(ticked, ON) == ()


def test_domestic_abuse_with_a_child_asks_the_risk_question_until_answered_either_way() -> None:
    with_child = _req(needs=("domestic_abuse",), children=(Child(age_years=4),))
    assert ASK_RISK in questions_to_ask(with_child, ON)
    unknown = _req(needs=("domestic_abuse",), children_unknown=True)
    assert ASK_RISK in questions_to_ask(unknown, ON)
    for answer in (True, False):
        asked = replace(with_child, answers=Answers(domestic_abuse_high_risk=answer))
        assert ASK_RISK not in questions_to_ask(asked, ON)
    adult_only = _req(needs=("domestic_abuse",), children=(Child(age_years=30),))
    assert ASK_RISK not in questions_to_ask(adult_only, ON)
