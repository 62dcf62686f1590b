"""Typed reading of one TOML table (a rule, an action, a partner), reporting each bad value.

Each getter returns ``None`` (and records a problem at the key's line) when a value has the
wrong type, so a whole file is read in one pass and every problem is reported together.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from triage_app.domain.vocabulary import Vocabulary
from triage_app.errors import echo
from triage_app.pathways.problems import Report
from triage_app.pathways.source import Block, TomlFile


def kind_of(value: object) -> str:
    """What a TOML value is, in the words a message uses: "a number", "a list"."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


class Entry:
    """One table of a file, with where it is and which rule or code it belongs to."""

    def __init__(
        self,
        file: TomlFile,
        block: Block | None,
        data: dict[str, Any],
        who: str | None,
        *,
        report: Report,
        prefix: str = "",
    ) -> None:
        self.file = file
        self.block = block
        self.data = data
        self.who = who
        self.report = report
        self.prefix = prefix

    @property
    def line(self) -> int | None:
        """The entry's own line: its ``id`` line if it has one, else its header."""
        found = self.file.key_line(self.block, "id") if self.block else None
        return found or (self.block.start if self.block else None)

    def line_of(self, key: str) -> int | None:
        return self.file.key_line(self.block, self.prefix + key) or self.line

    def problem(self, key: str | None, message: str) -> None:
        line = self.line_of(key) if key else self.line
        self.report.add(self.file.path, line, self.who, message)

    def sub(self, key: str) -> Entry | None:
        """A nested table (``when``) read with the same location."""
        value = self.data.get(key, {})
        if not isinstance(value, dict):
            self.problem(key, f"{key} must be a table of conditions")
            return None
        prefix = f"{self.prefix}{key}."
        return Entry(self.file, self.block, value, self.who, report=self.report, prefix=prefix)

    def unknown_keys(self, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key in self.data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1) if len(key) < 80 else []
                hint = f" — did you mean '{self.prefix}{close[0]}'?" if close else ""
                self.problem(key, f"unknown {what} '{echo(self.prefix + key)}'{hint}")

    def text(self, key: str, *, required: bool = False, missing: str = "") -> str | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(key if value is not None else None, missing or f"{key} is missing")
            return None
        if not isinstance(value, str):
            self.problem(key, f"{self.prefix}{key} must be text in quotes")
            return None
        return value.strip()

    def flag(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problem(key, f"{self.prefix}{key} must be true or false")
            return None
        return value

    def texts(self, key: str) -> tuple[str, ...] | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, f"{self.prefix}{key} must be a list of codes in quotes")
            return None
        return tuple(value)

    def codes(self, key: str, vocabulary: Vocabulary) -> tuple[str, ...] | None:
        """A list of codes, each checked against ``vocabulary`` (with a suggestion if unknown)."""
        found = self.texts(key)
        if found is None:
            return None
        for code in found:
            if code not in vocabulary:
                self.problem(key, vocabulary.unknown(code))
        return found

    def code(self, key: str, vocabulary: Vocabulary) -> str | None:
        found = self.text(key)
        if found is not None and found not in vocabulary:
            self.problem(key, vocabulary.unknown(found))
            return None
        return found
