"""The safety contract holds for every request, whatever rule set is loaded.

Requests are generated from the vocabularies; the rule sets are the shipped one, hand-written
adversaries that try to send everything one way, and generated rule sets that pass loading.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from tests.pathways.conftest import ON
from tests.pathways.contract import (
    MARAC_REFERRAL,
    SOCIAL_CARE_CONCERNS,
    assert_contract,
    assert_routable,
)
from tests.pathways.rulesets import RuleSetFolder
from tests.pathways.strategies import PROFILE, partial_requests_st, requests_st
from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.domain.vocabulary import Vocabularies, load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import RulesError, RuleSet, default_rules_dir, load_rules, route
from triage_app.pathways import safety as s
from triage_app.pathways.partial import routing_problems

VOCAB = load_vocabularies(resources_dir())
SHIPPED = load_rules(default_rules_dir(), VOCAB)

#: Rule sets that try to route every request one way, with no safeguarding rules at all.
ADVERSARIES = {
    "everything-to-advice": """
[[rule]]
id = "all-advice"
reason = "Everything is advice."
pathway = "advice"
advice = "Here is some advice."
""",
    "everything-to-early-help": """
[[rule]]
id = "all-early-help"
reason = "Everything is early help."
pathway = "early_help"
actions = ["early_help_assessment", "family_support", "youth_work"]
advice = "A key worker will call."
""",
    "everything-to-emergency-without-999": """
[[rule]]
id = "all-emergency"
reason = "Everything is an emergency."
pathway = "emergency"
advice = "Stay where you are."
""",
    "early-help-for-consent-not-asked": """
[[rule]]
id = "early-help-when-not-asked"
reason = "Early help when nobody asked."
when.consent = ["not_asked"]
pathway = "early_help"
actions = ["early_help_assessment"]
advice = "A key worker will call."
""",
    "only-a-fallback": "",
    "everything-to-social-care-with-nothing-to-do": """
[[rule]]
id = "all-social-care"
reason = "Everything goes to Children's Social Care."
pathway = "social_care"
advice = "Children's Social Care will be in touch."
""",
    "the-mash-for-everyone-slowly": """
[[rule]]
id = "all-mash"
reason = "Everything is shared with the safeguarding hub, in good time."
pathway = "signpost"
actions = ["mash_referral"]
respond_within = "10 working days"
advice = "We will share this with the safeguarding hub."
""",
    "advice-in-ten-days": """
