"""Which pathways staff may choose over the one recommended: never against the safety contract.

Nothing here restates the contract: the floor is what :func:`triage_app.pathways.safety.
apply_floor` makes of a route at the least urgent pathway for the request's facts, and a
chosen pathway is allowed when the contract leaves it as it is (neither lifted, because it
is below a floor, nor capped, as early help is when consent was refused).
"""

from __future__ import annotations

from datetime import date

from triage_app.domain.request import TriageRequest
from triage_app.pathways.conditions import facts_of
from triage_app.pathways.model import RuleSet
from triage_app.pathways.outcome import Outcome
from triage_app.pathways.safety import apply_floor


def _held(pathway: str, request: TriageRequest, rules: RuleSet, on: date) -> str:
    route = Outcome(pathway, (), (), None, None, ())
    return apply_floor(route, facts_of(request, on), rules).pathway


def floor_pathway(request: TriageRequest, rules: RuleSet, on: date) -> str:
    """The least urgent pathway the contract allows for this request, on the day received."""
    return _held(rules.least_urgent, request, rules, on)


def contract_allows(request: TriageRequest, pathway: str, rules: RuleSet, on: date) -> bool:
    """Whether the contract leaves ``pathway`` as it is for this request."""
    return _held(pathway, request, rules, on) == pathway
