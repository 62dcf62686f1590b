"""What can be wrong with a rule set, said so that a team leader can find and fix it.

Every problem carries the file, the line and the rule it concerns, so a rule set is fixed in
one pass instead of one error at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from triage_app.domain.counts import counted
from triage_app.errors import ECHO_LIMIT, TriageError, capped, echo

#: How many problems an error's message lists before saying how many more there are.
_SHOWN = 10
#: The longest message kept whole; a longer one is cut (it can only be echoing a value).
_LONGEST = 500


@dataclass(frozen=True)
class RuleProblem:
    """One problem: ``file:line: rule: message``; line and rule are ``None`` when unknown."""

    file: str
    line: int | None
    rule: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        who = f" {echo(self.rule, 2 * ECHO_LIMIT)}:" if self.rule else ""
        return f"{where}:{who} {echo(self.message, _LONGEST)}"


class RulesError(TriageError):
    """A rule set that cannot be used, with every problem found in it."""

    def __init__(self, problems: Iterable[RuleProblem]) -> None:
        self.problems = tuple(problems)
        lines = capped([str(p) for p in self.problems], _SHOWN)
        count = len(self.problems)
        super().__init__(f"the rule set has {counted(count, 'problem')}:\n" + "\n".join(lines))


class Report:
    """Collects the problems of one load, so that every one is reported, not just the first."""

    def __init__(self) -> None:
        self.problems: list[RuleProblem] = []

    def add(self, file: Path | str, line: int | None, rule: str | None, message: str) -> None:
        self.problems.append(RuleProblem(str(file), line, rule, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise RulesError(self.problems)
