"""Errors a user can cause or meet, each carrying a message fit to show them.

Anything that is not a ``TriageError`` is a bug: the CLI and the window log it (without
personal data) and say so plainly, instead of showing a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class TriageError(Exception):
    """A known condition with a plain message; ``str(error)`` is what the user reads."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (a dotted field path) and what."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidInput(TriageError):
    """An input (a form, a JSON request, a file) with one or more problems, all listed."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], where: str = "") -> None:
        self.problems = tuple(problems)
        self.where = where
        lines = [str(p) for p in self.problems]
        prefix = f"{where}: " if where else ""
        super().__init__(prefix + "; ".join(lines))
