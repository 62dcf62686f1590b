"""Rules that plainly contradict the routing safety contract, found when a rule set loads.

The floor (:mod:`triage_app.pathways.safety`) would override such a rule for every family it
matches; reporting it at load, naming the rule and the contract's rule number, lets the
author hear of it then. Each check is decided from a rule's own conditions alone.
"""

from __future__ import annotations

from collections.abc import Mapping

from triage_app.domain.ages import MAX_AGE
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import floors
from triage_app.pathways.conditions import ANSWERS, Conditions
from triage_app.pathways.floors import MARAC_REFERRAL
from triage_app.pathways.model import Action, Rule
from triage_app.pathways.respond import respond_rank
from triage_app.pathways.safety import (
    CALL_999,
    CONTRACT_ACTIONS,
    CONTRACT_PATHWAYS,
    EARLY_HELP,
    EMERGENCY,
    IMMEDIATELY,
    MASH_REFERRAL,
    REFUSED,
    SAFEGUARDING_CONSULTATION,
    SAFEGUARDING_NEEDS,
    SAME_DAY,
    SIGNPOST,
    SOCIAL_CARE,
)


def contract_problems(vocab: Vocabularies, actions: Mapping[str, Action]) -> list[str]:
    """Codes the contract names that the vocabularies or the action list lack or misuse."""
    found = [
        f"the safety contract names pathway '{p}', which the vocabulary lacks"
        for p in CONTRACT_PATHWAYS
        if p not in vocab.pathway
    ]
    found += [
        f"the safety contract names need '{n}', which the vocabulary lacks"
        for n in sorted(SAFEGUARDING_NEEDS)
        if n not in vocab.need
    ]
    found += [
        f"the safety contract names concern '{c}', which the vocabulary lacks"
        for c in floors.CONCERN_FLOORS
        if c not in vocab.concern
    ]
    if REFUSED not in vocab.consent:
        found.append(f"the safety contract names consent '{REFUSED}', which the vocabulary lacks")
    for code in CONTRACT_ACTIONS:
        action = actions.get(code)
        if action is None:
            found.append(f"the safety contract's action '{code}' is not defined")
        elif action.min_pathway is not None or action.max_pathway is not None:
            found.append(
                f"the safety contract's action '{code}' must not have min_pathway or "
                "max_pathway: the contract adds it whatever the pathway"
            )
    return found


def rule_contradictions(
    rule: Rule, rank: Mapping[str, int], consents: tuple[str, ...]
) -> list[str]:
    """What in this rule contradicts the contract, decided from its conditions alone."""
    if rule.pathway is None or rule.pathway not in rank:
        return []
    w = rule.when
    level = rank[rule.pathway]
    found = []
    if w.immediate_danger is True and level > rank[EMERGENCY]:
        missing = "" if CALL_999 in rule.actions else f" with '{CALL_999}'"
        found.append(
            f"matches immediate danger but sets pathway '{rule.pathway}': the safety contract "
            f"(1) requires '{EMERGENCY}'{missing}"
        )
    for name in ("significant_harm", "domestic_abuse_high_risk"):
        adult_only = name == "domestic_abuse_high_risk" and w.child_in_range is False
        if w.answer(name) is True and level > rank[SOCIAL_CARE] and not adult_only:
            found.append(
                f"matches {name.replace('_', ' ')} but sets pathway '{rule.pathway}': the "
                f"safety contract (2–3) requires at least '{SOCIAL_CARE}'"
            )
    no_safeguarding = not any(w.answer(a) is True for a in ANSWERS)
    rule_consents = w.consents(consents)
    if no_safeguarding and rule_consents == {REFUSED} and level < rank[SIGNPOST]:
        found.append(
            f"sets pathway '{rule.pathway}' when consent is refused: the safety contract (6) "
            f"allows only '{SIGNPOST}' or less (early help is voluntary)"
        )
    if no_safeguarding and w.child_in_range is False and level < rank[SIGNPOST]:
        found.append(
            f"sets pathway '{rule.pathway}' when no child is in range: the safety contract "
            f"(7) allows only '{SIGNPOST}' or less"
        )
    if _always_in_scope_of_4_or_5(w, rule_consents) and level > rank[EARLY_HELP]:
        found.append(
            f"sets pathway '{rule.pathway}' for a safeguarding need of a child in range: the "
            f"safety contract (4–5) requires at least '{EARLY_HELP}'"
        )
    found += _concern_contradictions(rule, rank, rule_consents)
    found += _adult_domestic_abuse_contradictions(rule, rank)
    found += _timing_contradictions(rule, rank)
    return found