[[rule]]
id = "all-advice-slowly"
reason = "Everything is advice, in ten working days."
pathway = "advice"
respond_within = "10 working days"
advice = "Here is some advice."
""",
}


@pytest.fixture(scope="module")
def adversaries(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, RuleSet]]:
    loaded = {}
    for name, text in ADVERSARIES.items():
        folder = RuleSetFolder(tmp_path_factory.mktemp(name), resources_dir(), VOCAB)
        loaded[name] = folder.load(text)
    yield loaded


@PROFILE
@given(req=requests_st(VOCAB, SHIPPED, on=ON))
def test_shipped_rules_keep_the_contract(req: TriageRequest) -> None:
    assert_contract(req, route(req, SHIPPED, on=ON), SHIPPED, ON)


def _route_partial(req: TriageRequest, rules: RuleSet) -> None:
    """Rule 10, then the whole contract for a partial request that is routed."""
    problems = routing_problems(req, VOCAB, ON)
    assert_routable(req, problems, ON)
    if not problems:
        assert_contract(req, route(req, rules, on=ON), rules, ON)


@PROFILE
@given(req=partial_requests_st(VOCAB, SHIPPED, on=ON))
def test_shipped_rules_route_partial_requests_as_rule_10_says(req: TriageRequest) -> None:
    _route_partial(req, SHIPPED)


@pytest.mark.parametrize("name", sorted(ADVERSARIES))
def test_adversarial_rules_cannot_lower_the_floor(
    name: str, adversaries: dict[str, RuleSet]
) -> None:
    rules = adversaries[name]

    @PROFILE
    @given(req=requests_st(VOCAB, rules, on=ON))
    def check(req: TriageRequest) -> None:
        assert_contract(req, route(req, rules, on=ON), rules, ON)

    @PROFILE
    @given(req=partial_requests_st(VOCAB, rules, on=ON))
    def check_partial(req: TriageRequest) -> None:
        _route_partial(req, rules)

    check()
    check_partial()


def _pathway_allowed(when: dict[str, object], pathway: str, rules: RuleSet) -> bool:
    """Whether loading would accept the pathway with these conditions (DOMAIN.md's floors).

    Written from the contract, not from the loader: a rule whose pathway plainly contradicts
    a floor for every request it matches is one the loader is expected to refuse.
    """
    rank = rules.rank
    level = rank[pathway]
    consents = set(when.get("consent", VOCAB.consent.codes))  # type: ignore[call-overload]
    refusing = s.REFUSED in consents
    capped = consents == {s.REFUSED} or when.get("child_in_range") is False
    needs = set(when.get("needs_any", ()))  # type: ignore[call-overload]
    in_scope = needs and needs <= s.SAFEGUARDING_NEEDS and when.get("child_in_range") is True
    concerns = set(when.get("concerns_any", ()))  # type: ignore[call-overload]
    concern_floor = s.SOCIAL_CARE if concerns <= SOCIAL_CARE_CONCERNS else s.EARLY_HELP
    dahr = when.get("domestic_abuse_high_risk") is True
    contradicts = [
        capped and level < rank[s.SIGNPOST],  # 6, 7
        in_scope and not refusing and level > rank[s.EARLY_HELP],  # 4, 5
        bool(concerns) and level > rank[s.SIGNPOST if refusing else concern_floor],  # 9
        dahr and when.get("child_in_range") is False and pathway != s.SIGNPOST,  # 12
        dahr and level > rank[s.SOCIAL_CARE],  # 3
    ]
    return not any(contradicts)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    return f'"{value}"'


#: Response times a generated rule may give; rule 14 decides which ones load.
RESPOND = (None, "immediately", "the same working day", "the next working day", "5 working days")


def _respond_allowed(pathway: str, actions: list[str], respond: str | None) -> bool:
    """Rule 14, as the loader is expected to check it of one rule."""
    if respond is None:
        return True
    if pathway == s.EMERGENCY:
        return respond == "immediately"
    urgent = pathway == s.SOCIAL_CARE or {s.SAFEGUARDING_CONSULTATION, MARAC_REFERRAL} & set(
        actions
    )
    return not urgent or respond in ("immediately", "the same working day")


@st.composite
def generated_rule(draw: st.DrawFn, number: int) -> str:
    vocab = VOCAB
    when: dict[str, object] = {}
    if draw(st.booleans()):
        when["needs_any"] = draw(
            st.lists(st.sampled_from(vocab.need.codes), min_size=1, max_size=4, unique=True)
        )
    if draw(st.integers(0, 3)) == 0:
        when["concerns_any"] = draw(
            st.lists(st.sampled_from(vocab.concern.codes), min_size=1, max_size=3, unique=True)
        )
    if draw(st.booleans()):
        when["consent"] = draw(
            st.lists(st.sampled_from(vocab.consent.codes), min_size=1, unique=True)
        )
    for flag in (
        "child_in_range",
        "send",
        "immediate_danger",
        "significant_harm",
        "domestic_abuse_high_risk",
    ):
        value = draw(
            st.sampled_from(
                [None, None, False, True]
                if flag in ("child_in_range", "send", "domestic_abuse_high_risk")
                else [None, False]
            )
        )
        if value is not None:
            when[flag] = value
    allowed = [p for p in SHIPPED.pathways if _pathway_allowed(when, p, SHIPPED)]
    if not allowed:
        reject()
    pathway = draw(st.sampled_from(allowed))
    fitting = [
        code
        for code, action in sorted(SHIPPED.actions.items())
        if action.min_pathway is None or SHIPPED.rank[pathway] <= SHIPPED.rank[action.min_pathway]
    ]
    if when.get("domestic_abuse_high_risk") is True and when.get("child_in_range") is False:
        fitting.remove(s.MASH_REFERRAL)
    actions = draw(st.lists(st.sampled_from(fitting), max_size=3, unique=True))
    respond = draw(st.sampled_from(RESPOND))
    if not _respond_allowed(pathway, actions, respond):
        respond = None
    lines = [
        "[[rule]]",
        f'id = "generated-{number}"',
        'reason = "A generated rule."',
        *(f"when.{k} = {_toml_value(v)}" for k, v in when.items()),
        f'pathway = "{pathway}"',
        f"actions = {_toml_value(actions)}",
        'advice = "Generated advice."',
        *([f'respond_within = "{respond}"'] if respond else []),
    ]
    if "domestic_abuse" in when.get("needs_any", ()) or "domestic_abuse_high_risk" in when:  # type: ignore[operator]
        lines.append("discreet = true")
    return "\n".join(lines) + "\n"


@st.composite
def generated_rule_set(draw: st.DrawFn) -> str:
    count = draw(st.integers(1, 5))
    return "\n".join(draw(generated_rule(i)) for i in range(count))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> RuleSetFolder:
    return RuleSetFolder(tmp_path_factory.mktemp("generated"), resources_dir(), VOCAB)


def test_generated_rule_sets_keep_the_contract(scratch: RuleSetFolder) -> None:
    @settings(
        PROFILE,
        max_examples=max(PROFILE.max_examples // 3, 20),
        suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
    )
    @given(
        text=generated_rule_set(),
        reqs=st.lists(
            st.one_of(
                requests_st(VOCAB, SHIPPED, on=ON), partial_requests_st(VOCAB, SHIPPED, on=ON)
            ),
            min_size=5,
            max_size=10,
        ),
    )
    def check(text: str, reqs: list[TriageRequest]) -> None:
        try:
            rules = scratch.load(text)
        except RulesError:
            reject()
        for req in reqs:
            _route_partial(req, rules)

    check()


def test_the_floor_says_why_it_changed_a_route(
    adversaries: dict[str, RuleSet], vocab: Vocabularies
) -> None:
    rules = adversaries["everything-to-advice"]
    need = next(iter(s.RULE4_NEEDS))
    req = TriageRequest(
        contact_method=vocab.contact_method.codes[0],
        source=vocab.source.codes[0],
        needs=(s.MISSING_CHILD, need),
        consent=vocab.consent.codes[0],
        children=(),
    )

    danger = route(
        TriageRequest(**{**req.__dict__, "answers": Answers(immediate_danger=True)}), rules, on=ON
    )
    assert danger.pathway == s.EMERGENCY
    assert danger.actions[0] == s.CALL_999
    assert [t.rule for t in danger.trace] == ["all-advice", "safety-1"]
    assert "immediate danger" in danger.trace[-1].reason
    assert danger.respond_within == "immediately"

    missing = route(
        TriageRequest(**{**req.__dict__, "children": (Child(age_years=13),)}), rules, on=ON
    )
    assert missing.pathway == s.EARLY_HELP
    assert s.RETURN_HOME_INTERVIEW in missing.actions
    assert "return home interview" in missing.trace[-1].reason


def test_consent_refused_leaves_out_early_help_actions_and_says_so(
    adversaries: dict[str, RuleSet], vocab: Vocabularies
) -> None:

    rules = adversaries["everything-to-early-help"]
    req = TriageRequest(
        contact_method=vocab.contact_method.codes[0],
        source=vocab.source.codes[0],
        needs=(s.DOMESTIC_ABUSE,),
        consent=s.REFUSED,
        children=(Child(age_years=6),),
    )
    got = route(req, rules, on=ON)
    assert got.pathway == s.SIGNPOST
    assert got.actions == (s.SAFEGUARDING_CONSULTATION,)
    reasons = " ".join(t.reason for t in got.trace)
    assert "refused consent" in reasons
    assert rules.actions["early_help_assessment"].label in reasons
