"""Reading JSON requests from a file or standard input, with errors that say where.

Input is read as bytes and decoded here, the same way for a file and for standard input:
UTF-8, with or without a byte-order mark (which is dropped). Text in another encoding
(UTF-16 as some Windows tools save it, or Latin-1) is refused with a message saying how to
save it, instead of being guessed at. JSON nested deeper than the decoder reads (hundreds of
levels) or holding a number longer than Python reads is refused plainly, naming the line and
column where it starts.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from triage_app.errors import InvalidInput, Problem

_UTF8_BOM = b"\xef\xbb\xbf"
#: Byte-order marks of encodings that are not UTF-8 (UTF-32 first: it starts like UTF-16).
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_SAVE_AS = "save it as UTF-8 and try again"
#: Where nesting too deep for the decoder is reported: a request is four levels deep at most.
MAX_DEPTH = 64
#: Python reads integers of at most this many digits (``sys.get_int_max_str_digits``).
_MAX_DIGITS = 4300
_MARKS = re.compile(r'[\[\]{}"\\]')
_LONG_NUMBER = re.compile(rf"\d{{{_MAX_DIGITS + 1},}}")


def _place(text: str, index: int) -> str:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"line {line}, column {column}"


def text_of(raw: bytes, where: str) -> str:
    """Decode input bytes as UTF-8 (a leading byte-order mark dropped), or say why not."""
    for bom, name in _OTHER_BOMS:
        if raw.startswith(bom):
            raise InvalidInput([Problem("", f"the text is {name}, not UTF-8: {_SAVE_AS}")], where)
    if raw.startswith(_UTF8_BOM):
        raw = raw[len(_UTF8_BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        head = raw[: e.start].decode("utf-8")
        looks = " (it looks like UTF-16)" if b"\x00" in raw[:64] else ""
        raise InvalidInput(
            [
                Problem(
                    "",
                    f"not UTF-8 text{looks}: byte 0x{raw[e.start]:02x} at {_place(head, len(head))}"
                    f" cannot be read; {_SAVE_AS}",
                )
            ],
            where,
        ) from None
    nul = text.find("\x00")
    if nul >= 0:  # never in JSON text; every other byte in UTF-16 without a byte-order mark
        raise InvalidInput(
            [
                Problem(
                    "",
                    f"a NUL byte at {_place(text, nul)}: the text looks like UTF-16, not UTF-8;"
                    f" {_SAVE_AS}",
                )
            ],
            where,
        )
    return text


def read_input(path: Path | None) -> str:
    """The text of the named file, or of standard input when no file is given."""
    if path is None:
        stream = sys.stdin
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            return text_of(buffer.read(), "standard input")
        text = stream.read()  # already text (a test's stand-in for standard input)
        try:
            return text_of(text.encode("utf-8"), "standard input")
        except UnicodeEncodeError:
            raise InvalidInput([Problem("", "not UTF-8 text")], "standard input") from None
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InvalidInput([Problem("", f"cannot read {path}: {e.strerror}")]) from None
    return text_of(raw, str(path))


def too_deep(text: str, limit: int = MAX_DEPTH) -> str | None:
    """Where JSON text first nests deeper than ``limit`` (brackets in strings skipped), or None.

    One pass over the brackets, quotes and backslashes only, so a long string costs little.
    """
    depth, in_string, skip_to = 0, False, -1
    for found in _MARKS.finditer(text):
        at, mark = found.start(), found.group()
        if at < skip_to:  # the character after a backslash
            continue
        if mark == "\\":
            skip_to = at + 2
        elif mark == '"':
            in_string = not in_string
        elif in_string:
            continue
        elif mark in "[{":
            depth += 1
            if depth > limit:
                return _place(text, at)
        else:
            depth -= 1
    return None


def decode(text: str, where: str = "") -> Any:
    """Decode one JSON document, or raise :class:`InvalidInput` naming line and column."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInput(
            [Problem("", f"not valid JSON ({e.msg} at line {e.lineno}, column {e.colno})")], where
        ) from None
    except ValueError:  # an integer longer than Python reads
        found = _LONG_NUMBER.search(text)
        at = f" at {_place(text, found.start())}" if found else ""
        message = f"a number of more than {_MAX_DIGITS} digits{at}: no field takes one"
        raise InvalidInput([Problem("", message)], where) from None
    except RecursionError:  # hundreds of levels: found (and located) only when it happens
        deep = too_deep(text)
        at = f" (at {deep})" if deep else ""
        message = f"nested more than {MAX_DEPTH} levels deep{at}; no request is"
        raise InvalidInput([Problem("", message)], where) from None
