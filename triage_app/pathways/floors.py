"""The safeguarding concerns' floors (contract rules 9–14, DOMAIN.md), stated once.

The engine (:mod:`triage_app.pathways.safety`), the loader's contradiction checks and the
tests all read this table, so a floor is changed in one place or not at all. Each concern
lifts a route to at least its pathway and adds its action; ``underage_sexual_activity`` is
the one whose floor depends on the children: at the social-care floor if any child named
in the request is under 13 (which child is often not said), else at the early-help floor.
"""

from __future__ import annotations

from dataclasses import dataclass

from triage_app.pathways.conditions import Facts

SOCIAL_CARE = "social_care"
EARLY_HELP = "early_help"
MASH_REFERRAL = "mash_referral"
SAFEGUARDING_CONSULTATION = "safeguarding_consultation"
MARAC_REFERRAL = "marac_referral"

UNDERAGE_SEXUAL_ACTIVITY = "underage_sexual_activity"
#: Below this age any sexual activity is a child protection matter (rule 9's table).
UNDERAGE_SOCIAL_CARE_BELOW = 13
#: Rule 13: this many earlier requests in the last 365 days make the concerns add up.
REPEAT_THRESHOLD = 2


@dataclass(frozen=True)
class ConcernFloor:
    """One concern's floor: at least ``pathway``, carrying ``action``."""

    code: str
    pathway: str
    action: str
    why: str


def _social_care(code: str, why: str) -> ConcernFloor:
    return ConcernFloor(code, SOCIAL_CARE, MASH_REFERRAL, why)


def _early_help(code: str, why: str) -> ConcernFloor:
    return ConcernFloor(code, EARLY_HELP, SAFEGUARDING_CONSULTATION, why)


#: Every concern with the floor of DOMAIN.md's table, in its order.
CONCERN_FLOORS: dict[str, ConcernFloor] = {
    f.code: f
    for f in (
        _social_care("physical_abuse", "a child hurt by someone, or an injury no one explains"),
        _social_care("sexual_abuse", "a child sexually abused, or saying so"),
        _social_care("sexual_exploitation", "signs of a child being groomed or exploited"),
        _social_care("fgm_or_honour_based_abuse", "FGM, forced marriage or 'honour'-based abuse"),
        _social_care(
            "private_fostering",
            "a child privately fostered (the council must be told by law)",
        ),
        _social_care("homeless_16_17", "a 16- or 17-year-old homeless, or about to be"),
        _early_help("neglect", "a child's basic needs not met"),
        _early_help("emotional_abuse", "a child persistently belittled, frightened or rejected"),
        _early_help("self_harm", "a child hurting themselves or speaking of suicide"),
        _early_help(UNDERAGE_SEXUAL_ACTIVITY, "a child under 16 sexually active, or pregnant"),
    )
}

#: Concerns a family's sheet must never name, nor a service that reveals them: the person
#: harming a child may find it at home. A rule that matches one must be discreet (checked at
#: load, like domestic abuse). Neglect, self-harm, private fostering and a homeless 16- or
#: 17-year-old are spoken of on the sheet in neutral words instead.
DISCREET_CONCERNS = frozenset(
    {
        "physical_abuse",
        "sexual_abuse",
        "sexual_exploitation",
        "fgm_or_honour_based_abuse",
        "emotional_abuse",
        UNDERAGE_SEXUAL_ACTIVITY,
    }
)

#: The concern whose floor rises to social care when a child under 13 is named.
UNDERAGE_UNDER_13 = _social_care(
    UNDERAGE_SEXUAL_ACTIVITY,
    "sexual activity or pregnancy in a household with a child under 13",
)


def floor_of(code: str, facts: Facts) -> ConcernFloor:
    """A concern's floor for this request (``underage_sexual_activity`` depends on ages)."""
    if code == UNDERAGE_SEXUAL_ACTIVITY and any(a < UNDERAGE_SOCIAL_CARE_BELOW for a in facts.ages):
        return UNDERAGE_UNDER_13
    return CONCERN_FLOORS[code]


def concern_floors(facts: Facts) -> tuple[ConcernFloor, ...]:
    """The floors of the request's concerns, in the table's order (unknown codes skipped)."""
    if not facts.concerns:
        return ()
    return tuple(floor_of(c, facts) for c in CONCERN_FLOORS if c in facts.concerns)


def social_care_concern(facts: Facts) -> bool:
    """Whether a concern lifts this request to social care, overriding consent (rule 9)."""
    return bool(facts.concerns) and any(f.pathway == SOCIAL_CARE for f in concern_floors(facts))


def urgent(facts: Facts) -> bool:
    """Whether the request is routed to its floor however little else is known (rule 10)."""
    return (
        facts.immediate_danger
        or facts.significant_harm
        or facts.domestic_abuse_high_risk
        or social_care_concern(facts)
    )


def repeated(facts: Facts) -> bool:
    """Rule 13: at least the third request in a year, about a child in range."""
    return facts.earlier_requests >= REPEAT_THRESHOLD and facts.any_in_range
