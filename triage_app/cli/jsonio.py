"""Reading JSON requests from a file or standard input, with errors that say where."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from triage_app.errors import InvalidInput, Problem, TriageError


def open_input(path: Path | None) -> TextIO:
    """The named file, or standard input when no file is given."""
    if path is None:
        return sys.stdin
    try:
        return path.open(encoding="utf-8")
    except OSError as e:
        raise TriageError(f"cannot read {path}: {e.strerror}") from None


def decode(text: str, where: str = "") -> Any:
    """Decode one JSON document, or raise :class:`InvalidInput` naming line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInput(
            [Problem("", f"not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})")], where
        ) from None
    except UnicodeDecodeError:
        raise InvalidInput([Problem("", "not UTF-8 text")], where) from None
