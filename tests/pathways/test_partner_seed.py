"""partners.toml, the directory's seed: checked by ``rules check`` without a database."""

from __future__ import annotations

from tests.pathways.rulesets import RuleSetFolder
from tests.pathways.test_loader_problems import rule


def _partners_with(folder: RuleSetFolder, lines: str) -> None:
    partners = folder.root / "partners.toml"
    partners.write_text(
        partners.read_text().replace('name = "Go CV"', f'name = "Go CV"\n{lines}', 1)
    )


def test_a_number_without_its_source_is_refused_at_its_line(folder: RuleSetFolder) -> None:
    _partners_with(folder, 'phone = "024 7600 0000"')
    problems = folder.problems(rule("r", 'pathway = "advice"'))
    assert [(p.rule, p.message.split(":")[0]) for p in problems] == [
        ("go_cv", "phone has no phone_source")
    ]
    line = folder.line_of(folder.root / "partners.toml", 'phone = "024 7600 0000"')
    assert problems[0].line == line


def test_unknown_concerns_ages_referral_and_status_are_each_reported(
    folder: RuleSetFolder,
) -> None:
    _partners_with(
        folder,
        'concerns = ["self_harmm"]\nages = [19, 4]\nreferral = "gp"\nstatus = "open"',
    )
    messages = [p.message for p in folder.problems(rule("r", 'pathway = "advice"'))]
    assert "unknown concern 'self_harmm' — did you mean 'self_harm'?" in messages
    assert "ages must be [youngest, oldest] in years, such as [0, 4]" in messages
    assert "referral must be one of self, professional, self_or_professional" in messages
    assert "status must be one of active, paused, waiting_list, closed" in messages


def test_a_sourced_detail_seeds_a_confirmed_entry(folder: RuleSetFolder) -> None:
    _partners_with(folder, 'web = "https://example.org"\nweb_source = "their own page"')
    rules = folder.load(rule("r", 'pathway = "advice"'))
    seed = rules.partners["go_cv"].seed
    assert seed.web.confirmed and seed.web.fact == "https://example.org"
