"""The routing safety contract (DOMAIN.md): a floor no rule set can lower.

This module and :mod:`triage_app.pathways.floors` (the concerns' table) name the contract's
codes. The rules run first; then :func:`apply_floor` makes sure invariants 1–7 and 9–14
hold, and every change it makes is written to the trace with its reason (invariant 8).
:mod:`triage_app.pathways.contradictions` finds, when a rule set is loaded, rules that
plainly contradict the contract, so the author hears of it then rather than the floor
quietly overriding the rule for every family it matches.
"""

from __future__ import annotations

from dataclasses import dataclass

from triage_app.domain.route import shared_entry
from triage_app.pathways import floors
from triage_app.pathways.conditions import Facts
from triage_app.pathways.floors import MARAC_REFERRAL
from triage_app.pathways.model import RuleSet
from triage_app.pathways.outcome import Outcome
from triage_app.pathways.respond import respond_rank

EMERGENCY = "emergency"
SOCIAL_CARE = "social_care"
EARLY_HELP = "early_help"
SIGNPOST = "signpost"

REFUSED = "refused"

CALL_999 = "call_999"
MASH_REFERRAL = "mash_referral"
RETURN_HOME_INTERVIEW = "return_home_interview"
SAFEGUARDING_CONSULTATION = "safeguarding_consultation"

MISSING_CHILD = "missing_child"
#: Invariant 4: needs that bring at least early help for a child in range.
RULE4_NEEDS = frozenset({MISSING_CHILD, "child_exploitation", "gang_radicalisation"})
DOMESTIC_ABUSE = "domestic_abuse"
#: Needs named in invariants 4 and 5: with consent refused they bring a safeguarding consultation.
SAFEGUARDING_NEEDS = RULE4_NEEDS | {DOMESTIC_ABUSE}

CONTRACT_PATHWAYS = (EMERGENCY, SOCIAL_CARE, EARLY_HELP, SIGNPOST)
CONTRACT_ACTIONS = (
    CALL_999,
    MASH_REFERRAL,
    RETURN_HOME_INTERVIEW,
    SAFEGUARDING_CONSULTATION,
    MARAC_REFERRAL,
)

#: The trace entries the floor writes, each named for its invariant.
FLOOR_IDS = frozenset(
    {
        "safety-1",
        "safety-2",
        "safety-4",
        "safety-5",
        "safety-6",
        "safety-7",
        "safety-9",
        "safety-12",
        "safety-13",
        "safety-14",
    }
)
#: The floor's entry for invariant 5, domestic abuse in a household with a child.
DOMESTIC_ABUSE_FLOOR_ID = "safety-5"

IMMEDIATELY = "immediately"
SAME_DAY = "the same working day"

_REASON_1 = (
    "Safety contract 1: someone is in immediate danger, so this is an emergency: "
    "call 999 now, then make the safeguarding referral."
)
_REASON_2 = (
    "Safety contract 2–3: there is a concern that a child is suffering or likely to suffer "
    "significant harm (or of high-risk domestic abuse), so the route is at least Children's "
    "Social Care through the safeguarding hub, whatever the consent."
)
_REASON_4 = (
    "Safety contract 4: a child in range is missing, exploited, or involved with gangs or "
    "radicalisation, so the route is at least early help."
)
_REASON_4_MISSING = " A missing child is offered a return home interview."
_REASON_5 = (
    "Safety contract 5: there is domestic abuse in a household with a child (or an unborn "
    "baby), so the route is at least early help."
)
_REASON_6 = (
    "Safety contract 6: the family refused consent and early help is voluntary, so the "
    "route is signposting or advice, not early help."
)
_REASON_6_CONSULT = (
    "Safety contract 6: consent was refused but a safeguarding need (missing child, "
    "exploitation, gangs or radicalisation, domestic abuse) was presented, so talk it "
    "through with the safeguarding hub."
)
_REASON_7 = (
    "Safety contract 7: no child or young person in the household is in the hubs' age "
    "range (0–19, up to 24 with SEND, or unborn), so the route is signposting "
    "(for example to adult services) or advice, not early help."
)
_REASON_6_CONCERN = (
    "Safety contract 9: consent was refused, so not early help, but a safeguarding concern "
    "was described, so talk it through with the safeguarding hub."
)
_REASON_9 = (
    "Safety contract 9: a safeguarding concern was described ({why}), so the route is at "
    "least {level}."
)
_REASON_12 = (
    "Safety contract 12: high-risk domestic abuse with no child in the household in the hubs' "
    "range is an adult's safeguarding: refer to the independent domestic violence adviser and "
    "MARAC today, not to Children's Social Care."
)
_REASON_12_CHILD = (
    "Safety contract 12: high-risk domestic abuse with a child in the household: refer to "
    "MARAC as well as to Children's Social Care."
)
_REASON_13 = (
    "Safety contract 13: this is at least the third request about this family in 12 months "
    "({count} earlier), so concerns may be adding up: talk it through with the safeguarding hub."
)
_REASON_14 = "Safety contract 14: a route like this is responded to {when}."
_ADVICE_1 = "If you or anyone else is in danger now, call 999."
_ADVICE_2 = (
    "We are asking Children's Social Care to help keep the children safe. They will be in touch."
)


