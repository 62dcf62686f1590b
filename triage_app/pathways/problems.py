"""What can be wrong with a rule set, said so that a team leader can find and fix it.

Every problem carries the file, the line and the rule it concerns, so a rule set is fixed in
one pass instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from triage_app.errors import TriageError

#: How many problems an error's message lists before saying how many more there are.
_SHOWN = 10


@dataclass(frozen=True)
class RuleProblem:
    """One problem: ``file:line: rule: message``; line and rule are ``None`` when unknown."""

    file: str
    line: int | None
    rule: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        who = f" {self.rule}:" if self.rule else ""
        return f"{where}:{who} {self.message}"


class RulesError(TriageError):
    """A rule set that cannot be used, with every problem found in it."""

    def __init__(self, problems: Iterable[RuleProblem]) -> None:
        self.problems = tuple(problems)
        lines = [str(p) for p in self.problems[:_SHOWN]]
        more = len(self.problems) - _SHOWN
        if more > 0:
            lines.append(f"... and {more} more")
        count = len(self.problems)
        super().__init__(f"the rule set has {count} problem(s):\n" + "\n".join(lines))


class Report:
    """Collects the problems of one load, so that every one is reported, not just the first."""

    def __init__(self) -> None:
        self.problems: list[RuleProblem] = []

    def add(self, file: Path | str, line: int | None, rule: str | None, message: str) -> None:
        self.problems.append(RuleProblem(str(file), line, rule, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise RulesError(self.problems)
