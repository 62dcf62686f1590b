"""Every kind of problem in a rule set is reported with its file, line, rule and a way to fix it."""

from __future__ import annotations

import pytest

from tests.pathways.rulesets import RuleSetFolder
from triage_app.pathways import RuleProblem

ADVICE = 'advice = "Some advice."\n'


def rule(rule_id: str, *lines: str, advice: bool = True) -> str:
    body = "\n".join(lines)
    return f'\n[[rule]]\nid = "{rule_id}"\nreason = "Why."\n{body}\n' + (ADVICE if advice else "")


def only(problems: tuple[RuleProblem, ...]) -> RuleProblem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_a_clean_rule_set_loads(folder: RuleSetFolder) -> None:
    rules = folder.load(rule("ok", 'when.needs_any = ["money_debt"]', 'pathway = "signpost"'))
    assert [r.id for r in rules.rules] == ["fallback", "ok"]
    assert rules.rule("ok").line == folder.line_of(folder.rules_file, 'id = "ok"')


def test_unknown_need_names_file_line_rule_and_suggests(folder: RuleSetFolder) -> None:
    p = only(folder.problems(rule("da", 'when.needs_any = ["domestic_abuze"]')))
    assert p.file == str(folder.rules_file)
    assert p.line == folder.line_of(folder.rules_file, "domestic_abuze")
    assert p.rule == "da"
    assert p.message == "unknown need 'domestic_abuze' — did you mean 'domestic_abuse'?"
    assert str(p) == f"{folder.rules_file}:{p.line}: da: {p.message}"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('when.source = ["polise"]', "unknown source 'polise' — did you mean 'police'?"),
        (
            'when.contact_method = ["telephon"]',
            "unknown contact method 'telephon' — did you mean 'telephone'?",
        ),
        ('when.consent = ["refusd"]', "unknown consent 'refusd' — did you mean 'refused'?"),
        ('pathway = "signposts"', "unknown pathway 'signposts' — did you mean 'signpost'?"),
        (
            'actions = ["refer_ciass", "call_99"]',
            "unknown action 'call_99' — did you mean 'call_999'?",
        ),
    ],
)
def test_unknown_codes_of_every_kind(folder: RuleSetFolder, line: str, message: str) -> None:
    p = only(folder.problems(rule("r", line)))
    assert (p.rule, p.message, p.line) == ("r", message, folder.line_of(folder.rules_file, line))


def test_unknown_rule_field_and_condition_suggest_the_right_name(folder: RuleSetFolder) -> None:
    problems = folder.problems(rule("r", 'when.need_any = ["money_debt"]', 'pathways = "advice"'))
    messages = {p.message for p in problems}
    assert "unknown condition 'when.need_any' — did you mean 'when.needs_any'?" in messages
    assert "unknown rule field 'pathways' — did you mean 'pathway'?" in messages
    lines = {p.message.split("'")[1]: p.line for p in problems}
    assert lines["when.need_any"] == folder.line_of(folder.rules_file, "when.need_any")


def test_duplicate_id_points_at_the_second_and_names_the_first(folder: RuleSetFolder) -> None:
    text = rule("same", 'pathway = "advice"') + rule("same", 'pathway = "signpost"')
    p = only(folder.problems(text))
    first = folder.line_of(folder.rules_file, 'id = "same"', 1)
    second = folder.line_of(folder.rules_file, 'id = "same"', 2)
    assert (p.rule, p.line) == ("same", second)
    assert p.message == f"duplicate rule id 'same' (first used at line {first})"


