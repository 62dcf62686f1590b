"""The rule set in use changes only to one that loads cleanly and passes its examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pathways.rulesets import RuleSetFolder
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import TriageError
from triage_app.pathways import RuleBook, default_rules_dir

EXAMPLE = (
    '\n[[example]]\nname = "anything gets advice"\n'
    'request = { contact_method = "telephone", source = "self_referral", needs = ["other"], '
    'children = [{ age_years = 4 }], consent = "given" }\n'
    'expect.pathway = "advice"\n'
)


def test_nothing_routes_before_a_rule_set_has_loaded(vocab: Vocabularies) -> None:
    book = RuleBook(vocab)
    with pytest.raises(TriageError, match="no guidance rule set is loaded"):
        book.current  # noqa: B018


def test_a_good_rule_set_is_used(vocab: Vocabularies, resources: Path) -> None:
    book = RuleBook(vocab)
    result = book.reload(default_rules_dir(resources))
    assert result.loaded
    assert result.problems == ()
    assert book.current.version == "coventry-2.1"
    assert "now using rule set coventry-2.1" in result.message


def test_a_broken_rule_set_is_refused_and_the_last_good_one_kept(
    vocab: Vocabularies, resources: Path, folder: RuleSetFolder
) -> None:
    book = RuleBook(vocab)
    book.reload(default_rules_dir(resources))
    folder.write('\n[[rule]]\nid = "bad"\nreason = "x"\nadvice = "y"\npathway = "advise"\n')
    result = book.reload(folder.dir)
    assert not result.loaded
    assert result.rules is book.current
    assert book.current.version == "coventry-2.1"
    assert "still using rule set coventry-2.1" in result.message
    assert [p.rule for p in result.problems] == ["bad"]


def test_a_rule_set_whose_examples_fail_is_refused(
    vocab: Vocabularies, folder: RuleSetFolder
) -> None:
    folder.write("")
    (folder.dir / "rules.examples.toml").write_text(EXAMPLE.replace('"advice"', '"signpost"'))
    book = RuleBook(vocab)
    result = book.reload(folder.dir)
    assert not result.loaded
    assert "expected pathway 'signpost', got 'advice'" in result.problems[0].message
    assert "no rule set is in use" in result.message
    (folder.dir / "rules.examples.toml").write_text(EXAMPLE)
    assert book.reload(folder.dir).loaded
