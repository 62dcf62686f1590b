"""``check_request`` over generated requests: problems as values, never an exception; a
request it passes can always be routed."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings

from tests.fuzz.strategies import requests
from triage_app.domain.checks import check_request
from triage_app.domain.vocabulary import Vocabularies, load_vocabularies
from triage_app.errors import Problem
from triage_app.locations import resources_dir
from triage_app.pathways import RuleSet, default_rules_dir, load_rules, route

VOCAB = load_vocabularies(resources_dir())
TODAY = date(2026, 3, 16)


@pytest.fixture(scope="module")
def rules(vocab: Vocabularies) -> RuleSet:
    return load_rules(default_rules_dir(), vocab)


@settings(max_examples=300, deadline=None)
@given(req=requests(VOCAB))
def test_checks_return_problems_and_clean_requests_route(req, rules: RuleSet) -> None:
    problems = check_request(req, VOCAB, TODAY)
    assert all(isinstance(p, Problem) and p.message for p in problems)
    if not problems:
        result = route(req, rules, on=TODAY, desk_hub=None)
        assert result.pathway in VOCAB.pathway
        assert result.trace, "a route must say why"
