"""The hit policy: which rules fire and how their effects combine into one route."""

from __future__ import annotations

from datetime import date

import pytest

from tests.pathways.rulesets import RuleSetFolder
from triage_app.domain.request import Child, TriageRequest
from triage_app.pathways import RuleSet, route

RULES = """
[[rule]]
id = "money"
reason = "Money worries."
when.needs_any = ["money_debt"]
pathway = "signpost"
actions = ["refer_ciass", "free_phone_it"]
respond_within = "10 working days"
advice = "Money advice."

[[rule]]
id = "behaviour"
reason = "Behaviour, child in range."
when.needs_any = ["child_behaviour"]
when.child_in_range = true
when.consent_not = ["refused"]
pathway = "early_help"
actions = ["family_support", "refer_ciass"]
respond_within = "3 working days"
advice = "Family support."

[[rule]]
id = "toddler"
reason = "A child under 5."
when.any_child_aged = [0, 4]
actions = ["refer_health_visiting"]
respond_within = "the next working day"
advice = "Health visitor."
"""


@pytest.fixture
def rules(folder: RuleSetFolder) -> RuleSet:
    return folder.load(RULES)


def request(*needs: str, ages: tuple[int, ...] = (), consent: str = "given") -> TriageRequest:
    return TriageRequest(
        contact_method="telephone",
        source="self_referral",
        needs=needs,
        consent=consent,
        children=tuple(Child(age_years=a) for a in ages),
    )


ON = date(2026, 3, 16)


def test_every_matching_rule_fires_and_the_most_urgent_pathway_wins(rules: RuleSet) -> None:
    got = route(request("money_debt", "child_behaviour", ages=(3,)), rules, on=ON)
    assert [t.rule for t in got.trace] == ["money", "behaviour", "toddler"]
    assert got.pathway == "early_help"


def test_actions_and_advice_are_collected_in_order_without_repeats(rules: RuleSet) -> None:
    got = route(request("money_debt", "child_behaviour", ages=(3,)), rules, on=ON)
    assert got.actions == (
        "refer_ciass",
        "free_phone_it",
        "family_support",
        "refer_health_visiting",
    )
    assert got.advice == ("Money advice.", "Family support.", "Health visitor.")


def test_the_soonest_response_wins(rules: RuleSet) -> None:
    assert route(request("money_debt", ages=(8,)), rules, on=ON).respond_within == "10 working days"
    got = route(request("money_debt", "child_behaviour", ages=(3,)), rules, on=ON)
    assert got.respond_within == "the next working day"


def test_the_fallback_fires_only_when_nothing_else_does(rules: RuleSet) -> None:
    got = route(request("housing_rent", ages=(8,)), rules, on=ON)
    assert [t.rule for t in got.trace] == ["fallback"]
    assert got.pathway == "advice"
    assert got.respond_within is None
    assert route(request("money_debt", ages=(8,)), rules, on=ON).trace[0].rule == "money"


def test_rules_that_set_no_pathway_leave_the_least_urgent(rules: RuleSet) -> None:
    got = route(request("housing_rent", ages=(2,)), rules, on=ON)
    assert [t.rule for t in got.trace] == ["toddler"]
    assert got.pathway == "advice"


def test_ages_are_worked_out_on_the_day_given(folder: RuleSetFolder, rules: RuleSet) -> None:
    born = date(2021, 6, 1)
    req = TriageRequest(
        contact_method="telephone",
        source="self_referral",
        needs=("housing_rent",),
        consent="given",
        children=(Child(date_of_birth=born),),
    )
    assert route(req, rules, on=date(2026, 5, 31)).trace[0].rule == "toddler"  # aged 4
    assert route(req, rules, on=date(2026, 6, 1)).trace[0].rule == "fallback"  # aged 5


def test_the_route_is_stamped_and_serialises_to_the_fixed_shape(rules: RuleSet) -> None:
    got = route(request("money_debt", ages=(8,)), rules, on=ON, desk_hub="aspire")
    assert got.to_json() == {
        "pathway": "signpost",
        "actions": ["refer_ciass", "free_phone_it"],
        "hub": "aspire",
        "rules_version": "test-1",
        "respond_within": "10 working days",
        "trace": [{"rule": "money", "reason": "Money worries."}],
    }
