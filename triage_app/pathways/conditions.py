"""The facts of a request that rules test, and rule conditions compiled into fast checks.

A request is reduced once to :class:`Facts` (needs as a set, ages worked out for the day,
answers with "not asked" read as no), and each rule's conditions are compiled once at load
into a function of those facts, so routing a request is a handful of set and number tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter
from typing import NamedTuple

from triage_app.domain.ages import aged_in_range, child_age
from triage_app.domain.request import TriageRequest

Check = Callable[["Facts"], bool]


class Facts(NamedTuple):
    """What rules can ask about one request, on one day.

    A named tuple, as immutable as a frozen dataclass and built in a third of the time:
    ``route --jsonl`` makes one per line.
    """

    needs: frozenset[str]
    source: str
    contact_method: str
    #: ``None`` in a partial request (contract rule 10): rules read it as not asked.
    consent: str | None
    send: bool
    ages: tuple[int, ...]
    unborn: bool
    #: Some child is in range: born or unborn, or children of unknown age (rule 11), or a
    #: concern, which is always about a child (rule 9).
    any_in_range: bool
    immediate_danger: bool
    significant_harm: bool
    domestic_abuse_high_risk: bool
    concerns: frozenset[str] = frozenset()
    children_unknown: bool = False
    earlier_requests: int = 0


#: ``Facts(...)`` by name, without the class call: calling a class with keywords first
#: gathers them into a dictionary for its ``__new__``, and for fourteen that took longer
#: than the rest of :func:`facts_of` (``route --jsonl`` makes one per line).
_facts = Facts.__new__


def facts_of(request: TriageRequest, on: date) -> Facts:
    """Reduce a request to facts; ``on`` is the day ages are worked out for (never the clock)."""
    ages = []
    unborn = any_in_range = child_send = False
    for child in request.children:
        age = child_age(child, on)
        if age is not None:
            ages.append(age)
        unborn = unborn or child.unborn
        child_send = child_send or child.send
        # A child named before their age is known counts, as children_unknown does (rule 11).
        unaged = age is None and not child.unborn
        # SEND stretches the range of the young person who has it (or of every child when
        # the request says SEND without saying whose), never of a sibling without it.
        any_in_range = any_in_range or unaged or aged_in_range(child, age, request.send)
    answers = request.answers
    concerns = frozenset(request.concerns)
    any_in_range = any_in_range or request.children_unknown or bool(concerns)
    return _facts(
        Facts,
        needs=frozenset(request.needs),
        source=request.source,
        contact_method=request.contact_method,
        consent=request.consent,
        # SEND for the household: said of the request or of any child.
        send=request.send or child_send,
        ages=tuple(ages),
        unborn=unborn,
        any_in_range=any_in_range,
        immediate_danger=answers.immediate_danger is True,
        significant_harm=answers.significant_harm is True,
        domestic_abuse_high_risk=answers.domestic_abuse_high_risk is True,
        concerns=concerns,
        children_unknown=request.children_unknown,
        earlier_requests=request.earlier_requests,
    )


#: The safeguarding answers, as both condition names and :class:`Facts` fields.
ANSWERS = ("immediate_danger", "significant_harm", "domestic_abuse_high_risk")


def yes_answers(facts: Facts) -> tuple[str, ...]:
    """The safeguarding questions answered yes, by name (most requests: none)."""
    if not (facts.immediate_danger or facts.significant_harm or facts.domestic_abuse_high_risk):
        return ()
    return tuple(name for name in ANSWERS if getattr(facts, name))


@dataclass(frozen=True)
class Conditions:
    """A rule's match conditions; all that are given must hold (``None``: not a condition).

    Lists are "any of": ``needs_any`` holds when any presented need is listed,
    ``concerns_any`` when any safeguarding concern ticked is listed, ``source``
    when the request's source is listed. ``any_child_aged`` holds when some born child's age
    is between the two bounds, inclusive. ``consent_not`` lists consents that stop the rule.
    ``needs_at_least`` holds when that many needs or more were presented: a key worker is
    for a family with several needs at once, not one a single partner can meet.
    ``earlier_requests_at_least`` holds when there were that many earlier requests about the
    family or child in the last 365 days: a need that keeps coming back.
    """

    needs_any: frozenset[str] | None = None
    needs_at_least: int | None = None
    earlier_requests_at_least: int | None = None
    concerns_any: frozenset[str] | None = None
    source: frozenset[str] | None = None
    contact_method: frozenset[str] | None = None
    consent: frozenset[str] | None = None
    consent_not: frozenset[str] | None = None
    any_child_aged: tuple[int, int] | None = None
    child_in_range: bool | None = None
    unborn: bool | None = None
    send: bool | None = None
    immediate_danger: bool | None = None
    significant_harm: bool | None = None
    domestic_abuse_high_risk: bool | None = None

    def answer(self, name: str) -> bool | None:
        """The condition on one safeguarding answer, by name."""
        value: bool | None = getattr(self, name)
        return value

    def consents(self, all_consents: tuple[str, ...]) -> frozenset[str]:
        """The consents under which the rule can fire."""
        allowed = self.consent if self.consent is not None else frozenset(all_consents)
        return allowed - (self.consent_not or frozenset())


def _checks(c: Conditions) -> list[Check]:
    return _code_checks(c) + _household_checks(c)


def _code_checks(c: Conditions) -> list[Check]:
    """The conditions on the request's codes: needs, concerns, source, method, consent."""
    checks: list[Check] = []
    if c.needs_any is not None:
        needs = c.needs_any
        checks.append(lambda f: not needs.isdisjoint(f.needs))
    if c.needs_at_least is not None:
        fewest = c.needs_at_least
        checks.append(lambda f: len(f.needs) >= fewest)
    if c.earlier_requests_at_least is not None:
        earlier = c.earlier_requests_at_least
        checks.append(lambda f: f.earlier_requests >= earlier)
    if c.concerns_any is not None:
        concerns = c.concerns_any
        checks.append(lambda f: not concerns.isdisjoint(f.concerns))
    if c.source is not None:
        sources = c.source
        checks.append(lambda f: f.source in sources)
    if c.contact_method is not None:
        methods = c.contact_method
        checks.append(lambda f: f.contact_method in methods)
    if c.consent is not None:
        consents = c.consent
        checks.append(lambda f: f.consent in consents)
    if c.consent_not is not None:
        refused = c.consent_not
        checks.append(lambda f: f.consent not in refused)
    return checks


