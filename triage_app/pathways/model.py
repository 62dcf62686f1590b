"""A loaded rule set as frozen, typed values: what the engine evaluates and the sheet prints.

Everything here was checked when it was loaded (see :mod:`triage_app.pathways.loader`):
every code is known, every rule can fire, and the safety contract is not contradicted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from triage_app.domain.directory import ServiceEntry
from triage_app.domain.route import TraceEntry
from triage_app.pathways.conditions import Conditions, Facts
from triage_app.pathways.hubs import PostcodeTable


@dataclass(frozen=True)
class Partner:
    """A service outside the Family Hub that a family can be signposted to, as the file has it.

    ``for_families`` is false for a staff-only line (the safeguarding hub's professional
    line): the family's sheet never prints such a partner. ``seed`` is the partner's first
    entry in the services directory; its live details are the database's
    (:mod:`triage_app.services.directory`), which the sheets and the window read.
    """

    code: str
    name: str
    helps_with: str
    seed: ServiceEntry
    hubs: tuple[str, ...] = ()
    for_families: bool = True


@dataclass(frozen=True)
class Action:
    """Something staff do for a route; ``min_pathway``: only on that pathway or a more urgent one.

    ``label`` is what staff read in the window; ``family`` is the same step as the family
    reads it on their sheet, in plain words ("We will ask the school nurse to contact you").
    ``max_pathway``: only on that pathway or a less urgent one. An Early Help Assessment or a
    home visit offered on a route to Children's Social Care (or an emergency) could tell the
    person harming a child that help was asked for, or cut across the safeguarding hub's
    enquiry, so such steps wait for the hub's decision (see :mod:`triage_app.pathways.hold`).
    ``min_pathway`` lets the safety floor leave out, say, an Early Help Assessment when the
    family has refused early help, instead of printing an offer the service cannot make.
    """

    code: str
    label: str
    family: str
    partner: str | None = None
    min_pathway: str | None = None
    max_pathway: str | None = None


@dataclass(frozen=True)
class Rule:
    """One guidance rule: when it fires, and what it adds to the route."""

    id: str
    reason: str
    when: Conditions
    pathway: str | None
    actions: tuple[str, ...]
    advice: str
    respond_within: str | None
    respond_rank: int | None
    fallback: bool
    #: The sheet of a route this rule fired for must not name its subject (see
    #: :mod:`triage_app.pathways.discretion`): a family may not be safe if it is found.
    discreet: bool
    file: str
    line: int | None
    matches: Callable[[Facts], bool] = field(compare=False, repr=False)
    #: ``matches`` without the needs test, for rules reached through the index of needs.
    matches_given_need: Callable[[Facts], bool] = field(compare=False, repr=False)
    #: The rule's trace entry and pathway rank, made once so routing only looks them up.
    entry: TraceEntry = field(compare=False, repr=False)
    rank: int | None = field(compare=False, repr=False)


@dataclass(frozen=True)
class RuleSet:
    """A whole, valid rule set with everything its rules refer to.

    ``pathways`` is the pathway vocabulary in urgency order (most urgent first) and ``rank``
    maps each to its position, so "most urgent wins" is a comparison of numbers.
    ``by_need``, ``by_concern``, ``by_answer`` and ``general`` index the rules so that
    routing only looks at rules that could fire for the needs, concerns and yes answers
    given (see :func:`triage_app.pathways.loader`'s ``_indexed``).
    """

    version: str
    effective_from: date
    file: Path
    rules: tuple[Rule, ...]
    actions: Mapping[str, Action]
    partners: Mapping[str, Partner]
    areas: PostcodeTable
    pathways: tuple[str, ...]
    rank: Mapping[str, int] = field(compare=False)
    by_need: Mapping[str, tuple[int, ...]] = field(compare=False)
    by_concern: Mapping[str, tuple[int, ...]] = field(compare=False)
    by_answer: Mapping[str, tuple[int, ...]] = field(compare=False)
    general: tuple[int, ...] = field(compare=False)
    fallbacks: tuple[int, ...] = field(compare=False)
    #: The general rules and those of the given needs, in file order (remembered per set).
    for_needs: Callable[[frozenset[str]], tuple[int, ...]] = field(compare=False, repr=False)
    #: Per pathway, the actions that wait for the safeguarding hub on a route at it
    #: (:mod:`triage_app.pathways.hold`), worked out at load.
    held_at: Mapping[str, frozenset[str]] = field(compare=False, repr=False)
    #: Per pathway, the actions that go only with a more urgent one (``min_pathway``), left
    #: out when the safety floor caps a route at it (:mod:`triage_app.pathways.safety`).
    too_urgent_for: Mapping[str, frozenset[str]] = field(compare=False, repr=False)
    #: Each rule by its id (ids are unique in a loaded set): the hold and the sheet look
    #: up the rules of a route's trace.
    by_id: Mapping[str, Rule] = field(compare=False, repr=False)

    @property
    def least_urgent(self) -> str:
        """The pathway of a route no rule gave one (the vocabulary's last)."""
        return self.pathways[-1]

    def rule(self, rule_id: str) -> Rule:
        found = self.find(rule_id)
        if found is None:
            raise KeyError(rule_id)
        return found

    def find(self, rule_id: str) -> Rule | None:
        """The rule with this id, or ``None`` if this rule set has none."""
        return self.by_id.get(rule_id)


def rules_for(
    start: tuple[int, ...], *lookups: tuple[Mapping[str, tuple[int, ...]], Iterable[str]]
) -> tuple[int, ...]:
    """``start`` and the rules each index gives for its keys, once each, in file order.

    The one way candidate rules are gathered: for a set of needs at load
    (``RuleSet.for_needs``), and for concerns and yes answers as a request is routed.
    """
    found = set(start)
    for index, keys in lookups:
        for key in keys:
            found.update(index.get(key, ()))
    return tuple(sorted(found))
