"""Hostile input, as a tester (or a broken importer) would send it: strategies and the check.

The check (:func:`assert_plain`) is the contract every command keeps whatever it is given:
never exit 3 (a bug), never a traceback, never more than 20 KB on standard error. The
strategies build damaged requests from a valid one: wrong types, huge strings and numbers,
deep nesting, odd Unicode and line separators, unknown keys; then turn the text into bytes
with a byte-order mark or in a wrong encoding.
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.fuzz.strategies import VALID, json_values
from triage_app.cli.main import run
from triage_app.config import AppConfig

#: Modest, so the suite runs in CI on every push; ``FUZZ_EXAMPLES=500`` searches harder.
HOSTILE = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
#: The most a command may write on standard error, however bad its input.
MAX_STDERR = 20_000


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def assert_plain(outcome: Outcome, *allowed: int) -> None:
    """Exit within ``allowed``, a message when refused, no traceback, bounded stderr."""
    err = outcome.err
    assert outcome.code != 3 and "something went wrong" not in err, err[:2_000]
    assert "Traceback" not in err, err[:2_000]
    assert len(err.encode("utf-8", "backslashreplace")) <= MAX_STDERR, err[:2_000]
    assert outcome.code in allowed, err[:2_000]
    if outcome.code != 0:
        assert err.strip(), "refused without a message"


def run_bytes(
    config: AppConfig,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    raw: bytes,
    *argv: str,
) -> Outcome:
    """The CLI's own ``run``, in this process, with ``raw`` bytes on standard input."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    code = run(list(argv), config=config)
    captured = capsys.readouterr()
    return Outcome(code, captured.out, captured.err)


# --- values -------------------------------------------------------------------------------

#: Characters that break lines or text in one tool but not another.
ODD_CHARS = ["\u2028", "\u2029", "\u0085", "\x0c", "\x0b", "\x00", "\ufeff", "\u202e", "\r",
             "\t", "é", "𝒞", "\U0001f600", "\u0301", "\\", '"']  # fmt: skip
#: JSON text for a lone surrogate: valid JSON, but not encodable as UTF-8.
LONE_SURROGATE = "\ud800"

odd_text = st.text(alphabet=st.sampled_from(ODD_CHARS) | st.characters(), max_size=30)


@st.composite
def huge_text(draw: st.DrawFn) -> str:
    """A long string, cheaply: one piece repeated up to 300,000 characters."""
    piece = draw(st.text(min_size=1, max_size=5) | st.sampled_from(ODD_CHARS))
    return piece * draw(st.integers(1_000, 300_000 // len(piece)))


@st.composite
def deep(draw: st.DrawFn) -> Any:
    """A list or object nested 50 to 1,500 levels deep (returned as a Python value)."""
    value: Any = draw(st.sampled_from([1, "x", None]))
    shape = draw(st.sampled_from(["list", "object", "both"]))
    for level in range(draw(st.integers(50, 1_500))):
        in_list = shape == "list" or (shape == "both" and level % 2 == 0)
        value = [value] if in_list else {"k": value}
    return value


hostile_values = st.one_of(
    json_values,
    odd_text,
    huge_text(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.sampled_from([2**63, -(2**63) - 1, 10**400, 1e308, -0.0, 0.5, True, False, None, ""]),
    st.sampled_from(["2026-03-16", "2026-03-16T09:15", "0001-01-01T00:00+14:00",
                     "9999-12-31T23:59:59-12:00", "2026-02-30", "16/03/2026", "now"]),
    st.lists(odd_text, max_size=3),
)  # fmt: skip

FIELDS = [*VALID, "received_at", "hub", "narrative", "primary_need", "referrer", "concerns",
          "children_unknown", "earlier_requests", "send", "emergency"]  # fmt: skip


@st.composite
def hostile_request(draw: st.DrawFn) -> Any:
    """The valid request with a few fields (or nested fields) made hostile, or a key added."""
    data = json.loads(json.dumps(VALID))
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["field", "nested", "unknown_key", "many", "deep"]))
        key = draw(st.sampled_from(FIELDS))
        if how == "field":
            data[key] = draw(hostile_values)
        elif how == "nested":
            data["children"] = [{draw(st.sampled_from(["age_years", "date_of_birth", "x"])):
                                 draw(hostile_values)}]  # fmt: skip
            data["family"] = {draw(st.sampled_from(["last_name", "phone", "email", "y"])):
                              draw(hostile_values)}  # fmt: skip
        elif how == "unknown_key":
            data[draw(huge_text() | odd_text)] = draw(hostile_values)
        elif how == "many":
            data[key] = [draw(json_values | odd_text)] * draw(st.integers(100, 20_000))
        else:
            data[key] = draw(deep())
    if draw(st.integers(0, 9)) == 0:
        return draw(hostile_values)  # not an object at all
    return data


def dumps(value: Any, ascii_only: bool) -> str:
    """JSON text; Python's own encoder, which writes what it is given however deep or long."""
    import sys

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 5_000))
    try:
        return json.dumps(value, ensure_ascii=ascii_only)
    finally:
        sys.setrecursionlimit(old)


