"""Discreet sheets: when a family's advice sheet must not name what they asked for help with.

A sheet that names domestic abuse, or a service that reveals it, can put someone at risk if
the person harming them finds it at home. A rule marked ``discreet = true`` says so of every
route it fires for: the sheet then gives the hub, the reference, a neutral "what happens
next" and the emergency block, and nothing about the subject (see ``docs/rules.md``).

Discretion is not stored with the route (the route's stored shape and the ``route``
command's output are fixed); it is worked out again whenever it is needed, from the rule
ids in the route's trace and the rule set in use. The decision leans towards discreet
whenever it cannot be sure, because a discreet sheet only says less, while the other
mistake can hurt someone:

* a rule in the trace that the loaded rule set marks discreet: discreet;
* the safety floor's entries for domestic abuse with a child (``safety-5``), for high-risk
  domestic abuse and MARAC (``safety-12``) and for a safeguarding concern (``safety-9``,
  which does not say which concern): discreet, whatever the rule set says;
* a rule in the trace that the loaded rule set no longer has (removed or renamed since the
  route was made), on a route of ``social_care`` or more urgent: discreet; we cannot tell
  what it was, and those routes are where the most dangerous subjects go;
* a pathway the loaded rule set does not know: discreet.

The sheet also routes the stored request again with the rules in use and makes the sheet
discreet if that route is (see :mod:`triage_app.sheets.assemble`), which covers a rule
renamed on a less urgent route.

When a rule set is loaded, a rule that names domestic abuse (the need, or the high-risk
answer) or a concern of :data:`~triage_app.pathways.floors.DISCREET_CONCERNS` must be
discreet: :func:`discretion_problems`. Other subjects (exploitation, gangs and
radicalisation in the shipped rules) are discreet by the service's choice.
"""

from __future__ import annotations

from triage_app.domain.route import Route
from triage_app.pathways.conditions import Conditions
from triage_app.pathways.engine import NO_RULE_ID
from triage_app.pathways.floors import DISCREET_CONCERNS
from triage_app.pathways.hold import HOLD_ID
from triage_app.pathways.model import RuleSet
from triage_app.pathways.safety import (
    DOMESTIC_ABUSE,
    DOMESTIC_ABUSE_FLOOR_ID,
    FLOOR_IDS,
    SOCIAL_CARE,
)

#: The answer that, like the need, always makes a rule's sheets discreet.
DOMESTIC_ABUSE_ANSWER = "domestic_abuse_high_risk"
#: Floor entries whose sheets are discreet whatever the rule set says.
DISCREET_FLOOR_IDS = frozenset({DOMESTIC_ABUSE_FLOOR_ID, "safety-9", "safety-12"})


def discretion_problems(when: Conditions, discreet: bool) -> list[str]:
    """A rule about domestic abuse that is not marked discreet (checked at load)."""
    if discreet:
        return []
    names_need = when.needs_any is not None and DOMESTIC_ABUSE in when.needs_any
    names_answer = when.domestic_abuse_high_risk is True
    concerns = sorted((when.concerns_any or frozenset()) & DISCREET_CONCERNS)
    if concerns:
        return [
            f"matches the concern '{concerns[0]}', so it must be marked discreet = true: a "
            "sheet that names it can put a child at risk if it is found at home"
        ]
    if not (names_need or names_answer):
        return []
    what = f"the need '{DOMESTIC_ABUSE}'" if names_need else f"{DOMESTIC_ABUSE_ANSWER} = true"
    return [
        f"matches {what}, so it must be marked discreet = true: a sheet that names domestic "
        "abuse can put someone at risk if it is found at home"
    ]


def route_is_discreet(routed: Route, rules: RuleSet) -> bool:
    """Whether the family's sheet for ``routed`` must be discreet, by the rules in use."""
    unknown = False
    for entry in routed.trace:
        rule = rules.find(entry.rule)
        if rule is not None:
            if rule.discreet:
                return True
        elif entry.rule in DISCREET_FLOOR_IDS:
            return True
        elif entry.rule not in (NO_RULE_ID, HOLD_ID) and entry.rule not in FLOOR_IDS:
            unknown = True
    rank = rules.rank.get(routed.pathway)
    if rank is None:
        return True
    return unknown and rank <= rules.rank[SOCIAL_CARE]
