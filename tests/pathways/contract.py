"""The routing safety contract (DOMAIN.md) written as a check of one route, for property tests.

Worked out here independently of the engine: whether a child is in range comes straight
from ``triage_app.domain.ages``; the codes come from the safety module that names them.
"""

from __future__ import annotations

from datetime import date

from triage_app.domain.ages import in_range
from triage_app.domain.request import TriageRequest
from triage_app.domain.route import Route
from triage_app.pathways import RuleSet
from triage_app.pathways import safety as s


def assert_contract(req: TriageRequest, got: Route, rules: RuleSet, on: date) -> None:
    """Fail, naming the invariant, unless the route satisfies every one of them."""
    rank = rules.rank
    at_least = lambda p: rank[got.pathway] <= rank[p]  # noqa: E731
    danger = req.answers.immediate_danger is True
    harm = req.answers.significant_harm is True
    dahr = req.answers.domestic_abuse_high_risk is True
    safeguarding = danger or harm or dahr
    child = (
        any(in_range(c, on, req.any_send) for c in req.children)
        or req.children_unknown
        or bool(req.concerns)
    )
    needs = set(req.needs)
    refused = req.consent == s.REFUSED and not safeguarding

    if danger:
        assert got.pathway == s.EMERGENCY, "1: immediate danger is an emergency"
        assert s.CALL_999 in got.actions, "1: immediate danger carries call_999"
    if harm or (dahr and child):
        assert at_least(s.SOCIAL_CARE), "2-3: significant harm is at least social care"
        assert s.MASH_REFERRAL in got.actions, "2-3: significant harm carries mash_referral"
    if child and not refused and needs & s.RULE4_NEEDS:
        assert at_least(s.EARLY_HELP), "4: missing/exploited/gangs is at least early help"
        if s.MISSING_CHILD in needs:
            assert s.RETURN_HOME_INTERVIEW in got.actions, "4: missing child carries an RHI"
    if child and not refused and s.DOMESTIC_ABUSE in needs:
        assert at_least(s.EARLY_HELP), "5: domestic abuse with a child is at least early help"
    if refused:
        assert rank[got.pathway] >= rank[s.SIGNPOST], "6: consent refused is signpost or advice"
        if needs & s.SAFEGUARDING_NEEDS:
            assert s.SAFEGUARDING_CONSULTATION in got.actions, "6: consultation when refused"
    if not child and not safeguarding:
        assert rank[got.pathway] >= rank[s.SIGNPOST], "7: no child in range: signpost or advice"
    assert got.trace, "8: every route says why"
    assert all(t.rule and t.reason for t in got.trace), "8: every reason is written"
    assert got.rules_version == rules.version, "8: the route carries the rule set's version"
    if req.hub:
        assert got.hub == req.hub, "a hub chosen by staff always wins"
    for code in got.actions:
        action = rules.actions[code]
        if action.min_pathway is not None:
            assert rank[got.pathway] <= rank[action.min_pathway], (
                f"{code} needs a more urgent route"
            )