def _household_checks(c: Conditions) -> list[Check]:
    """The conditions on the children and the safeguarding answers."""
    checks: list[Check] = []
    if c.any_child_aged is not None:
        low, high = c.any_child_aged
        aged = frozenset(range(low, high + 1))  # one set test, not a pass comparing each age
        checks.append(lambda f: not aged.isdisjoint(f.ages))
    if c.child_in_range is not None:
        wanted_range = c.child_in_range
        checks.append(lambda f: f.any_in_range is wanted_range)
    if c.unborn is not None:
        wanted_unborn = c.unborn
        checks.append(lambda f: f.unborn is wanted_unborn)
    if c.send is not None:
        wanted_send = c.send
        checks.append(lambda f: f.send is wanted_send)
    for name in ANSWERS:
        wanted = c.answer(name)
        if wanted is not None:
            checks.append(_answer_check(name, wanted))
    return checks


def _answer_check(name: str, wanted: bool) -> Check:
    answer = attrgetter(name)
    return lambda f: answer(f) is wanted


def _both(first: Check, second: Check) -> Check:
    return lambda f: first(f) and second(f)


def compile_conditions(c: Conditions, *, needs_known: bool = False) -> Check:
    """One function of the facts that is true when every given condition holds.

    With ``needs_known`` the ``needs_any`` test is left out: routing only asks a rule found
    through the index of needs, for which it already holds.
    """
    checks = _checks(replace(c, needs_any=None) if needs_known else c)
    if not checks:
        return lambda f: True
    combined = checks[-1]
    for check in reversed(checks[:-1]):
        combined = _both(check, combined)
    return combined