@dataclass(frozen=True)
class _Lift:
    """One "at least" of the contract: the pathway, the actions it carries, and why."""

    rule_id: str
    pathway: str
    actions: tuple[str, ...]
    reason: str
    respond: str | None = None
    advice: str | None = None
    front: bool = True
    extra_reason: str = ""


_LIFT_1 = _Lift("safety-1", EMERGENCY, (CALL_999,), _REASON_1, IMMEDIATELY, _ADVICE_1)
_LIFT_2 = _Lift("safety-2", SOCIAL_CARE, (MASH_REFERRAL,), _REASON_2, SAME_DAY, _ADVICE_2)
_LIFT_4 = _Lift("safety-4", EARLY_HELP, (), _REASON_4)
_LIFT_4_MISSING = _Lift(
    "safety-4", EARLY_HELP, (RETURN_HOME_INTERVIEW,), _REASON_4 + _REASON_4_MISSING, front=False
)
_LIFT_5 = _Lift(DOMESTIC_ABUSE_FLOOR_ID, EARLY_HELP, (), _REASON_5)


def apply_floor(o: Outcome, facts: Facts, rules: RuleSet) -> Outcome:
    """Lift or cap the rules' outcome so that invariants 1–7 and 9–14 hold for these facts."""
    adult_dahr = facts.domestic_abuse_high_risk and not facts.any_in_range
    harm = facts.significant_harm or (facts.domestic_abuse_high_risk and not adult_dahr)
    safeguarding = facts.immediate_danger or harm or floors.social_care_concern(facts)
    if facts.immediate_danger:
        o = _at_least(o, rules, _LIFT_1)
    if harm:
        o = _at_least(o, rules, _LIFT_2)
    if facts.domestic_abuse_high_risk:
        o = _marac(o, rules, facts)
    refused = facts.consent == REFUSED and not safeguarding
    for floor in floors.concern_floors(facts):
        if floor.pathway == SOCIAL_CARE or not refused:
            o = _at_least(o, rules, _concern_lift(floor))
    if refused:
        o = _refused(o, rules, facts)
    elif not facts.any_in_range and not safeguarding and not adult_dahr:
        o = _at_most(o, rules, SIGNPOST, "safety-7", _REASON_7)
    elif facts.any_in_range:
        o = _child_needs(o, rules, facts)
    if floors.repeated(facts):
        o = _repeated(o, facts)
    return _in_time(o)


def _repeated(o: Outcome, facts: Facts) -> Outcome:
    """Rule 13: the consultation, and a trace that says why, even if it was already due."""
    reason = _REASON_13.format(count=facts.earlier_requests)
    actions = o.actions + (
        () if SAFEGUARDING_CONSULTATION in o.actions else (SAFEGUARDING_CONSULTATION,)
    )
    return o._replace(actions=actions, trace=(*o.trace, shared_entry("safety-13", reason)))


def _refused(o: Outcome, rules: RuleSet, facts: Facts) -> Outcome:
    """Rules 6 and 9: no early help without consent, but a consultation where it matters."""
    o = _at_most(o, rules, SIGNPOST, "safety-6", _REASON_6)
    if not facts.needs.isdisjoint(SAFEGUARDING_NEEDS):
        o = _with_actions(o, (SAFEGUARDING_CONSULTATION,), "safety-6", _REASON_6_CONSULT)
    if facts.concerns:
        o = _with_actions(o, (SAFEGUARDING_CONSULTATION,), "safety-9", _REASON_6_CONCERN)
    return o


def _child_needs(o: Outcome, rules: RuleSet, facts: Facts) -> Outcome:
    """Rules 4 and 5: needs that bring at least early help for a child in range."""
    if not facts.needs.isdisjoint(RULE4_NEEDS):
        o = _at_least(o, rules, _LIFT_4_MISSING if MISSING_CHILD in facts.needs else _LIFT_4)
    if DOMESTIC_ABUSE in facts.needs:
        o = _at_least(o, rules, _LIFT_5)
    return o