@st.composite
def hostile_text(draw: st.DrawFn) -> str:
    """A hostile request as JSON text, sometimes cut short or with a raw separator added."""
    text = dumps(draw(hostile_request()), draw(st.booleans()))
    change = draw(st.sampled_from(["none", "none", "cut", "insert"]))
    if change == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif change == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(ODD_CHARS)) + text[at:]
    return text


def encoded(draw: st.DrawFn, text: str) -> bytes:
    """``text`` as bytes: UTF-8 (with or without a BOM), UTF-16 or -32, Latin-1 or random."""
    how = draw(st.sampled_from(["utf-8", "utf-8", "bom", "utf-16", "utf-32", "latin-1", "junk"]))
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if how == "latin-1":
        return text.encode("latin-1", "replace")
    if how == "junk":
        raw = text.encode("utf-8", "surrogatepass")
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    return text.encode(how, "surrogatepass")


@st.composite
def hostile_bytes(draw: st.DrawFn) -> bytes:
    return encoded(draw, draw(hostile_text()))


@st.composite
def hostile_jsonl(draw: st.DrawFn) -> bytes:
    """Several lines: valid requests, hostile ones, blank lines; LF, CRLF or odd breaks."""
    valid = json.dumps(VALID)
    lines = draw(st.lists(st.just(valid) | hostile_text() | st.just(""), min_size=1, max_size=6))
    breaks = draw(st.sampled_from(["\n", "\r\n", *ODD_CHARS[:5]]))
    return encoded(draw, breaks.join(lines) + draw(st.sampled_from(["", "\n"])))


# --- rule files ---------------------------------------------------------------------------

TOML_VALUES = ['7', '11.5', 'true', '"x"', '""', '[]', '{}', '[1, "a"]', '2026-03-16',
               '2026-03-16T09:15:00Z', '"' + "x" * 5_000 + '"', '"\\u2028\\u0085"',
               "[" * 400 + "]" * 400, "[" * 3_000 + "]" * 3_000, '{ a = { b = { c = 1 } } }',
               '"advise"', '"camhs"',
               '["money_debt", "no_such_need"]', "nan", "inf", "-0"]  # fmt: skip


@st.composite
def damaged_toml(draw: st.DrawFn, lines: list[str], table: str = "[[rule]]") -> str:
    """A shipped rule file's lines with a few values replaced, lines cut, keys added.

    ``table`` is the header of the file's own tables (``{n}`` numbers one, where each must
    have its own name), used to add hundreds of broken ones.
    """
    out = list(lines)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(out) - 1))
        how = draw(st.sampled_from(["value", "value", "delete", "key", "header", "junk", "many"]))
        if how == "value" and "=" in out[i] and not out[i].lstrip().startswith("#"):
            key = out[i].split("=", 1)[0]
            out[i] = f"{key}= {draw(st.sampled_from(TOML_VALUES))}"
        elif how == "delete":
            del out[i]
        elif how == "key":
            name = draw(st.sampled_from(["colour", "k" * 3_000, "id", "fallback", "when.x"]))
            out.insert(i, f"{name} = {draw(st.sampled_from(TOML_VALUES))}")
        elif how == "header":
            out.insert(i, draw(st.sampled_from(["[[rule]]", "[rule]", "[partner.x]", "[[example]]",
                                                "[action.x]", "[when]"])))  # fmt: skip
        elif how == "many":  # hundreds of broken tables of the file's own kind
            value = draw(st.sampled_from(TOML_VALUES[:6]))
            out.extend(
                f"{table.format(n=n)}\nid = {value}\nname = {value}\nlabel = {value}"
                for n in range(draw(st.integers(50, 600)))
            )
        else:
            out.insert(i, draw(odd_text))
        if not out:
            out = [""]
    return "\n".join(out)


def rules_folder(root: Path, resources: Path) -> Path:
    """A copy of the shipped rule set (and the partners and postcodes beside it)."""
    import shutil

    folder = root / "pathways"
    if not folder.exists():
        shutil.copytree(resources / "pathways", folder)
        for name in ("partners.toml", "postcodes.toml"):
            shutil.copy(resources / name, root / name)
    return folder
