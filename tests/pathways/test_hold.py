"""Early-help offers wait for the safeguarding hub on a route to social care or an emergency."""

from __future__ import annotations

from datetime import date

from tests.pathways.rulesets import RuleSetFolder
from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.pathways import RuleSet, route
from triage_app.pathways.hold import HOLD_ID

ON = date(2026, 12, 7)


def _request(**changes: object) -> TriageRequest:
    base: dict[str, object] = {
        "contact_method": "telephone",
        "source": "police",
        "needs": ("domestic_abuse",),
        "consent": "given",
        "children": (Child(age_years=4),),
    }
    return TriageRequest(**{**base, **changes})  # type: ignore[arg-type]


def test_high_risk_domestic_abuse_with_children_holds_the_home_visit_back(
    rules: RuleSet,
) -> None:
    got = route(_request(answers=Answers(False, False, True)), rules, on=ON)
    assert got.pathway == "social_care"
    assert got.actions[:2] == ("mash_referral", "marac_referral")
    assert "early_help_assessment" not in got.actions
    assert "family_support" not in got.actions
    held = [t for t in got.trace if t.rule == HOLD_ID]
    assert len(held) == 1
    assert "Family support from a Family Hub worker" in held[0].reason


def test_the_same_family_without_the_high_risk_answer_gets_early_help(rules: RuleSet) -> None:
    got = route(_request(answers=Answers(False, False, False)), rules, on=ON)
    assert got.pathway == "early_help"
    assert {"early_help_assessment", "family_support"} <= set(got.actions)
    assert all(t.rule != HOLD_ID for t in got.trace)


def test_under_13_sexual_activity_offers_no_c_card_or_youth_work(rules: RuleSet) -> None:
    req = _request(
        source="education",
        needs=("relationships_sexual_health",),
        concerns=("underage_sexual_activity",),
        children=(Child(age_years=12),),
    )
    got = route(req, rules, on=ON)
    assert got.pathway == "social_care"
    assert "mash_referral" in got.actions
    assert not {"c_card", "youth_work", "early_help_assessment"} & set(got.actions)


def test_a_rule_offering_a_held_step_on_a_social_care_route_is_refused_at_load(
    folder: RuleSetFolder,
) -> None:
    found = folder.problems(
        """
[[rule]]
id = "visit-now"
reason = "Harm, and a home visit."
when.significant_harm = true
pathway = "social_care"
actions = ["mash_referral", "family_support"]
respond_within = "the same working day"
advice = "We will visit."
"""
    )
    assert any(
        p.rule == "visit-now"
        and "'family_support', which waits for the safeguarding hub" in p.message
        for p in found
    ), found


def test_a_homeless_17_year_olds_sheet_offers_no_early_help_before_the_hub_decides(
    rules: RuleSet,
) -> None:
    """Social care must assess them: the key worker's offer (held) is not on the sheet."""
    req = _request(
        source="young_person",
        needs=("homelessness",),
        concerns=("homeless_16_17",),
        children=(Child(age_years=17),),
    )
    got = route(req, rules, on=ON)
    assert got.pathway == "social_care"
    assert "early_help_assessment" not in got.actions
    assert not [words for words in got.advice if "early help" in words.lower()], got.advice
    assert any("Children's Social Care and the council's housing service" in a for a in got.advice)
    assert any("contact the council's housing service today" in a for a in got.advice)


def test_advice_is_left_off_only_with_the_steps_it_offers(folder: RuleSetFolder) -> None:
    """Words a rule with a step still offered also gives stay; a rule without steps keeps its."""
    rules = folder.load(
        """
[[rule]]
id = "harm"
reason = "Harm."
when.significant_harm = true
pathway = "social_care"
actions = ["mash_referral"]
respond_within = "the same working day"
advice = "A social worker will be in touch today."

[[rule]]
id = "visit"
reason = "A home visit."
when.needs_any = ["money_debt"]
pathway = "early_help"
actions = ["family_support"]
respond_within = "5 working days"
advice = "A Family Hub worker can visit you at home."

[[rule]]
id = "visit-and-advice"
reason = "A home visit and advice."
when.needs_any = ["money_debt"]
when.consent_not = ["refused"]
pathway = "early_help"
actions = ["family_support", "refer_ciass"]
respond_within = "5 working days"
advice = "You can get free advice."

[[rule]]
id = "words-only"
reason = "Words only."
when.needs_any = ["money_debt"]
pathway = "advice"
actions = []
respond_within = "5 working days"
advice = "You can call us at any time."
"""
    )
    req = _request(needs=("money_debt",), answers=Answers(False, True, False))
    got = route(req, rules, on=ON)
    assert got.pathway == "social_care" and "family_support" not in got.actions
    assert "A Family Hub worker can visit you at home." not in got.advice
    assert "A social worker will be in touch today." in got.advice
    assert "You can get free advice." in got.advice  # its other step is still given
    assert "You can call us at any time." in got.advice
