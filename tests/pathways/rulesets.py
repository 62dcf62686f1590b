"""Temporary rule sets written to disk, so tests load them exactly as the app would."""

from __future__ import annotations

import shutil
from pathlib import Path

from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleProblem, RulesError, RuleSet, load_rules

HEADER = 'version = "test-1"\neffective_from = 2026-01-05\n'
FALLBACK = """
[[rule]]
id = "fallback"
reason = "Nothing else matched."
fallback = true
pathway = "advice"
advice = "Here is some general advice."
"""


class RuleSetFolder:
    """A resources-like folder: shipped partners, postcodes and actions; rules from the test."""

    def __init__(self, root: Path, resources: Path, vocab: Vocabularies) -> None:
        self.root = root
        self.vocab = vocab
        self.dir = root / "pathways"
        self.dir.mkdir(parents=True, exist_ok=True)
        for name in ("partners.toml", "postcodes.toml"):
            shutil.copy(resources / name, root / name)
        shutil.copy(resources / "pathways" / "actions.toml", self.dir / "actions.toml")
        self.rules_file = self.dir / "rules.toml"

    def write(self, rules_text: str, *, fallback: bool = True, header: str = HEADER) -> Path:
        self.rules_file.write_text(header + (FALLBACK if fallback else "") + rules_text)
        return self.rules_file

    def load(self, rules_text: str, **kwargs: object) -> RuleSet:
        self.write(rules_text, **kwargs)  # type: ignore[arg-type]
        return load_rules(self.dir, self.vocab)

    def problems(self, rules_text: str = "", **kwargs: object) -> tuple[RuleProblem, ...]:
        if rules_text or kwargs:
            self.write(rules_text, **kwargs)  # type: ignore[arg-type]
        try:
            load_rules(self.dir, self.vocab)
        except RulesError as e:
            return e.problems
        raise AssertionError("the rule set loaded, but problems were expected")

    def line_of(self, path: Path, text: str, nth: int = 1) -> int:
        """The 1-based line of the ``nth`` line containing ``text``."""
        found = [i + 1 for i, line in enumerate(path.read_text().splitlines()) if text in line]
        return found[nth - 1]
