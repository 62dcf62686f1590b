"""What ``route`` reads: JSON lines split at line feeds only, a byte-order mark dropped, and
error output bounded however much is wrong (at most 50 problems, each echoing a short
prefix of what was given)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import MONEY_WORRIES, Cli, with_stdin_bytes
from triage_app.config import AppConfig

REQUEST = MONEY_WORRIES
#: Characters ``str.splitlines`` breaks at that JSON Lines does not.
SEPARATORS = ["\u2028", "\u2029", "\u0085", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e"]


@pytest.mark.parametrize("sep", SEPARATORS, ids=[f"U+{ord(c):04X}" for c in SEPARATORS])
def test_a_line_holding_a_unicode_line_break_is_one_line(cli: Cli, sep: str) -> None:
    odd = json.dumps({**REQUEST, "postcode": f"CV6{sep}1HD"}, ensure_ascii=False)
    result = cli("route", "--jsonl", stdin=odd + "\n" + json.dumps(REQUEST) + "\n")
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 2


def test_line_numbers_after_such_a_line_are_right(cli: Cli) -> None:
    odd = json.dumps({**REQUEST, "postcode": "CV6\u20281HD"}, ensure_ascii=False)
    result = cli("route", "--jsonl", stdin=f"{odd}\n{{}}\n")
    assert result.code == 2
    assert "line 2: contact_method" in result.err
    assert "line 1" not in result.err and "line 3" not in result.err


def test_crlf_lines_are_read(cli: Cli) -> None:
    result = cli("route", "--jsonl", stdin=json.dumps(REQUEST) + "\r\n" + json.dumps(REQUEST))
    assert result.code == 0, result.err
    assert len(result.out.splitlines()) == 2


@pytest.mark.parametrize("jsonl", [False, True], ids=["route", "route --jsonl"])
def test_a_utf8_byte_order_mark_is_dropped(
    cli_config: AppConfig, capsys, monkeypatch, tmp_path: Path, jsonl: bool
) -> None:
    raw = b"\xef\xbb\xbf" + json.dumps(REQUEST).encode() + b"\n"
    flags = ["--jsonl"] if jsonl else []
    piped = with_stdin_bytes(cli_config, capsys, monkeypatch, raw, "route", *flags)
    assert piped.code == 0, piped.err
    path = tmp_path / "requests.json"
    path.write_bytes(raw)
    from_file = with_stdin_bytes(cli_config, capsys, monkeypatch, b"", "route", *flags, str(path))
    assert from_file.code == 0, from_file.err
    assert piped.out == from_file.out and "pathway" in piped.out


def test_a_10_mb_key_or_code_is_echoed_as_a_short_prefix(cli: Cli, staff) -> None:
    for command in ("route", "record"):
        result = cli(command, stdin=json.dumps({**REQUEST, "k" * 10_000_000: 1}))
        assert result.code == 2, result.err
        assert len(result.err) < 1_000
        assert "kkkk…: unknown field" in result.err
        result = cli(command, stdin=json.dumps({**REQUEST, "needs": ["n" * 1_000_000]}))
        assert result.code == 2, result.err
        assert len(result.err) < 1_000
        assert "needs[0]: unknown need 'nnnn" in result.err and "n…'" in result.err


def test_100000_problems_list_50_then_how_many_more(cli: Cli, staff) -> None:
    many = {**REQUEST, "children": [{"age_years": "x"}] * 100_000}
    for command in ("route", "record"):
        result = cli(command, stdin=json.dumps(many))
        assert result.code == 2
        assert len(result.err) < 20_000
        assert "children[49].age_years" in result.err
        assert "children[50].age_years" not in result.err
        assert "... and 99950 more" in result.err


def test_route_jsonl_lists_50_problems_over_many_lines(cli: Cli) -> None:
    result = cli("route", "--jsonl", stdin="{}\n" * 1_000)
    assert result.code == 2
    assert len(result.err.splitlines()) == 51
    assert result.err.splitlines()[-1].endswith("... and 1950 more")


def test_rules_check_lists_at_most_50_problems(cli: Cli, tmp_path: Path, resources) -> None:
    import shutil

    shutil.copytree(resources / "pathways", tmp_path / "pathways")
    for name in ("partners.toml", "postcodes.toml"):
        shutil.copy(resources / name, tmp_path / name)
    rules = tmp_path / "pathways" / "coventry.toml"
    rules.write_text(rules.read_text() + "".join(f"\nunknown_{i} = 1" for i in range(200)))
    result = cli("rules", "check", str(tmp_path / "pathways"))
    assert result.code == 1
    assert "unknown rule field 'unknown_49'" in result.err
    assert "unknown_50'" not in result.err
    assert "... and 150 more" in result.err


def test_a_megabyte_argument_is_not_repeated_whole(cli: Cli, capsys) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli("route", "--no-such-option=" + "x" * 1_000_000)
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert "unrecognized arguments" in err and len(err) < 1_000