def _concern_contradictions(
    rule: Rule, rank: Mapping[str, int], consents: frozenset[str]
) -> list[str]:
    """Rule 9: a rule that only matches concerns may not set a pathway below their floor."""
    concerns = rule.when.concerns_any
    if not concerns or rule.pathway is None:
        return []
    known = [floors.CONCERN_FLOORS[c] for c in concerns if c in floors.CONCERN_FLOORS]
    if not known:
        return []
    # Every concern has at least the early-help floor; with consent refused rule 9 caps
    # early-help concerns at signposting, so only the social-care floor holds then.
    lowest = min(
        (f for f in known if REFUSED not in consents or f.pathway == SOCIAL_CARE),
        key=lambda f: -rank[f.pathway],
        default=None,
    )
    if lowest is None or rank[rule.pathway] <= rank[lowest.pathway]:
        return []
    return [
        f"sets pathway '{rule.pathway}' for the concern '{lowest.code}': the safety contract "
        f"(9) requires at least '{lowest.pathway}'"
    ]


def _adult_domestic_abuse_contradictions(rule: Rule, rank: Mapping[str, int]) -> list[str]:
    """Rule 12: an adult's high-risk domestic abuse goes to MARAC, never to the MASH."""
    w = rule.when
    if not (w.domestic_abuse_high_risk is True and w.child_in_range is False):
        return []
    if w.significant_harm is True:
        return []
    found = []
    if MASH_REFERRAL in rule.actions:
        found.append(
            f"adds '{MASH_REFERRAL}' for high-risk domestic abuse with no child in range: the "
            f"safety contract (12) refers adults to '{MARAC_REFERRAL}', never to the MASH"
        )
    level = rank.get(rule.pathway) if rule.pathway else None
    if level is not None and w.immediate_danger is not True and level < rank[SIGNPOST]:
        found.append(
            f"sets pathway '{rule.pathway}' for high-risk domestic abuse with no child in "
            f"range: the safety contract (12) makes it an adult's safeguarding ('{SIGNPOST}' "
            f"with '{MARAC_REFERRAL}')"
        )
    elif level is not None and level > rank[SIGNPOST]:
        found.append(
            f"sets pathway '{rule.pathway}' for high-risk domestic abuse with no child in "
            f"range: the safety contract (12) requires at least '{SIGNPOST}'"
        )
    return found


def _timing_contradictions(rule: Rule, rank: Mapping[str, int]) -> list[str]:
    """Rule 14: an emergency now; social care, a consultation or MARAC the same working day."""
    if rule.respond_rank is None or rule.respond_within is None:
        return []
    if rule.pathway == EMERGENCY:
        wanted = IMMEDIATELY
    elif rule.pathway == SOCIAL_CARE or not {SAFEGUARDING_CONSULTATION, MARAC_REFERRAL}.isdisjoint(
        rule.actions
    ):
        wanted = SAME_DAY
    else:
        return []
    limit = respond_rank(wanted)
    if limit is None or rule.respond_rank <= limit:
        return []
    return [
        f"responds within '{rule.respond_within}': the safety contract (14) requires "
        f"'{wanted}' or sooner for a route like this"
    ]


def _always_in_scope_of_4_or_5(w: Conditions, consents: frozenset[str]) -> bool:
    """Whether every request the rule matches falls under invariant 4 or 5 (and not 6)."""
    if not w.needs_any or not w.needs_any <= SAFEGUARDING_NEEDS or REFUSED in consents:
        return False
    aged_in_range = (
        w.any_child_aged is not None and 0 <= w.any_child_aged[0] <= w.any_child_aged[1] <= MAX_AGE
    )
    return w.child_in_range is True or w.unborn is True or aged_in_range
