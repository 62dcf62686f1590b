"""Questions to ask now: a household not yet asked about, a concern the words suggest."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.pathways.prompts import (
    ASK_CHILDREN,
    ASK_CHILDREN_ABUSE,
    ASK_HOMELESS,
    ASK_PREGNANCY,
    ASK_RISK,
    ASK_SEXUAL_ACTIVITY,
    ASK_UNBORN,
    CHECK_PRIVATE_FOSTERING,
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
    expected = Child(unborn=True)
    asked = _req(needs=("pregnancy_new_baby",), children=(Child(age_years=14), expected))
    assert questions_to_ask(asked, ON) == (ASK_PREGNANCY,)
    ticked = _req(
        needs=("pregnancy_new_baby",),
        children=(Child(age_years=14), expected),
        concerns=("underage_sexual_activity",),
    )
    assert questions_to_ask(ticked, ON) == ()
    adult = _req(needs=("pregnancy_new_baby",), children=(Child(age_years=2), expected))
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


def test_private_fostering_of_a_young_person_too_old_for_it_asks_to_check() -> None:
    """A 17-year-old with no disability is past private fostering's age; the route keeps the
    MASH referral the tick gives (a prompt never changes the route), staff check the tick."""
    fostered = ("private_fostering",)
    too_old = _req(concerns=fostered, children=(Child(age_years=17),))
    assert questions_to_ask(too_old, ON) == (CHECK_PRIVATE_FOSTERING,)
    for fine in (
        _req(concerns=fostered, children=(Child(age_years=15),)),
        _req(concerns=fostered, children=(Child(age_years=17, send=True),)),
        _req(concerns=fostered, children=(Child(age_years=17), Child(age_years=9))),
        _req(concerns=fostered, children=(Child(),)),
        _req(concerns=fostered, children_unknown=True),
        _req(children=(Child(age_years=17),)),
    ):
        assert CHECK_PRIVATE_FOSTERING not in questions_to_ask(fine, ON)


def test_domestic_abuse_of_any_risk_with_no_child_recorded_asks_about_children() -> None:
    abuse = _req(needs=("domestic_abuse",), answers=Answers(domestic_abuse_high_risk=False))
    assert questions_to_ask(abuse, ON) == (ASK_CHILDREN_ABUSE,)
    assert questions_to_ask(replace(abuse, answers=Answers()), ON) == (ASK_CHILDREN_ABUSE,)
    assert questions_to_ask(replace(abuse, children_unknown=True), ON) == ()
    unasked = replace(abuse, answers=Answers(), children_unknown=True)
    assert questions_to_ask(unasked, ON) == (ASK_RISK,)
    adult_child = replace(abuse, children=(Child(age_years=30),))
    assert questions_to_ask(adult_child, ON) == ()  # the household was asked about
    high_risk = replace(abuse, answers=Answers(domestic_abuse_high_risk=True))
    assert questions_to_ask(high_risk, ON) == (ASK_CHILDREN,)


def test_sexual_health_with_a_child_under_16_asks_about_sexual_activity() -> None:
    for age, asked in ((4, True), (9, True), (12, True), (15, True), (16, False), (30, False)):
        req = _req(needs=("relationships_sexual_health",), children=(Child(age_years=age),))
        assert (ASK_SEXUAL_ACTIVITY in questions_to_ask(req, ON)) is asked, age
    ticked = _req(
        needs=("relationships_sexual_health",),
        children=(Child(age_years=12),),
        concerns=("underage_sexual_activity",),
    )
    assert questions_to_ask(ticked, ON) == ()


def test_a_pregnancy_without_a_baby_expected_added_asks_for_one() -> None:
    """Drugs in pregnancy reach the safeguarding hub only when the baby is counted (2.1)."""
    pregnant = _req(needs=("pregnancy_new_baby", "substance_misuse"))
    assert ASK_UNBORN in questions_to_ask(pregnant, ON)
    added = replace(pregnant, children=(Child(unborn=True),))
    assert ASK_UNBORN not in questions_to_ask(added, ON)
