"""The contract's second edition (DOMAIN.md rules 9-14), case by case, whatever the rules say.

Each test routes one situation with the shipped rules and with rule sets that try to send
everything one way (from test_contract.py), and checks the floor DOMAIN.md states for it.
The property tests cover the same ground at random; these name the edges.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from tests.pathways.conftest import ON
from tests.pathways.contract import (
    ALL_CONCERNS,
    EARLY_HELP_CONCERNS,
    MARAC_REFERRAL,
    SAME_DAY,
    SOCIAL_CARE_CONCERNS,
    assert_contract,
    mentions_repeat,
)
from tests.pathways.rulesets import RuleSetFolder
from tests.pathways.test_contract import ADVERSARIES, SHIPPED, VOCAB
from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.domain.route import Route
from triage_app.locations import resources_dir
from triage_app.pathways import RuleSet, route
from triage_app.pathways import safety as s

#: The rule sets every case is routed with: the shipped one and those with no floor of their own.
NAMES = (
    "shipped",
    "everything-to-advice",
    "everything-to-early-help",
    "the-mash-for-everyone-slowly",
)


@pytest.fixture(scope="module")
def rule_sets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, RuleSet]]:
    loaded = {"shipped": SHIPPED}
    for name in NAMES[1:]:
        folder = RuleSetFolder(tmp_path_factory.mktemp(name), resources_dir(), VOCAB)
        loaded[name] = folder.load(ADVERSARIES[name])
    yield loaded


def request(**fields: object) -> TriageRequest:
    base: dict[str, object] = {
        "contact_method": "telephone",
        "source": "education",
        "needs": ("other",),
        "consent": "given",
        "children": (Child(age_years=8),),
    }
    return TriageRequest(**{**base, **fields})  # type: ignore[arg-type]


def routes(req: TriageRequest, rule_sets: dict[str, RuleSet]) -> Iterator[tuple[str, Route]]:
    """The request routed by every rule set, each route also checked against the contract."""
    for name in NAMES:
        rules = rule_sets[name]
        got = route(req, rules, on=ON)
        assert_contract(req, got, rules, ON)
        yield name, got


def test_the_contract_names_every_concern_in_the_vocabulary() -> None:
    assert set(VOCAB.concern.codes) == ALL_CONCERNS


@pytest.mark.parametrize("consent", ["given", "not_asked", "refused"])
@pytest.mark.parametrize("concern", sorted(SOCIAL_CARE_CONCERNS))
def test_a_concern_at_social_care_overrides_consent(
    concern: str, consent: str, rule_sets: dict[str, RuleSet]
) -> None:
    req = request(concerns=(concern,), consent=consent, children=(Child(age_years=14),))
    for name, got in routes(req, rule_sets):
        assert SHIPPED.rank[got.pathway] <= SHIPPED.rank[s.SOCIAL_CARE], name
        assert s.MASH_REFERRAL in got.actions, name
        assert got.respond_within in ("immediately", SAME_DAY), name


@pytest.mark.parametrize("concern", sorted(EARLY_HELP_CONCERNS | {"underage_sexual_activity"}))
def test_a_concern_at_early_help_brings_a_consultation_and_yields_to_refusal(
    concern: str, rule_sets: dict[str, RuleSet]
) -> None:
    for consent in ("given", "not_asked"):
        req = request(concerns=(concern,), consent=consent, children=(Child(age_years=14),))
        for name, got in routes(req, rule_sets):
            assert SHIPPED.rank[got.pathway] <= SHIPPED.rank[s.EARLY_HELP], (name, consent)
            assert s.SAFEGUARDING_CONSULTATION in got.actions, (name, consent)
    refused = request(concerns=(concern,), consent="refused", children=(Child(age_years=14),))
    for name, got in routes(refused, rule_sets):
        assert got.pathway in (s.SIGNPOST, "advice"), name
        assert s.SAFEGUARDING_CONSULTATION in got.actions, name
        assert got.respond_within in ("immediately", SAME_DAY), name


def _born_turning(years: int, days_from_now: int) -> date:
    day = ON + timedelta(days=days_from_now)
    return day.replace(year=day.year - years)


@pytest.mark.parametrize(
    ("children", "floor"),
    [
        ((Child(age_years=12),), s.SOCIAL_CARE),
        ((Child(age_years=13),), s.EARLY_HELP),
        ((Child(age_years=15), Child(unborn=True)), s.EARLY_HELP),
        ((Child(age_years=12), Child(unborn=True)), s.SOCIAL_CARE),
        # which child is sexually active is often not said: any child under 13 named lifts it
        ((Child(age_years=15), Child(age_years=3)), s.SOCIAL_CARE),
        ((Child(date_of_birth=_born_turning(13, 1)),), s.SOCIAL_CARE),
        ((Child(date_of_birth=_born_turning(13, 0)),), s.EARLY_HELP),
        ((), s.EARLY_HELP),
    ],
)
def test_underage_sexual_activity_depends_on_any_child_under_13(
    children: tuple[Child, ...], floor: str, rule_sets: dict[str, RuleSet]
) -> None:
    req = request(concerns=("underage_sexual_activity",), children=children, consent="refused")
    want = s.MASH_REFERRAL if floor == s.SOCIAL_CARE else s.SAFEGUARDING_CONSULTATION
    for name, got in routes(req, rule_sets):
        if floor == s.SOCIAL_CARE:
            assert SHIPPED.rank[got.pathway] <= SHIPPED.rank[s.SOCIAL_CARE], name
        else:  # refused consent: rule 6 holds for a concern at early help
            assert got.pathway in (s.SIGNPOST, "advice"), name
        assert want in got.actions, name


def test_a_concern_counts_as_a_child_in_range(rule_sets: dict[str, RuleSet]) -> None:
    req = request(needs=("domestic_abuse",), children=(), concerns=("emotional_abuse",))
    for name, got in routes(req, rule_sets):
        assert SHIPPED.rank[got.pathway] <= SHIPPED.rank[s.EARLY_HELP], name


def test_a_police_notification_whose_children_are_not_named_is_not_adults_only(
    rule_sets: dict[str, RuleSet],
) -> None:
    unknown = request(source="police", needs=("domestic_abuse",), children=(), consent="not_asked")
    for name, got in routes(
        TriageRequest(**{**unknown.__dict__, "children_unknown": True}), rule_sets
    ):
        assert SHIPPED.rank[got.pathway] <= SHIPPED.rank[s.EARLY_HELP], name
    for name, got in routes(unknown, rule_sets):
        assert got.pathway in (s.SIGNPOST, "advice"), name


def test_an_adults_high_risk_domestic_abuse_goes_to_marac_not_the_mash(
    rule_sets: dict[str, RuleSet],
) -> None:
    answers = Answers(immediate_danger=False, significant_harm=False, domestic_abuse_high_risk=True)
    adult = request(needs=("domestic_abuse",), children=(Child(age_years=26),), answers=answers)
    for name, got in routes(adult, rule_sets):
        assert got.pathway == s.SIGNPOST, name
        assert MARAC_REFERRAL in got.actions, name
        assert s.MASH_REFERRAL not in got.actions, name
        assert got.respond_within in ("immediately", SAME_DAY), name


@pytest.mark.parametrize(
    "household",
    [
        {"children": (Child(age_years=6),)},
        {"children": (Child(unborn=True),)},
        {"children": (), "children_unknown": True},
        {"children": (Child(age_years=22, send=True),)},
    ],
    ids=["a six-year-old", "unborn", "children not yet named", "22 with SEND"],
)
def test_high_risk_domestic_abuse_with_a_child_goes_to_both(
    household: dict[str, object], rule_sets: dict[str, RuleSet]
) -> None:
    req = request(
        needs=("domestic_abuse",), answers=Answers(domestic_abuse_high_risk=True), **household
    )
    for name, got in routes(req, rule_sets):
        assert SHIPPED.rank[got.pathway] <= SHIPPED.rank[s.SOCIAL_CARE], name
        assert {s.MASH_REFERRAL, MARAC_REFERRAL} <= set(got.actions), name


@pytest.mark.parametrize(
    ("children", "in_range"),
    [
        ((Child(age_years=22), Child(age_years=26, send=True)), False),
        ((Child(age_years=23), Child(age_years=17, send=True)), True),
        ((Child(age_years=23, send=True), Child(age_years=25)), True),
    ],
    ids=["22 beside 26 with SEND", "23 beside 17 with SEND", "23 with SEND beside 25"],
)
def test_send_stretches_the_range_of_the_young_person_who_has_it_only(
    children: tuple[Child, ...], in_range: bool, rule_sets: dict[str, RuleSet]
) -> None:
    """Rule 7: a 22-year-old without SEND is an adult, whatever a sibling's SEND; a household
    with no one in range is never early help (domestic abuse, rule 5, needs a child in range)."""
    req = request(needs=("domestic_abuse",), children=children)
    for name, got in routes(req, rule_sets):
        if in_range:
            assert SHIPPED.rank[got.pathway] <= SHIPPED.rank[s.EARLY_HELP], name
        else:
            assert got.pathway in (s.SIGNPOST, "advice"), name


def test_a_child_named_without_an_age_yet_counts_as_in_range(
    rule_sets: dict[str, RuleSet],
) -> None:
    """Rule 11: a police call says "a child was there" before anyone knows how old.

    A partial request (rule 10) may name a child with no age; that child is one "whose age is
    not known", and high-risk domestic abuse in that household is a child's safeguarding
    (rule 3, both referrals), not an adult's (rule 12).
    """
    req = request(
        source="police",
        needs=(),
        consent=None,
        children=(Child(),),
        answers=Answers(domestic_abuse_high_risk=True),
    )
    for name, got in routes(req, rule_sets):
        assert s.MASH_REFERRAL in got.actions, name
        assert MARAC_REFERRAL in got.actions, name


@pytest.mark.parametrize("count", [2, 3, 7])
def test_a_third_request_in_a_year_brings_a_consultation_and_says_so(
    count: int, rule_sets: dict[str, RuleSet]
) -> None:
    req = request(needs=("money_debt",), earlier_requests=count)
    for name, got in routes(req, rule_sets):
        assert s.SAFEGUARDING_CONSULTATION in got.actions, name
        assert any(mentions_repeat(t.reason, count) for t in got.trace), name


@pytest.mark.parametrize(
    "extra",
    [
        {"concerns": ("neglect",)},
        {"needs": ("domestic_abuse",), "consent": "refused"},
        {"concerns": ("self_harm",), "consent": "refused"},
    ],
    ids=["with neglect", "DA, consent refused", "self-harm, consent refused"],
)
def test_the_trace_says_a_request_is_repeated_even_when_a_consultation_is_due_anyway(
    extra: dict[str, object], rule_sets: dict[str, RuleSet]
) -> None:
    """A team leader reading the route must see that concerns are adding up (rule 13)."""
    req = request(earlier_requests=2, **extra)
    for name, got in routes(req, rule_sets):
        assert any(mentions_repeat(t.reason, 2) for t in got.trace), name


def test_a_second_request_or_an_adults_third_is_not_a_repeat(
    rule_sets: dict[str, RuleSet],
) -> None:
    second = request(needs=("money_debt",), earlier_requests=1)
    adults = request(needs=("money_debt",), earlier_requests=3, children=(Child(age_years=40),))
    for req in (second, adults):
        for name, got in routes(req, rule_sets):
            assert s.SAFEGUARDING_CONSULTATION not in got.actions, name
            assert not any(mentions_repeat(t.reason, req.earlier_requests) for t in got.trace)


@pytest.mark.parametrize("adversary", ["everything-to-emergency-without-999", "advice-in-ten-days"])
def test_how_soon_is_lifted_whatever_the_rules_say(
    adversary: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = RuleSetFolder(tmp_path_factory.mktemp(adversary), resources_dir(), VOCAB)
    rules = folder.load(ADVERSARIES[adversary])
    cases = [
        request(needs=("money_debt",)),
        request(answers=Answers(significant_harm=True)),
        request(concerns=("neglect",)),
        request(children=(), answers=Answers(domestic_abuse_high_risk=True)),
        request(answers=Answers(immediate_danger=True)),
    ]
    for req in cases:
        got = route(req, rules, on=ON)
        assert_contract(req, got, rules, ON)
        if got.pathway == s.EMERGENCY:
            assert got.respond_within == "immediately", req
        elif got.pathway == s.SOCIAL_CARE or {s.SAFEGUARDING_CONSULTATION, MARAC_REFERRAL} & set(
            got.actions
        ):
            assert got.respond_within in ("immediately", SAME_DAY), req
