"""Routing looks only at the rules that could fire, and says exactly what the rules say.

The rule set is indexed by need, concern and yes answer (so a request is checked against a
handful of rules, not all of them), and ``route --jsonl`` writes its lines from pieces
encoded once. Both are shortcuts: for every generated request, the rules found through the
index are exactly those whose every condition holds, and the line written is the text of
the route's JSON.
"""

from __future__ import annotations

import json

from hypothesis import given

from tests.pathways.conftest import ON
from tests.pathways.strategies import PROFILE, partial_requests_st, requests_st
from triage_app.domain.request import TriageRequest
from triage_app.domain.route import Route, TraceEntry, route_json
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules, route
from triage_app.pathways.conditions import facts_of
from triage_app.pathways.engine import fired_rules, route_json_line

VOCAB = load_vocabularies(resources_dir())
SHIPPED = load_rules(default_rules_dir(), VOCAB)


def _every_rule_that_holds(req: TriageRequest) -> list[str]:
    facts = facts_of(req, ON)
    fired = [r.id for r in SHIPPED.rules if not r.fallback and r.matches(facts)]
    return fired or [r.id for r in SHIPPED.rules if r.fallback and r.matches(facts)]


@PROFILE
@given(req=requests_st(VOCAB, SHIPPED, on=ON))
def test_the_index_finds_every_rule_that_holds_and_no_other(req: TriageRequest) -> None:
    assert [r.id for r in fired_rules(facts_of(req, ON), SHIPPED)] == _every_rule_that_holds(req)


@PROFILE
@given(req=partial_requests_st(VOCAB, SHIPPED, on=ON))
def test_the_index_finds_the_rules_of_a_partial_request(req: TriageRequest) -> None:
    assert [r.id for r in fired_rules(facts_of(req, ON), SHIPPED)] == _every_rule_that_holds(req)


@PROFILE
@given(req=requests_st(VOCAB, SHIPPED, on=ON))
def test_a_route_line_is_the_routes_json(req: TriageRequest) -> None:
    routed = route(req, SHIPPED, on=ON)
    assert route_json(routed) == json.dumps(routed.to_json(), ensure_ascii=False)


@PROFILE
@given(req=requests_st(VOCAB, SHIPPED, on=ON) | partial_requests_st(VOCAB, SHIPPED, on=ON))
def test_the_line_written_without_a_route_is_the_routes(req: TriageRequest) -> None:
    for desk_hub in (None, "mosaic"):
        routed = route(req, SHIPPED, on=ON, desk_hub=desk_hub)
        assert route_json_line(req, SHIPPED, on=ON, desk_hub=desk_hub) == route_json(routed)


def test_a_route_line_keeps_quotes_and_letters_beyond_ascii() -> None:
    routed = Route(
        pathway="signpost",
        actions=(),
        hub=None,
        rules_version='2026 "spring" – Ŵ',
        respond_within=None,
        trace=(TraceEntry("a\\b", 'Said "no" — 0–19\n\u2028'),),
    )
    line = route_json(routed)
    assert line == json.dumps(routed.to_json(), ensure_ascii=False)
    assert json.loads(line)["trace"][0]["reason"] == 'Said "no" — 0–19\n\u2028'
