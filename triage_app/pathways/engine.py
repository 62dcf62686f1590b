"""Routing one request: the rules that fire, combined by the hit policy, then the safety floor.

Hit policy (also in ``docs/rules.md`` and at the top of each rule file):

* every rule whose conditions all hold fires, in file order; a ``fallback`` rule fires only
  when no other rule does;
* the most urgent pathway any fired rule sets wins (the vocabulary's order); if none sets
  one, the least urgent pathway;
* actions and advice are collected in firing order, repeats dropped;
* ``respond_within`` is the most urgent of the fired rules';
* then the safety floor (:mod:`triage_app.pathways.safety`) lifts or caps the result and
  adds its own reasons to the trace;
* last, steps that wait for the safeguarding hub are held back from a route more urgent
  than they allow (:mod:`triage_app.pathways.hold`).

:func:`route` is pure: no files, no clock, no globals; the day for ages is passed in.
"""

from __future__ import annotations

from datetime import date

from triage_app.domain.request import TriageRequest
from triage_app.domain.route import Route, TraceEntry, route_line, route_of
from triage_app.pathways.conditions import Facts, facts_of, yes_answers
from triage_app.pathways.hold import hold_back
from triage_app.pathways.hubs import choose_hub
from triage_app.pathways.model import Rule, RuleSet, rules_for
from triage_app.pathways.outcome import Outcome
from triage_app.pathways.safety import apply_floor

#: The trace entry of a route no rule fired for (not even a fallback).
NO_RULE_ID = "no-rule"
_NO_RULE = TraceEntry(
    NO_RULE_ID, "No guidance rule matched this request, so information and advice were given."
)


def fired_rules(facts: Facts, rules: RuleSet) -> list[Rule]:
    """The rules that fire for these facts, in file order (the fallback only if none else)."""
    candidates = rules.for_needs(facts.needs)
    yes = yes_answers(facts)
    if facts.concerns or yes:
        lookups = ((rules.by_concern, facts.concerns), (rules.by_answer, yes))
        candidates = rules_for(candidates, *lookups)
    every = rules.rules
    fired = [rule for i in candidates if (rule := every[i]).matches_given_need(facts)]
    if not fired:
        fired = [every[i] for i in rules.fallbacks if every[i].matches(facts)]
    return fired


def combine(fired: list[Rule], rules: RuleSet) -> Outcome:
    """Apply the hit policy to the fired rules."""
    best = len(rules.pathways) - 1
    actions: dict[str, None] = {}
    advice: dict[str, None] = {}
    respond: str | None = None
    respond_rank: int | None = None
    for rule in fired:
        rank = rule.rank
        if rank is not None and rank < best:
            best = rank
        for action in rule.actions:  # a rule's one or two: cheaper than a dict made of them
            actions[action] = None
        advice[rule.advice] = None
        responds = rule.respond_rank
        if responds is not None and (respond_rank is None or responds < respond_rank):
            respond, respond_rank = rule.respond_within, responds
    trace = tuple([r.entry for r in fired]) or (_NO_RULE,)
    return Outcome(
        rules.pathways[best], tuple(actions), tuple(advice), respond, respond_rank, trace
    )


def _outcome(
    request: TriageRequest, rules: RuleSet, on: date, desk_hub: str | None, facts: Facts | None
) -> tuple[Outcome, str | None]:
    """The rules' outcome after the floor and the hold, and the hub: all a route is made of."""
    if facts is None:
        facts = facts_of(request, on)
    outcome = hold_back(apply_floor(combine(fired_rules(facts, rules), rules), facts, rules), rules)
    return outcome, choose_hub(request.hub, request.postcode, rules.areas, desk_hub)


def route(
    request: TriageRequest,
    rules: RuleSet,
    *,
    on: date,
    desk_hub: str | None = None,
    facts: Facts | None = None,
) -> Route:
    """The course of action for a request, with its reasons and the rule set's version.

    Args:
        request: the request; unasked safeguarding questions count as "no".
        rules: a rule set from :func:`triage_app.pathways.load_rules`.
        on: the day ages are worked out for (the request's day, or today at the caller).
        desk_hub: the hub of the desk taking the request, used when nothing else decides.
        facts: ``facts_of(request, on)`` when the caller has already worked them out.
    """
    outcome, hub = _outcome(request, rules, on, desk_hub, facts)
    return route_of(
        {
            "pathway": outcome.pathway,
            "actions": outcome.actions,
            "hub": hub,
            "rules_version": rules.version,
            "respond_within": outcome.respond_within,
            "trace": outcome.trace,
            "advice": outcome.advice,
        }
    )


def route_json_line(
    request: TriageRequest,
    rules: RuleSet,
    *,
    on: date,
    desk_hub: str | None = None,
    facts: Facts | None = None,
) -> str:
    """``route_json(route(...))``, the ``route`` command's output line, without the Route.

    ``route --jsonl`` writes thousands of lines and needs no Route to keep: making one (and
    reading its fields back) cost as much as the hold and the hub together.
    """
    o, hub = _outcome(request, rules, on, desk_hub, facts)
    version, respond = rules.version, o.respond_within
    return route_line(
        o.pathway, o.actions, hub=hub, rules_version=version, respond_within=respond, trace=o.trace
    )
