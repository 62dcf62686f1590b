"""Each problem of a damaged rule set is reported as what is actually wrong, and nothing it
does not have: a fallback rule with a mistake is not "no fallback rule", a number where text
belongs is not "missing", a partner with a mistake is not suggested as a different one."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.pathways.rulesets import FALLBACK, HEADER, RuleSetFolder
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleProblem, RulesError, RuleSet, load_rules
from triage_app.pathways.examples import check_examples

ADVICE = 'advice = "Some advice for the family."\n'


def messages(problems: tuple[RuleProblem, ...] | list[RuleProblem]) -> list[str]:
    return [p.message for p in problems]


def test_a_fallback_rule_with_a_mistake_is_not_called_missing(folder: RuleSetFolder) -> None:
    broken = FALLBACK.replace('pathway = "advice"', 'pathway = "advise"')
    problems = folder.problems(broken, fallback=False)
    assert messages(problems) == ["unknown pathway 'advise' — did you mean 'advice'?"]


def test_a_fallback_rule_with_conditions_is_named(folder: RuleSetFolder) -> None:
    when = 'fallback = true\nwhen.source = ["education"]'
    conditional = FALLBACK.replace("fallback = true", when)
    problems = folder.problems(conditional, fallback=False)
    assert len(problems) == 1, [str(p) for p in problems]
    assert problems[0].message.startswith("the fallback rule ('fallback') has conditions")


def test_no_fallback_at_all_is_still_said(folder: RuleSetFolder) -> None:
    rule = '\n[[rule]]\nid = "ok"\nreason = "Why."\npathway = "advice"\n' + ADVICE
    problems = folder.problems(rule, fallback=False)
    assert messages(problems)[0].startswith("no fallback rule")


def test_a_number_as_a_rule_id_is_not_called_missing(folder: RuleSetFolder) -> None:
    rule = '\n[[rule]]\nid = 7\nreason = "Why."\npathway = "advice"\n' + ADVICE
    (problem,) = folder.problems(rule)
    assert problem.message == "id must be text in quotes, got a number"
    assert problem.line == folder.line_of(folder.rules_file, "id = 7")


def test_a_number_as_the_version_is_not_called_missing(folder: RuleSetFolder) -> None:
    header = HEADER.replace('version = "test-1"', "version = 11")
    (problem,) = folder.problems("", header=header)
    assert problem.message == 'version must be text in quotes, got a number: write version = "11"'
    assert problem.line == 1


def test_a_missing_version_is_still_missing(folder: RuleSetFolder) -> None:
    header = HEADER.replace('version = "test-1"\n', "")
    (problem,) = folder.problems("", header=header)
    assert problem.message.startswith("version is missing")


def _examples(folder: RuleSetFolder, rules: RuleSet, vocab: Vocabularies, text: str) -> list[str]:
    path = folder.dir / "rules.examples.toml"
    path.write_text(text)
    return messages(check_examples(rules, vocab, path))


def test_an_example_request_that_is_not_a_table_says_so(
    folder: RuleSetFolder, vocab: Vocabularies
) -> None:
    rules = folder.load("")
    found = _examples(
        folder, rules, vocab, '[[example]]\nname = "x"\nrequest = "x"\nexpect.pathway = "advice"\n'
    )
    assert found == ["request must be a table, got text: request = { contact_method = ... }"]
    found = _examples(folder, rules, vocab, '[[example]]\nname = "x"\nexpect.pathway = "advice"\n')
    assert found == ["request is missing: request = { contact_method = ..., ... }"]


def test_a_rule_file_given_for_the_folder_speaks_only_of_it(
    tmp_path: Path, resources: Path, vocab: Vocabularies
) -> None:
    shutil.copytree(resources / "pathways", tmp_path / "rules")
    given = tmp_path / "rules" / "coventry.toml"
    try:
        load_rules(given, vocab)
    except RulesError as e:
        problems = e.problems
    assert [str(p) for p in problems] == [
        f"{given}: is a file, not a folder: give the folder that holds it ({given.parent})"
    ]
    assert "partners.toml" not in str(problems)


def test_a_partner_with_no_name_is_not_suggested_as_another(folder: RuleSetFolder) -> None:
    partners = folder.root / "partners.toml"
    text = partners.read_text()
    partners.write_text(text.replace('name = "Coventry Independent Advice Service"', "", 1))
    folder.write("")
    problems = folder.problems()
    assert messages(problems) == ["name is missing"]
    assert problems[0].rule == "ciass"
    assert "did you mean" not in str(problems)


def test_a_missing_partners_file_is_one_problem_not_one_per_action(
    folder: RuleSetFolder,
) -> None:
    (folder.root / "partners.toml").unlink()
    folder.write("")
    problems = folder.problems()
    assert not [p for p in problems if "unknown partner" in p.message]
    assert any("partners.toml" in p.file and "cannot be read" in p.message for p in problems)