@pytest.mark.parametrize(
    ("lines", "key", "says"),
    [
        (
            ["when.any_child_aged = [12, 5]"],
            "any_child_aged",
            "the lowest age is above the highest",
        ),
        (
            ['when.consent = ["refused"]', 'when.consent_not = ["refused"]'],
            "when.consent ",
            "leave no consent",
        ),
        (
            ["when.child_in_range = false", "when.unborn = true"],
            "child_in_range",
            "unborn child is always in range",
        ),
        (
            ["when.child_in_range = false", "when.any_child_aged = [3, 10]"],
            "child_in_range",
            "always in range",
        ),
        (["when.needs_any = []"], "needs_any", "matches nothing"),
    ],
)
def test_a_rule_that_can_never_fire(
    folder: RuleSetFolder, lines: list[str], key: str, says: str
) -> None:
    p = only(folder.problems(rule("never", *lines)))
    assert p.rule == "never"
    assert says in p.message
    assert "can never fire" in p.message or "matches nothing" in p.message
    assert p.line == folder.line_of(folder.rules_file, key)


def test_missing_advice_reason_and_id(folder: RuleSetFolder) -> None:
    text = (
        rule("quiet", 'pathway = "advice"', advice=False)
        + '\n[[rule]]\nreason = "x"\nadvice = "y"\n'
    )
    problems = folder.problems(text)
    by_rule = {p.rule: p for p in problems}
    assert by_rule["quiet"].message == "missing advice wording for the family's sheet"
    assert by_rule["quiet"].line == folder.line_of(folder.rules_file, 'id = "quiet"')
    assert by_rule["rule #3"].message.startswith("id is missing")
    assert by_rule["rule #3"].line == folder.line_of(folder.rules_file, "[[rule]]", 3)


def test_advice_jargon_and_long_sentences(folder: RuleSetFolder) -> None:
    long = " ".join(["word"] * 31) + "."
    text = (
        rule("jargon", 'advice = "Ask the MASH about it."', advice=False)
        + rule("ok-jargon", 'advice = "Ask the safeguarding hub (MASH)."', advice=False)
        + rule("long", f'advice = "{long}"', advice=False)
    )
    problems = folder.problems(text)
    assert {p.rule for p in problems} == {"jargon", "long"}
    jargon = next(p for p in problems if p.rule == "jargon")
    assert "'MASH' without saying what it stands for" in jargon.message
    assert "31 words" in next(p for p in problems if p.rule == "long").message


def test_respond_within_must_be_a_known_phrasing(folder: RuleSetFolder) -> None:
    p = only(folder.problems(rule("slow", 'respond_within = "sometime soon"')))
    assert p.message.startswith("respond_within 'sometime soon' is not understood")
    assert p.line == folder.line_of(folder.rules_file, "sometime soon")


def test_an_action_that_needs_a_more_urgent_pathway(folder: RuleSetFolder) -> None:
    p = only(folder.problems(rule("mismatch", 'pathway = "signpost"', 'actions = ["youth_work"]')))
    assert p.message == (
        "adds 'youth_work', which goes only with 'early_help' or a more urgent pathway, "
        "but sets pathway 'signpost'"
    )


def test_malformed_toml_gives_the_line_of_the_syntax_error(folder: RuleSetFolder) -> None:
    path = folder.write(rule("broken", 'pathway = "signpost'))
    p = only(folder.problems())
    assert p.file == str(path)
    assert p.line == folder.line_of(path, 'pathway = "signpost')
    assert p.message.startswith("not valid TOML")


def test_no_fallback_rule(folder: RuleSetFolder) -> None:
    p = only(folder.problems(rule("r", 'pathway = "advice"'), fallback=False))
    assert p.rule is None
    assert "no fallback rule" in p.message


