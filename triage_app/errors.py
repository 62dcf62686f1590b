"""Errors a user can cause or meet, each carrying a message fit to show them.

Anything that is not a ``TriageError`` is a bug: the CLI and the window log it (without
personal data) and say so plainly, instead of showing a traceback.

Messages are bounded whatever the input: a field name or value is echoed only as a short
prefix (:func:`echo`), and a list of problems shows at most :data:`MAX_SHOWN` of them, then
how many more (:func:`capped`). Every command formats its problems through these two, so a
10 MB key or a file with 100,000 mistakes still gets a message that fits on a screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Problems listed before "... and N more": enough to fix a file, not a flood.
MAX_SHOWN = 50
#: Characters of a given value (a key, a code, a field path) repeated in a message.
ECHO_LIMIT = 40


def echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """``value`` as text, cut to its first ``limit`` characters with "…" when longer.

    Line breaks and other control characters are shown escaped, so an echoed value cannot
    break a message across lines or move the cursor of the terminal it is printed on.
    """
    text = str(value)
    cut = text[:limit]
    shown = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in cut)
    return shown + "…" if len(text) > limit else shown


def capped(lines: Sequence[str], limit: int = MAX_SHOWN) -> list[str]:
    """The first ``limit`` lines, then "... and N more" if there were more."""
    shown = list(lines[:limit])
    if len(lines) > limit:
        shown.append(f"... and {len(lines) - limit} more")
    return shown


class TriageError(Exception):
    """A known condition with a plain message; ``str(error)`` is what the user reads."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (a dotted field path) and what."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{echo(self.field, 2 * ECHO_LIMIT)}: {self.message}" if self.field else self.message


class InvalidInput(TriageError):
    """An input (a form, a JSON request, a file) with one or more problems, all listed."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], where: str = "") -> None:
        self.problems = tuple(problems)
        self.where = where
        lines = capped([str(p) for p in self.problems])
        prefix = f"{where}: " if where else ""
        super().__init__(prefix + "; ".join(lines))
