"""TOML files read with the line numbers a problem report needs.

``tomllib`` gives values but no line numbers, so the text is scanned for them: the n-th
``[[rule]]`` header is the n-th rule of the parsed array, and a key's line is the first line
of its block that starts with that key. Keys written on a line of their own (the style of the
shipped files) are found exactly; anything else falls back to the block's ``id`` or header
line, which is still the right rule.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triage_app.pathways.problems import Report

_HEADER = re.compile(r"^\s*\[")
_DECODE_LINE = re.compile(r"line (\d+)")


@dataclass(frozen=True)
class Block:
    """The lines (1-based, inclusive) of one table or array-of-tables entry."""

    start: int
    end: int


@dataclass(frozen=True)
class TomlFile:
    """A parsed TOML file and its text, for finding lines."""

    path: Path
    lines: tuple[str, ...]
    data: dict[str, Any]

    def blocks(self, array: str) -> list[Block]:
        """One block per ``[[array]]`` header, in file order (the parsed array's order)."""
        header = re.compile(rf"^\s*\[\[\s*{re.escape(array)}\s*\]\]")
        return self._blocks(header)

    def table_block(self, dotted: str) -> Block | None:
        """The block of the ``[dotted]`` table header (e.g. ``action.call_999``), if any."""
        parts = r"\s*\.\s*".join(_key_pattern(p) for p in dotted.split("."))
        found = self._blocks(re.compile(rf"^\s*\[\s*{parts}\s*\]"))
        return found[0] if found else None

    def key_line(self, block: Block | None, key: str) -> int | None:
        """The first line in ``block`` (or the whole file) that assigns ``key``.

        ``key`` may be dotted (``when.needs_any``); the last part alone is tried next, for
        a key written inside its own sub-table.
        """
        start, end = (block.start, block.end) if block else (1, len(self.lines))
        parts = key.split(".")
        for tried in (parts, parts[-1:]) if len(parts) > 1 else (parts,):
            dotted = r"\s*\.\s*".join(_key_pattern(p) for p in tried)
            pattern = re.compile(rf"^\s*{dotted}\s*[=.]")
            for number in range(start, end + 1):
                if pattern.match(self.lines[number - 1]):
                    return number
        return None

    def _blocks(self, header: re.Pattern[str]) -> list[Block]:
        starts = [i + 1 for i, text in enumerate(self.lines) if header.match(text)]
        blocks = []
        for start in starts:
            end = start
            for number in range(start + 1, len(self.lines) + 1):
                if _HEADER.match(self.lines[number - 1]):
                    break
                end = number
            blocks.append(Block(start, end))
        return blocks


def _key_pattern(key: str) -> str:
    bare = re.escape(key)
    return rf'(?:{bare}|"{bare}"|\'{bare}\')'


def read_toml(path: Path, report: Report) -> TomlFile | None:
    """Read and parse a file, or add the problem (with the syntax error's line) and give None."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        report.add(path, None, None, f"cannot be read ({e.strerror})")
        return None
    except UnicodeDecodeError:
        report.add(path, None, None, "is not UTF-8 text")
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        found = _DECODE_LINE.search(str(e))
        line = int(found.group(1)) if found else None
        report.add(path, line, None, f"not valid TOML: {e}")
        return None
    except RecursionError:  # arrays or tables nested hundreds deep: no rule file is
        report.add(path, None, None, "is nested too deeply to read: no rule file nests so deep")
        return None
    return TomlFile(path, tuple(text.splitlines()), data)