def _concern_lift(floor: floors.ConcernFloor) -> _Lift:
    level = "Children's Social Care" if floor.pathway == SOCIAL_CARE else "early help"
    reason = _REASON_9.format(why=floor.why, level=level)
    front = floor.pathway == SOCIAL_CARE  # a referral to the MASH comes first
    return _Lift("safety-9", floor.pathway, (floor.action,), reason, SAME_DAY, front=front)


_LIFT_12_CHILD = _Lift(
    "safety-12", SOCIAL_CARE, (MARAC_REFERRAL,), _REASON_12_CHILD, SAME_DAY, front=False
)
_LIFT_12_ADULT = _Lift("safety-12", SIGNPOST, (MARAC_REFERRAL,), _REASON_12, SAME_DAY)


def _marac(o: Outcome, rules: RuleSet, facts: Facts) -> Outcome:
    """Rule 12: high-risk domestic abuse carries MARAC; with no child in range, never the MASH.

    A significant-harm answer keeps the referral to Children's Social Care (rule 2), and
    immediate danger keeps the emergency (rule 1); otherwise an adult's high-risk domestic
    abuse is capped at signposting, to the domestic violence adviser and MARAC.
    """
    if facts.any_in_range:
        return _at_least(o, rules, _LIFT_12_CHILD)
    if not facts.significant_harm:
        if MASH_REFERRAL in o.actions:
            kept = tuple(a for a in o.actions if a != MASH_REFERRAL)
            o = o._replace(actions=kept, trace=(*o.trace, shared_entry("safety-12", _REASON_12)))
        if not facts.immediate_danger:
            o = _at_most(o, rules, SIGNPOST, "safety-12", _REASON_12)
    return _at_least(o, rules, _LIFT_12_ADULT)


#: Actions that make a route due the same working day (rule 14).
_SAME_DAY_ACTIONS = frozenset({SAFEGUARDING_CONSULTATION, MARAC_REFERRAL})


def _in_time(o: Outcome) -> Outcome:
    """Rule 14: an emergency now; social care, a consultation or MARAC the same working day."""
    if o.pathway == EMERGENCY:
        wanted = IMMEDIATELY
    elif o.pathway == SOCIAL_CARE or not _SAME_DAY_ACTIONS.isdisjoint(o.actions):
        wanted = SAME_DAY
    else:
        return o
    rank = respond_rank(wanted)
    if rank is None or (o.respond_rank is not None and o.respond_rank <= rank):
        return o
    entry = shared_entry("safety-14", _REASON_14.format(when=wanted))
    return o._replace(respond_within=wanted, respond_rank=rank, trace=(*o.trace, entry))


def _at_least(o: Outcome, rules: RuleSet, lift: _Lift) -> Outcome:
    """Raise the pathway to at least the lift's and add its actions; trace only real changes."""
    before = o
    if rules.rank[o.pathway] > rules.rank[lift.pathway]:
        o = o._replace(pathway=lift.pathway)
    missing = tuple(a for a in lift.actions if a not in o.actions)
    if missing:
        o = o._replace(actions=missing + o.actions if lift.front else o.actions + missing)
    if o is before:
        return o
    rank = respond_rank(lift.respond) if lift.respond else None
    if rank is not None and (o.respond_rank is None or o.respond_rank > rank):
        o = o._replace(respond_within=lift.respond, respond_rank=rank)
    if lift.advice and lift.advice not in o.advice:
        o = o._replace(advice=(lift.advice, *o.advice))
    return o._replace(trace=(*o.trace, shared_entry(lift.rule_id, lift.reason)))


def _at_most(o: Outcome, rules: RuleSet, cap: str, rule_id: str, reason: str) -> Outcome:
    """Lower the pathway to ``cap`` and leave out actions that need a more urgent pathway."""
    changed = rules.rank[o.pathway] < rules.rank[cap]
    pathway = cap if changed else o.pathway
    too_urgent = rules.too_urgent_for[pathway]
    dropped = [code for code in o.actions if code in too_urgent]
    kept = [code for code in o.actions if code not in too_urgent] if dropped else o.actions
    if not changed and not dropped:
        return o
    if dropped:
        labels = "; ".join(rules.actions[c].label for c in dropped)
        reason = f"{reason} Left out, as it goes only with a more urgent pathway: {labels}."
    trace = (*o.trace, shared_entry(rule_id, reason))
    return o._replace(pathway=pathway, actions=tuple(kept), trace=trace)


def _with_actions(o: Outcome, actions: tuple[str, ...], rule_id: str, reason: str) -> Outcome:
    missing = tuple(a for a in actions if a not in o.actions)
    if not missing:
        return o
    return o._replace(actions=o.actions + missing, trace=(*o.trace, shared_entry(rule_id, reason)))
