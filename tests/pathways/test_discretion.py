"""Discreet routes: marked in the rules, required for domestic abuse, decided from the trace."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.pathways.conftest import ON
from tests.pathways.rulesets import RuleSetFolder
from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.domain.route import Route, TraceEntry
from triage_app.pathways import RuleProblem, RuleSet, route
from triage_app.pathways.discretion import route_is_discreet

ADVICE = 'advice = "Some advice."\n'


def rule(rule_id: str, *lines: str) -> str:
    body = "\n".join(lines)
    return f'\n[[rule]]\nid = "{rule_id}"\nreason = "Why."\n{body}\n{ADVICE}'


def only(problems: tuple[RuleProblem, ...]) -> RuleProblem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def request(need: str, **changes: object) -> TriageRequest:
    base = TriageRequest(
        contact_method="telephone",
        source="self_referral",
        needs=(need,),
        consent="given",
        children=(Child(age_years=8),),
        answers=Answers(False, False, False),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def stored(pathway: str, *rule_ids: str) -> Route:
    trace = tuple(TraceEntry(r, "Why.") for r in rule_ids)
    return Route(pathway, (), "harmony", "older-1.0", None, trace)


# --- The rule file ----------------------------------------------------------------------


def test_a_rule_may_be_marked_discreet(folder: RuleSetFolder) -> None:
    rules = folder.load(
        rule("quiet", 'when.needs_any = ["crime_asb"]', 'pathway = "signpost"', "discreet = true")
    )
    assert rules.rule("quiet").discreet is True
    assert rules.rule("fallback").discreet is False


def test_discreet_must_be_true_or_false(folder: RuleSetFolder) -> None:
    p = only(folder.problems(rule("r", 'pathway = "advice"', 'discreet = "yes"')))
    assert (p.rule, p.message) == ("r", "discreet must be true or false")
    assert p.line == folder.line_of(folder.rules_file, 'discreet = "yes"')


@pytest.mark.parametrize(
    ("lines", "names"),
    [
        (['when.needs_any = ["money_debt", "domestic_abuse"]', 'pathway = "signpost"'], "need"),
        (["when.domestic_abuse_high_risk = true", 'pathway = "social_care"'], "answer"),
    ],
)
def test_a_rule_about_domestic_abuse_must_be_discreet(
    folder: RuleSetFolder, lines: list[str], names: str
) -> None:
    p = only(folder.problems(rule("da", *lines)))
    assert p.rule == "da"
    assert p.line == folder.line_of(folder.rules_file, 'id = "da"')
    assert "must be marked discreet = true" in p.message
    said = "the need 'domestic_abuse'" if names == "need" else "domestic_abuse_high_risk = true"
    assert said in p.message


def test_saying_discreet_false_is_reported_on_that_line(folder: RuleSetFolder) -> None:
    text = rule(
        "da", 'when.needs_any = ["domestic_abuse"]', 'pathway = "signpost"', "discreet = false"
    )
    p = only(folder.problems(text))
    assert p.line == folder.line_of(folder.rules_file, "discreet = false")


def test_a_rule_may_not_take_the_safety_floors_ids(folder: RuleSetFolder) -> None:
    p = only(folder.problems(rule("safety-5", 'pathway = "advice"')))
    assert p.message == "rule id 'safety-5' is the safety floor's own: choose another"


# --- The shipped rules ------------------------------------------------------------------


def test_the_shipped_rules_about_sensitive_subjects_are_discreet(rules: RuleSet) -> None:
    discreet = {r.id for r in rules.rules if r.discreet}
    assert discreet == {
        "domestic-abuse-high-risk",
        "domestic-abuse-high-risk-adult",
        "domestic-abuse-consultation-refused",
        "domestic-abuse-support",
        "domestic-abuse-family",
        "child-exploitation",
        "child-exploitation-youth-work",
        "gang-radicalisation",
        "gang-radicalisation-youth-work",
        "concern-physical-abuse",
        "concern-sexual-abuse",
        "concern-sexual-exploitation",
        "concern-fgm-honour",
        "concern-emotional-abuse",
        "concern-emotional-abuse-family-support",
        "concern-underage-sexual-activity",
        "concern-underage-pregnancy-13",
        "concern-underage-sexual-activity-youth-work",
    }


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"consent": "refused"},
        {"children": ()},
        {"children": (Child(unborn=True),)},
        {"answers": Answers(True, False, False)},
        {"answers": Answers(False, True, True)},
    ],
    ids=["child", "refused", "no-child", "unborn", "danger", "high-risk"],
)
def test_every_domestic_abuse_route_is_discreet(rules: RuleSet, changes: dict[str, object]) -> None:
    assert route_is_discreet(route(request("domestic_abuse", **changes), rules, on=ON), rules)


def test_the_high_risk_answer_alone_makes_it_discreet(rules: RuleSet) -> None:
    req = request("other", answers=Answers(False, False, True))
    assert route_is_discreet(route(req, rules, on=ON), rules)


@pytest.mark.parametrize("need", ["money_debt", "missing_child", "child_health", "crime_asb"])
def test_other_needs_are_not_discreet(rules: RuleSet, need: str) -> None:
    assert not route_is_discreet(route(request(need), rules, on=ON), rules)
    refused = request(need, consent="refused")
    assert not route_is_discreet(route(refused, rules, on=ON), rules)


# --- Deciding from a stored trace -------------------------------------------------------


def test_a_discreet_rule_in_the_trace(rules: RuleSet) -> None:
    assert route_is_discreet(stored("signpost", "money-debt", "domestic-abuse-support"), rules)
    assert not route_is_discreet(stored("signpost", "money-debt"), rules)


def test_the_floors_domestic_abuse_entry_is_discreet_whatever_the_rules(rules: RuleSet) -> None:
    assert route_is_discreet(stored("early_help", "general-advice", "safety-5"), rules)
    assert not route_is_discreet(stored("early_help", "general-advice", "safety-4"), rules)
    assert not route_is_discreet(stored("advice", "no-rule"), rules)


@pytest.mark.parametrize(
    ("pathway", "discreet"),
    [("emergency", True), ("social_care", True), ("early_help", False), ("signpost", False)],
)
def test_a_rule_since_removed_is_discreet_on_the_most_urgent_routes(
    rules: RuleSet, pathway: str, discreet: bool
) -> None:
    assert route_is_discreet(stored(pathway, "a-rule-since-removed"), rules) is discreet
    assert not route_is_discreet(stored(pathway, "significant-harm"), rules)


def test_a_pathway_the_rules_do_not_know_is_discreet(rules: RuleSet) -> None:
    assert route_is_discreet(stored("a-retired-pathway", "money-debt"), rules)


def test_the_route_commands_output_is_unchanged(rules: RuleSet) -> None:
    got = route(request("domestic_abuse"), rules, on=ON).to_json()
    assert set(got) == {"pathway", "actions", "hub", "rules_version", "respond_within", "trace"}
