"""Actions speak to families in their own words; staff-only partners stay off the sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pathways.rulesets import RuleSetFolder
from triage_app.pathways import RuleProblem, RuleSet

RULE = '\n[[rule]]\nid = "r"\nreason = "Why."\npathway = "advice"\nadvice = "Some advice."\n'

#: Words of the staff's labels that a family's wording should not need.
STAFF_WORDS = ("Signpost", "Refer ", "MASH", "Offer an", "consultation")


def only(problems: tuple[RuleProblem, ...]) -> RuleProblem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def _edit_actions(folder: RuleSetFolder, old: str, new: str) -> Path:
    actions = folder.dir / "actions.toml"
    text = actions.read_text()
    assert old in text
    actions.write_text(text.replace(old, new, 1))
    return actions


def test_every_shipped_action_has_plain_family_wording(rules: RuleSet) -> None:
    for action in rules.actions.values():
        assert action.family and action.family != action.label, action.code
        for word in STAFF_WORDS:
            assert word not in action.family, (action.code, word)


def test_the_safeguarding_hub_is_for_staff_only(rules: RuleSet) -> None:
    assert rules.partners["mash"].for_families is False
    staff_only = {p.code for p in rules.partners.values() if not p.for_families}
    assert staff_only == {"mash"}
    for partner in rules.partners.values():
        if partner.for_families:
            assert not partner.seed.hint.startswith("Staff"), partner.code


def test_missing_family_wording_names_file_line_and_action(folder: RuleSetFolder) -> None:
    actions = _edit_actions(
        folder,
        'family = "We can give you a food bank voucher."\n',
        "",
    )
    p = only(folder.problems(RULE))
    assert (p.file, p.rule) == (str(actions), "food_bank_voucher")
    assert p.line == folder.line_of(actions, "[action.food_bank_voucher]")
    assert p.message.startswith("family is missing")


def test_empty_family_wording_is_missing_too(folder: RuleSetFolder) -> None:
    actions = _edit_actions(
        folder, 'family = "We can give you a food bank voucher."', 'family = "  "'
    )
    p = only(folder.problems(RULE))
    assert (p.rule, p.line) == ("food_bank_voucher", folder.line_of(actions, 'family = "  "'))


def test_family_wording_gets_the_advice_checks(folder: RuleSetFolder) -> None:
    long = " ".join(["word"] * 31) + "."
    actions = _edit_actions(
        folder,
        'family = "We can give you a food bank voucher."',
        f'family = "Ask the MASH. {long}"',
    )
    problems = folder.problems(RULE)
    assert {p.rule for p in problems} == {"food_bank_voucher"}
    line = folder.line_of(actions, "Ask the MASH")
    assert {p.line for p in problems} == {line}
    messages = " | ".join(p.message for p in problems)
    assert "the family wording uses 'MASH' without saying what it stands for" in messages
    assert "sentence of 31 words" in messages


def test_a_partners_own_name_may_be_used_unexplained(folder: RuleSetFolder) -> None:
    assert folder.load(RULE).actions["go_cv_signup"].family == "We can help you sign up for Go CV."


def test_for_families_must_be_true_or_false(folder: RuleSetFolder) -> None:
    partners = folder.root / "partners.toml"
    partners.write_text(partners.read_text().replace("for_families = false", 'for_families = "no"'))
    p = only(folder.problems(RULE))
    assert (p.file, p.rule) == (str(partners), "mash")
    assert p.line == folder.line_of(partners, 'for_families = "no"')
    assert p.message == "for_families must be true or false"


@pytest.mark.parametrize(("value", "expected"), [("", True), ("for_families = true\n", True)])
def test_for_families_defaults_to_true(folder: RuleSetFolder, value: str, expected: bool) -> None:
    partners = folder.root / "partners.toml"
    partners.write_text(partners.read_text().replace("for_families = false\n", value))
    assert folder.load(RULE).partners["mash"].for_families is expected
