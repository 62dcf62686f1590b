"""The routing safety contract (DOMAIN.md, both editions) written as a check of one route.

Worked out here from DOMAIN.md, independently of the engine: which child is in range, which
concern is at which floor, when a request may be routed partly known, and how soon. Only
codes are taken from the app (the safety module names them); no decision of the engine is
reused, so a floor the engine gets wrong shows up here as a failed invariant, named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from triage_app.domain.request import Child, TriageRequest
from triage_app.domain.route import Route
from triage_app.errors import Problem
from triage_app.pathways import RuleSet
from triage_app.pathways import safety as s

MARAC_REFERRAL = "marac_referral"
IMMEDIATELY = "immediately"
SAME_DAY = "the same working day"

#: The hubs' range (DOMAIN.md): 0-19, or up to 24 for a young person with SEND.
OLDEST, OLDEST_SEND = 19, 24

#: The concerns' table of the second edition, copied from DOMAIN.md: the floor of each.
SOCIAL_CARE_CONCERNS = frozenset(
    {
        "physical_abuse",
        "sexual_abuse",
        "sexual_exploitation",
        "fgm_or_honour_based_abuse",
        "private_fostering",
        "homeless_16_17",
    }
)
EARLY_HELP_CONCERNS = frozenset({"neglect", "emotional_abuse", "self_harm"})
UNDERAGE = "underage_sexual_activity"
#: Any child named in the request under this age lifts ``underage_sexual_activity``.
UNDERAGE_BELOW = 13
ALL_CONCERNS = SOCIAL_CARE_CONCERNS | EARLY_HELP_CONCERNS | {UNDERAGE}
#: Rule 13: this many earlier requests in 365 days (with a child in range) add up.
REPEATS = 2


def age_of(child: Child, on: date) -> int | None:
    """Whole years on ``on``; ``None`` for an unborn child or one whose age is not given."""
    if child.unborn:
        return None
    if child.date_of_birth is not None:
        born = child.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return child.age_years


@dataclass(frozen=True)
class Reading:
    """What DOMAIN.md says about one request, before any rule set is consulted."""

    danger: bool
    harm: bool
    dahr: bool
    #: A child in range: born in range, unborn, children of unknown age (rule 11), a child
    #: named whose age is not known yet (rule 11 again), or any concern (rule 9).
    child: bool
    social_care_concerns: frozenset[str]
    early_help_concerns: frozenset[str]
    #: Consent refused and none of 1-3, nor a concern at social care (rules 6 and 9).
    refused: bool
    needs: frozenset[str]

    @property
    def urgent(self) -> bool:
        """Rule 10: routed to its floor however little else is known."""
        return self.danger or self.harm or self.dahr or bool(self.social_care_concerns)

    @property
    def adult_dahr(self) -> bool:
        """Rule 12: high-risk domestic abuse with no child in range."""
        return self.dahr and not self.child


def read(req: TriageRequest, on: date) -> Reading:
    """Read a request as DOMAIN.md does."""
    household_send = req.send  # said of the request, not of one child: whose is not known
    child = req.children_unknown or bool(req.concerns)
    ages: list[int] = []
    for c in req.children:
        age = age_of(c, on)
        if c.unborn or age is None:
            child = True
            continue
        ages.append(age)
        if 0 <= age <= (OLDEST_SEND if c.send or household_send else OLDEST):
            child = True
    concerns = frozenset(req.concerns)
    social = concerns & SOCIAL_CARE_CONCERNS
    early = concerns & EARLY_HELP_CONCERNS
    if UNDERAGE in concerns:
        if any(a < UNDERAGE_BELOW for a in ages):
            social |= {UNDERAGE}
        else:
            early |= {UNDERAGE}
    answers = req.answers
    danger = answers.immediate_danger is True
    harm = answers.significant_harm is True
    dahr = answers.domestic_abuse_high_risk is True
    overrides = danger or harm or dahr or bool(social)
    return Reading(
        danger=danger,
        harm=harm,
        dahr=dahr,
        child=child,
        social_care_concerns=frozenset(social),
        early_help_concerns=frozenset(early),
        refused=req.consent == s.REFUSED and not overrides,
        needs=frozenset(req.needs),
    )


def missing_fields(req: TriageRequest) -> set[str]:
    """The fields a request that is not urgent must have but lacks (rule 10)."""
    missing = set()
    if not req.needs:
        missing.add("needs")
    if req.consent is None:
        missing.add("consent")
    missing |= {
        f"children[{i}].age_years"
        for i, c in enumerate(req.children)
        if not c.unborn and c.age_years is None and c.date_of_birth is None
    }
    return missing


def assert_routable(req: TriageRequest, problems: list[Problem], on: date) -> None:
    """Rule 10: a yes answer or a social-care concern routes a partial request; else refused."""
    r = read(req, on)
    fields = {p.field for p in problems}
    missing = missing_fields(req)
    if r.urgent:
        assert not problems, f"10: a yes answer or concern routes a partial request: {problems}"
    elif missing:
        assert missing <= fields, f"10: a request with no yes answer lacking {missing} is refused"


#: The request's place in the year, in words: two earlier make this the third.
ORDINALS = ("third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def mentions_repeat(reason: str, count: int) -> bool:
    """Whether a reason says the request is repeated: how many came before, or which it is."""
    text = reason.lower()
    if "request" not in text:
        return False
    numbers = rf"\b({count}|{count + 1})(st|nd|rd|th)?\b"
    which = ORDINALS[count - 2] if 0 <= count - 2 < len(ORDINALS) else None
    return re.search(numbers, text) is not None or (which is not None and which in text)


def assert_contract(req: TriageRequest, got: Route, rules: RuleSet, on: date) -> None:
    """Fail, naming the invariant, unless the route satisfies every one of them."""
    rank = rules.rank
    at_least = lambda p: rank[got.pathway] <= rank[p]  # noqa: E731
    r = read(req, on)
    actions = set(got.actions)

    if r.danger:
        assert got.pathway == s.EMERGENCY, "1: immediate danger is an emergency"
        assert s.CALL_999 in actions, "1: immediate danger carries call_999"
    if r.harm or (r.dahr and r.child):
        assert at_least(s.SOCIAL_CARE), "2-3: significant harm is at least social care"
        assert s.MASH_REFERRAL in actions, "2-3: significant harm carries mash_referral"
    if r.child and not r.refused and r.needs & s.RULE4_NEEDS:
        assert at_least(s.EARLY_HELP), "4: missing/exploited/gangs is at least early help"
        if s.MISSING_CHILD in r.needs:
            assert s.RETURN_HOME_INTERVIEW in actions, "4: missing child carries an RHI"
    if r.child and not r.refused and s.DOMESTIC_ABUSE in r.needs:
        assert at_least(s.EARLY_HELP), "5: domestic abuse with a child is at least early help"
    if r.refused:
        assert rank[got.pathway] >= rank[s.SIGNPOST], "6: consent refused is signpost or advice"
        if r.needs & s.SAFEGUARDING_NEEDS:
            assert s.SAFEGUARDING_CONSULTATION in actions, "6: consultation when refused"
    if not r.child and not (r.danger or r.harm or r.dahr):
        assert rank[got.pathway] >= rank[s.SIGNPOST], "7: no child in range: signpost or advice"
    assert got.trace, "8: every route says why"
    assert all(t.rule and t.reason for t in got.trace), "8: every reason is written"
    assert got.rules_version == rules.version, "8: the route carries the rule set's version"
    _second_edition(r, req, got, rules)
    if req.hub:
        assert got.hub == req.hub, "a hub chosen by staff always wins"
    for code in got.actions:
        action = rules.actions[code]
        if action.min_pathway is not None:
            assert rank[got.pathway] <= rank[action.min_pathway], (
                f"{code} needs a more urgent route"
            )


def _second_edition(r: Reading, req: TriageRequest, got: Route, rules: RuleSet) -> None:
    """Rules 9, 11-14 (10 is :func:`assert_routable`; 11 is in :func:`read`)."""
    rank = rules.rank
    actions = set(got.actions)
    if r.social_care_concerns:
        assert rank[got.pathway] <= rank[s.SOCIAL_CARE], (
            f"9: {sorted(r.social_care_concerns)} is at least social care, whatever the consent"
        )
        assert s.MASH_REFERRAL in actions, "9: a concern at social care carries mash_referral"
    if r.early_help_concerns:
        assert s.SAFEGUARDING_CONSULTATION in actions, (
            f"9: {sorted(r.early_help_concerns)} carries safeguarding_consultation"
        )
        if r.refused:
            assert rank[got.pathway] >= rank[s.SIGNPOST], "9: refused: never early help (6)"
        else:
            assert rank[got.pathway] <= rank[s.EARLY_HELP], (
                f"9: {sorted(r.early_help_concerns)} is at least early help"
            )
    if r.dahr:
        assert MARAC_REFERRAL in actions, "12: high-risk domestic abuse carries marac_referral"
    if r.adult_dahr:
        assert rank[got.pathway] <= rank[s.SIGNPOST], (
            "12: an adult's high-risk DA: at least signpost"
        )
        if not r.harm:
            assert s.MASH_REFERRAL not in actions, "12: an adult's high-risk DA: never the MASH"
            if not r.danger:
                assert got.pathway == s.SIGNPOST, (
                    "12: an adult's high-risk DA goes to the IDVA and MARAC (signpost), not "
                    "to Children's Social Care nor early help"
                )
    if req.earlier_requests >= REPEATS and r.child:
        assert s.SAFEGUARDING_CONSULTATION in actions, (
            "13: a third request in a year carries safeguarding_consultation"
        )
        assert any(mentions_repeat(t.reason, req.earlier_requests) for t in got.trace), (
            "13: the trace says this is a repeated request (and how many came before)"
        )
    if got.pathway == s.EMERGENCY:
        assert got.respond_within == IMMEDIATELY, "14: an emergency is responded to immediately"
    elif got.pathway == s.SOCIAL_CARE or actions & {s.SAFEGUARDING_CONSULTATION, MARAC_REFERRAL}:
        assert got.respond_within in (IMMEDIATELY, SAME_DAY), (
            f"14: {got.pathway} with {sorted(actions)} is responded to the same working day"
        )
