"""Questions to ask now: where what is typed suggests a concern or a household not yet told.

A concern's floor only holds once staff tick it (contract rule 9), an adult's high-risk
domestic abuse goes to MARAC alone only when there is truly no child (rule 12), and domestic
abuse with children reaches MASH only when the risk question is answered yes (rule 3). A
busy handler may not think of the tick, or may not have asked yet; these prompts,
shown in the route panel, say so while the caller is still on the line. They never change
the route: the route is the contract's and the rules', worked out from what is recorded.
"""

from __future__ import annotations

from datetime import date

from triage_app.domain.ages import child_age
from triage_app.domain.request import TriageRequest
from triage_app.pathways.conditions import facts_of

#: Needs whose words, with a young person of these ages, suggest a concern not yet ticked.
_PREGNANCY = "pregnancy_new_baby"
_HOMELESS = frozenset({"homelessness", "housing_rent"})
_UNDERAGE = "underage_sexual_activity"
_HOMELESS_16_17 = "homeless_16_17"
_DOMESTIC_ABUSE = "domestic_abuse"
_PRIVATE_FOSTERING = "private_fostering"
_SEXUAL_HEALTH = "relationships_sexual_health"

ASK_CHILDREN = (
    "Ask whether any children live in the household, or a baby is expected: with a child, "
    "the safeguarding hub (MASH) is told as well as MARAC. If there are children whose ages "
    "are not known, tick 'ages not known yet'."
)
ASK_CHILDREN_ABUSE = (
    "Domestic abuse: ask whether any children live in the household, or a baby is expected; "
    "children change what the family is offered, and who is told if the risk is high. If "
    "there are children whose ages are not known, tick 'ages not known yet'."
)
ASK_RISK = (
    "Domestic abuse with a child in the household: ask the high-risk question now (for a "
    "police notification, the risk level the police recorded). A yes tells the safeguarding "
    "hub (MASH) and MARAC the same working day."
)
ASK_PREGNANCY = (
    "A child of 10 to 15 is named with a pregnancy: if she is the one who is pregnant, tick "
    "'Under-16 sexual activity or pregnancy'."
)
ASK_SEXUAL_ACTIVITY = (
    "A child under 16 is named with relationships or sexual health: ask whether they are "
    "sexually active, or (a younger child) showing sexualised behaviour, which can be a sign "
    "of abuse; if so, tick the concern that fits ('Under-16 sexual activity or pregnancy', "
    "'Sexual abuse'): under 13, the safeguarding hub is told."
)
ASK_UNBORN = (
    "A pregnancy is named but no baby expected is added: add one ('unborn') so the route "
    "counts the baby (hidden harm, a child in range, a midwife)."
)
ASK_HOMELESS = (
    "A 16- or 17-year-old is named with homelessness: if the young person has nowhere safe to "
    "stay on their own, tick 'A 16- or 17-year-old homeless' (Children's Social Care must "
    "assess them)."
)

CHECK_PRIVATE_FOSTERING = (
    "Private fostering is ticked but no child named is under 16 (under 18 with a disability): "
    "check the child's age and whether they have a disability; the council must be told only "
    "of a child in that range."
)


def _fostered_out_of_range(request: TriageRequest, on: date) -> bool:
    """Private fostering ticked, every child's age known, and none young enough for it."""
    if _PRIVATE_FOSTERING not in request.concerns or not request.children:
        return False
    if request.children_unknown or request.send:
        return False
    limits = []
    for child in request.children:
        age = child_age(child, on)
        if child.unborn or age is None:
            return False
        limits.append(age < (18 if child.send else 16))
    return not any(limits)


def questions_to_ask(request: TriageRequest, on: date) -> tuple[str, ...]:
    """What to ask the caller now, given what is typed so far (none: nothing to ask)."""
    facts = facts_of(request, on)
    asks = []
    if facts.domestic_abuse_high_risk and not facts.any_in_range:
        asks.append(ASK_CHILDREN)
    elif _DOMESTIC_ABUSE in facts.needs and not facts.any_in_range and not facts.ages:
        asks.append(ASK_CHILDREN_ABUSE)
    if (
        _DOMESTIC_ABUSE in facts.needs
        and facts.any_in_range
        and request.answers.domestic_abuse_high_risk is None
    ):
        asks.append(ASK_RISK)
    if (
        _PREGNANCY in facts.needs
        and _UNDERAGE not in facts.concerns
        and any(10 <= a < 16 for a in facts.ages)  # old enough to be the one pregnant
    ):
        asks.append(ASK_PREGNANCY)
    if _PREGNANCY in facts.needs and not facts.unborn:
        asks.append(ASK_UNBORN)
    if (
        _SEXUAL_HEALTH in facts.needs
        and _UNDERAGE not in facts.concerns
        and any(0 <= a < 16 for a in facts.ages)
    ):
        asks.append(ASK_SEXUAL_ACTIVITY)
    if (
        not _HOMELESS.isdisjoint(facts.needs)
        and _HOMELESS_16_17 not in facts.concerns
        and any(16 <= a <= 17 for a in facts.ages)
    ):
        asks.append(ASK_HOMELESS)
    if _fostered_out_of_range(request, on):
        asks.append(CHECK_PRIVATE_FOSTERING)
    return tuple(asks)