def test_every_problem_is_reported_at_once(folder: RuleSetFolder) -> None:
    text = (
        rule("a", 'when.needs_any = ["domestic_abuze"]')
        + rule("b", "when.any_child_aged = [9, 2]")
        + rule("c", 'pathway = "advise"')
    )
    assert [p.rule for p in folder.problems(text)] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("lines", "says"),
    [
        (
            ["when.immediate_danger = true", 'pathway = "signpost"'],
            "(1) requires 'emergency' with 'call_999'",
        ),
        (
            ["when.significant_harm = true", 'pathway = "early_help"'],
            "(2–3) requires at least 'social_care'",
        ),
        (
            ["when.domestic_abuse_high_risk = true", 'pathway = "advice"', "discreet = true"],
            "(2–3) requires at least 'social_care'",
        ),
        (
            ['when.consent = ["refused"]', 'pathway = "early_help"'],
            "(6) allows only 'signpost' or less",
        ),
        (
            ["when.child_in_range = false", 'pathway = "early_help"'],
            "(7) allows only 'signpost' or less",
        ),
        (
            [
                'when.needs_any = ["missing_child"]',
                "when.child_in_range = true",
                'when.consent = ["given"]',
                'pathway = "signpost"',
            ],
            "(4–5) requires at least 'early_help'",
        ),
    ],
)
def test_a_rule_that_contradicts_the_safety_contract(
    folder: RuleSetFolder, lines: list[str], says: str
) -> None:
    p = only(folder.problems(rule("unsafe", *lines)))
    assert p.rule == "unsafe"
    assert p.line == folder.line_of(folder.rules_file, 'id = "unsafe"')
    assert says in p.message


def test_unknown_partner_in_actions(folder: RuleSetFolder) -> None:
    actions = folder.dir / "actions.toml"
    actions.write_text(
        actions.read_text()
        + '\n[action.extra]\nlabel = "Extra"\nfamily = "Extra help."\npartner = "ciaas"\n'
    )
    p = only(folder.problems(rule("r", 'pathway = "advice"')))
    assert (p.file, p.rule) == (str(actions), "extra")
    assert p.line == folder.line_of(actions, 'partner = "ciaas"')
    assert p.message == "unknown partner 'ciaas' — did you mean 'ciass'?"


def test_contract_action_missing_from_actions(folder: RuleSetFolder) -> None:
    actions = folder.dir / "actions.toml"
    actions.write_text(actions.read_text().replace("[action.call_999]", "[action.call_nine]"))
    p = only(folder.problems(rule("r", 'pathway = "advice"')))
    assert p.message == "the safety contract's action 'call_999' is not defined"


def test_unknown_hub_and_bad_postcode_in_the_postcode_table(folder: RuleSetFolder) -> None:
    table = folder.root / "postcodes.toml"
    table.write_text(table.read_text() + '"CV7" = "mosiac"\n"CV6 1HD" = "pathways"\n')
    problems = folder.problems(rule("r", 'pathway = "advice"'))
    assert [(p.file, p.line) for p in problems] == [
        (str(table), folder.line_of(table, '"CV7"')),
        (str(table), folder.line_of(table, '"CV6 1HD"')),
    ]
    assert problems[0].message == "unknown hub 'mosiac' — did you mean 'mosaic'?"
    assert problems[1].message == "'CV6 1HD' is not a postcode district or sector"


def test_unknown_hub_of_a_partner(folder: RuleSetFolder) -> None:
    partners = folder.root / "partners.toml"
    partners.write_text(
        partners.read_text().replace('name = "Go CV"', 'name = "Go CV"\nhubs = ["harmoney"]')
    )
    p = only(folder.problems(rule("r", 'pathway = "advice"')))
    assert (p.rule, p.message) == ("go_cv", "unknown hub 'harmoney' — did you mean 'harmony'?")


def test_a_folder_needs_exactly_one_rule_file(folder: RuleSetFolder) -> None:
    folder.write(rule("r", 'pathway = "advice"'))
    (folder.dir / "second.toml").write_text(folder.rules_file.read_text())
    p = only(folder.problems())
    assert "needs exactly one rule file" in p.message
    assert "rules.toml, second.toml" in p.message


def test_version_and_date_are_required(folder: RuleSetFolder) -> None:
    problems = folder.problems(
        rule("r", 'pathway = "advice"'), header="effective_from = 2026-13-01\n"
    )
    assert "not valid TOML" in only(problems).message
    problems = folder.problems(rule("r", 'pathway = "advice"'), header='effective_from = "soon"\n')
    assert [p.message.split(":")[0] for p in problems] == [
        "version is missing",
        "effective_from must be a date, written 2021-07-15",
    ]
