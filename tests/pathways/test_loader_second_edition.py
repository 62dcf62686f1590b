"""Loading reports a rule that contradicts a floor of the contract's second edition.

A rule the floor would override for every family it matches is a mistake its author should
hear of when the file is checked, with the rule named and the contract's rule number, as for
the first edition's floors (test_loader_problems.py). Rules that follow the second edition
load cleanly.
"""

from __future__ import annotations

import pytest

from tests.pathways.rulesets import RuleSetFolder
from tests.pathways.test_loader_problems import rule
from triage_app.pathways import RuleProblem
from triage_app.pathways.floors import DISCREET_CONCERNS

ADULT_DAHR = ("when.domestic_abuse_high_risk = true", "when.child_in_range = false")


def reported(problems: tuple[RuleProblem, ...], rule_id: str, number: str) -> RuleProblem:
    """The problem naming ``rule_id`` whose message cites the contract's rule ``number``."""
    found = [p for p in problems if p.rule == rule_id and f"({number})" in p.message]
    assert found, [str(p) for p in problems]
    return found[0]


@pytest.mark.parametrize(
    ("lines", "number"),
    [
        (['when.concerns_any = ["physical_abuse"]', 'pathway = "signpost"'], "9"),
        (
            [
                'when.concerns_any = ["sexual_exploitation", "private_fostering"]',
                'pathway = "early_help"',
                'actions = ["mash_referral"]',
            ],
            "9",
        ),
        (  # a concern at social care overrides consent
            [
                'when.concerns_any = ["homeless_16_17"]',
                'when.consent = ["refused"]',
                'pathway = "signpost"',
            ],
            "9",
        ),
        (
            [
                'when.concerns_any = ["neglect"]',
                'when.consent_not = ["refused"]',
                'pathway = "advice"',
            ],
            "9",
        ),
        (
            [
                'when.concerns_any = ["self_harm", "emotional_abuse"]',
                'when.consent = ["given", "not_asked"]',
                'pathway = "signpost"',
            ],
            "9",
        ),
        (
            [*ADULT_DAHR, 'pathway = "signpost"', 'actions = ["marac_referral", "mash_referral"]'],
            "12",
        ),
        ([*ADULT_DAHR, 'pathway = "social_care"', 'actions = ["marac_referral"]'], "12"),
        (
            [
                "when.immediate_danger = true",
                'pathway = "emergency"',
                'actions = ["call_999"]',
                'respond_within = "the same working day"',
            ],
            "14",
        ),
        (['pathway = "emergency"', 'respond_within = "the next working day"'], "14"),
        (
            [
                'when.source = ["children_social_care"]',
                'pathway = "social_care"',
                'respond_within = "5 working days"',
            ],
            "14",
        ),
        (
            [
                'when.needs_any = ["school_attendance"]',
                'pathway = "early_help"',
                'actions = ["safeguarding_consultation"]',
                'respond_within = "10 working days"',
            ],
            "14",
        ),
    ],
    ids=[
        "physical abuse signposted",
        "exploitation or private fostering at early help",
        "homeless 16-17, consent refused, signposted",
        "neglect, consent not refused, advice",
        "self-harm or emotional abuse, consent given, signposted",
        "adult high-risk DA to the MASH",
        "adult high-risk DA to social care",
        "an emergency the same working day",
        "an emergency the next working day",
        "social care in 5 working days",
        "a consultation in 10 working days",
    ],
)
def test_a_rule_that_contradicts_the_second_edition_is_reported(
    folder: RuleSetFolder, lines: list[str], number: str
) -> None:
    # Discreet, so that only the contradiction is reported (a rule about domestic abuse or a
    # dangerous concern must be discreet, checked before the contract is).
    text = rule("unsafe", *lines) + "discreet = true\n"
    p = reported(folder.problems(text), "unsafe", number)
    assert p.file == str(folder.rules_file)
    assert p.line == folder.line_of(folder.rules_file, 'id = "unsafe"')


@pytest.mark.parametrize(
    "lines",
    [
        [
            'when.concerns_any = ["physical_abuse", "sexual_abuse"]',
            'pathway = "social_care"',
            'actions = ["mash_referral"]',
            'respond_within = "the same working day"',
        ],
        [
            'when.concerns_any = ["neglect"]',
            'when.consent = ["refused"]',
            'pathway = "signpost"',
            'actions = ["safeguarding_consultation"]',
            'respond_within = "the same working day"',
        ],
        [
            'when.concerns_any = ["neglect", "self_harm"]',
            'when.consent_not = ["refused"]',
            'pathway = "early_help"',
            'actions = ["safeguarding_consultation", "early_help_assessment"]',
            'respond_within = "the same working day"',
        ],
        [  # its floor is early help unless a child under 13 is named
            'when.concerns_any = ["underage_sexual_activity"]',
            'when.consent_not = ["refused"]',
            'pathway = "early_help"',
            'actions = ["safeguarding_consultation", "youth_work"]',
            'respond_within = "the same working day"',
        ],
        [  # rule 12: an adult's high-risk domestic abuse goes to the IDVA and MARAC
            *ADULT_DAHR,
            'pathway = "signpost"',
            'actions = ["marac_referral", "refer_domestic_abuse_service"]',
            'respond_within = "the same working day"',
        ],
        [
            "when.domestic_abuse_high_risk = true",
            "when.child_in_range = true",
            'pathway = "social_care"',
            'actions = ["mash_referral", "marac_referral"]',
            'respond_within = "the same working day"',
        ],
        [
            "when.immediate_danger = true",
            'pathway = "emergency"',
            'actions = ["call_999"]',
            'respond_within = "immediately"',
        ],
    ],
    ids=[
        "abuse to social care",
        "neglect refused: a consultation",
        "neglect or self-harm: early help",
        "under-16 sexual activity: early help",
        "adult high-risk DA: MARAC",
        "high-risk DA with a child: both",
        "an emergency, immediately",
    ],
)
def test_a_rule_that_follows_the_second_edition_loads(
    folder: RuleSetFolder, lines: list[str]
) -> None:
    text = rule("safe", *lines)
    sensitive = ("domestic_abuse_high_risk", *DISCREET_CONCERNS)
    if any(word in line for line in lines for word in sensitive):
        text += "discreet = true\n"
    rules = folder.load(text)
    assert "safe" in [r.id for r in rules.rules]


@pytest.mark.parametrize("concern", sorted(DISCREET_CONCERNS))
def test_a_rule_about_a_dangerous_concern_must_be_discreet(
    folder: RuleSetFolder, concern: str
) -> None:
    text = rule(
        "open-sheet",
        f'when.concerns_any = ["{concern}"]',
        'pathway = "social_care"',
        'actions = ["mash_referral"]',
        'respond_within = "the same working day"',
    )
    found = [p for p in folder.problems(text) if p.rule == "open-sheet"]
    assert any("must be marked discreet = true" in p.message for p in found), found
