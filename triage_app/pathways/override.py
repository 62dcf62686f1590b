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
from triage_app.pathways.safety import (
    CALL_999,
    EMERGENCY,
    IMMEDIATELY,
    MASH_REFERRAL,
    SAME_DAY,
    SOCIAL_CARE,
    apply_floor,
)

#: What the contract asks of any route at these pathways (rules 1, 2 and 14): how soon it is
#: answered, and the action that takes it there.
_ASKED_AT = {EMERGENCY: (IMMEDIATELY, (CALL_999,)), SOCIAL_CARE: (SAME_DAY, (MASH_REFERRAL,))}


def _held(pathway: str, request: TriageRequest, rules: RuleSet, on: date) -> str:
    route = Outcome(pathway, (), (), None, None, ())
    return apply_floor(route, facts_of(request, on), rules).pathway


def floor_pathway(request: TriageRequest, rules: RuleSet, on: date) -> str:
    """The least urgent pathway the contract allows for this request, on the day received."""
    return _held(rules.least_urgent, request, rules, on)


def contract_allows(request: TriageRequest, pathway: str, rules: RuleSet, on: date) -> bool:
    """Whether the contract leaves ``pathway`` as it is for this request."""
    return _held(pathway, request, rules, on) == pathway


def asked_at(pathway: str) -> tuple[str | None, tuple[str, ...]]:
    """How soon a route at ``pathway`` must be answered, and the actions it must carry.

    A pathway chosen over the recommended one is held to what the contract asks of a route
    at it: a request lifted to social care is a MASH referral due the same working day, not
    early help's five days. ``(None, ())`` for the pathways the contract sets no time for.
    """
    return _ASKED_AT.get(pathway, (None, ()))
