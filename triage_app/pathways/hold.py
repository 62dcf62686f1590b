"""Steps that wait for the safeguarding hub: left off a route more urgent than they allow.

An action with ``max_pathway`` (say, an Early Help Assessment, a home visit, youth work) is
offered only on that pathway or a less urgent one. On a route to Children's Social Care or
an emergency the family is not contacted with an early-help offer before the safeguarding
hub (MASH) or MARAC has decided: an offer of a home visit can tell the person harming a
child or an adult that help was asked for, and contact before a strategy discussion can
harm a police enquiry. The trace names each step held back, so staff know it was not
forgotten; the hub's decision brings it back if early help is the outcome. The family's
sheet follows: the advice of a rule whose every step was held (an offer of early help) is
left off too, as the steps are, unless a rule with a step still offered gives the same words.
"""

from __future__ import annotations

from collections.abc import Iterable

from triage_app.domain.route import shared_entry
from triage_app.pathways.model import RuleSet
from triage_app.pathways.outcome import Outcome

#: The trace entry of steps held back (a reserved id: no rule may take it).
HOLD_ID = "held-for-safeguarding-hub"
_REASON = (
    "Held back until the safeguarding hub has decided, as contacting the family first could "
    "put someone at risk or harm an enquiry: {labels}."
)


def held_actions(pathway: str, actions: Iterable[str], rules: RuleSet) -> tuple[str, ...]:
    """Those of ``actions`` that do not go with a route as urgent as ``pathway``."""
    held = rules.held_at[pathway]
    return tuple(code for code in actions if code in held) if held else ()


def hold_back(o: Outcome, rules: RuleSet) -> Outcome:
    """Leave out the actions that do not go with a pathway as urgent as the route's."""
    if not rules.held_at[o.pathway]:  # nothing waits for the hub at this pathway
        return o
    held = held_actions(o.pathway, o.actions, rules)
    if not held:
        return o
    labels = "; ".join(rules.actions[c].label for c in held)
    kept = tuple(c for c in o.actions if c not in held)
    entry = shared_entry(HOLD_ID, _REASON.format(labels=labels))
    advice = _advice_not_held(o, set(held), rules)
    return o._replace(actions=kept, advice=advice, trace=(*o.trace, entry))


def _advice_not_held(o: Outcome, held: set[str], rules: RuleSet) -> tuple[str, ...]:
    """The advice, less that of fired rules offering only ``held`` steps.

    The floor's own advice (no rule of the set) is kept; so is a rule's that gives no step.
    """
    offers_held, still_given = set(), set()
    for fired in o.trace:
        rule = rules.find(fired.rule)
        if rule is None:
            continue
        if rule.actions and held.issuperset(rule.actions):
            offers_held.add(rule.advice)
        else:
            still_given.add(rule.advice)
    left_off = offers_held - still_given
    return tuple(words for words in o.advice if words not in left_off)
