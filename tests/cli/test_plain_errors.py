"""Damaged and unusual input to the commands: a plain message naming what and where, exit 1 or
2, never a traceback or "a bug" (exit 3). Each case was once exit 3 or a traceback.

Run in-process through the CLI's own ``run``, except where the real standard input's bytes
matter; the full disk is a real, tiny tmpfs (mounting needs root, which CI has).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli.conftest import MONEY_WORRIES, Cli, Result, with_stdin_bytes
from tests.conftest import FIXED_NOW, add_staff, open_sqlite
from triage_app.config import AppConfig
from triage_app.store.stored import load_request

pytestmark = pytest.mark.usefixtures("staff")

REQUEST = MONEY_WORRIES


def plain(result: Result, code: int) -> None:
    """Refused (or stopped) with ``code`` and a short message, never as a bug."""
    assert result.code == code, result.err
    assert "Traceback" not in result.err and "something went wrong" not in result.err
    assert result.err.strip() and len(result.err) < 2_000


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        (json.dumps(REQUEST).encode("utf-16"), "UTF-16"),
        (json.dumps(REQUEST).encode("utf-16-le"), "looks like UTF-16"),
        (
            json.dumps({**REQUEST, "postcode": "Café"}, ensure_ascii=False).encode("latin-1"),
            "not UTF-8",
        ),
    ],
    ids=["utf-16", "utf-16 without a byte-order mark", "latin-1"],
)
def test_a_file_not_in_utf8_is_refused_saying_how_to_save_it(
    cli: Cli, tmp_path: Path, raw: bytes, said: str
) -> None:
    path = tmp_path / "request.json"
    path.write_bytes(raw)
    result = cli("record", str(path))
    plain(result, 2)
    assert said in result.err and "save it as UTF-8" in result.err
    assert str(path) in result.err


def test_a_latin1_byte_is_located_by_line_and_column(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_bytes(b'{\n  "postcode": "Caf\xe9"\n}')
    result = cli("record", str(path))
    plain(result, 2)
    assert "byte 0xe9 at line 2, column 19" in result.err


def test_utf16_on_standard_input_says_so(cli_config, capsys, monkeypatch) -> None:
    raw = json.dumps(REQUEST).encode("utf-16")
    result = with_stdin_bytes(cli_config, capsys, monkeypatch, raw, "record")
    plain(result, 2)
    assert "standard input" in result.err and "UTF-16" in result.err


def test_json_nested_2000_deep_is_refused(cli: Cli) -> None:
    result = cli("record", stdin="[" * 2000 + "]" * 2000)
    plain(result, 2)
    assert "nested more than" in result.err and "line 1, column 65" in result.err


def test_brackets_inside_strings_do_not_count_as_nesting(cli: Cli) -> None:
    text = '["[[[\\"[[[", ' + "[" * 2000 + "]" * 2000 + "]"
    result = cli("record", stdin=text)
    plain(result, 2)
    assert "line 1, column 77" in result.err


def test_a_5000_digit_integer_is_refused(cli: Cli) -> None:
    text = json.dumps({**REQUEST, "children": [{"age_years": 0}]}).replace(
        '"age_years": 0', '"age_years": ' + "9" * 5000
    )
    result = cli("record", stdin=text)
    plain(result, 2)
    assert "more than 4300 digits" in result.err and "line 1, column" in result.err


@pytest.mark.parametrize(
    ("given", "stored_utc"),
    [
        ("2026-03-16T09:15", datetime(2026, 3, 16, 9, 15, tzinfo=UTC)),  # GMT
        ("2025-07-01T09:15:00", datetime(2025, 7, 1, 8, 15, tzinfo=UTC)),  # BST
        ("2026-03-16", datetime(2026, 3, 16, 0, 0, tzinfo=UTC)),
        ("2025-07-01", datetime(2025, 6, 30, 23, 0, tzinfo=UTC)),  # midnight in the UK
    ],
)
def test_a_received_at_without_a_zone_is_uk_time(
    cli: Cli, cli_config: AppConfig, given: str, stored_utc: datetime
) -> None:
    result = cli("record", stdin=json.dumps({**REQUEST, "received_at": given}))
    assert result.code == 0, result.err
    db = open_sqlite(Path(cli_config.database))
    with db.read() as s:
        stored = load_request(s, json.loads(result.out)["reference"])
    db.close()
    assert stored.request.received_at is not None
    assert stored.request.received_at.astimezone(UTC) == stored_utc


def test_an_emergency_call_time_with_no_utc_time_is_refused(cli: Cli) -> None:
    call = {"called_at": "0001-01-01T00:00+14:00", "called_by": "A Handler"}
    danger = {**REQUEST, "answers": {"immediate_danger": True}, "emergency": call}
    result = cli("record", stdin=json.dumps(danger))
    plain(result, 2)
    assert "emergency.called_at: is outside the calendar once in UTC" in result.err


@pytest.mark.parametrize(
    "given", ["16/03/2026", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"]
)
def test_an_unusable_received_at_says_how_to_write_it(cli: Cli, given: str) -> None:
    result = cli("record", stdin=json.dumps({**REQUEST, "received_at": given}))
    plain(result, 2)
    assert "received_at" in result.err and "2026-03-16T09:15:00+00:00" in result.err


def _as(config: AppConfig, user: str) -> AppConfig:
    return AppConfig(**{**config.__dict__, "environ": {**config.environ, "TRIAGE_USER": user}})


@pytest.fixture
def lead(cli_config: AppConfig) -> AppConfig:
    db = open_sqlite(Path(cli_config.database))
    add_staff(db, FIXED_NOW, ("test.lead", "team_leader"), first_admin=False)
    db.close()
    return _as(cli_config, "test.lead")


def test_figures_for_the_year_9999_are_refused(cli: Cli, lead: AppConfig, tmp_path) -> None:
    result = cli("figures", "--month", "9999-12", "--out", str(tmp_path / "f.csv"), config=lead)
    plain(result, 2)
    assert "--month" in result.err and "9998-12" in result.err


def test_the_last_month_the_calendar_holds_has_not_begun(
    cli: Cli, lead: AppConfig, tmp_path
) -> None:
    result = cli("figures", "--month", "9998-12", "--out", str(tmp_path / "f.csv"), config=lead)
    plain(result, 2)
    assert "--month: 9998-12 has not begun (it is March 2026 now)" in result.err


def test_the_first_month_figures_cover_is_written(cli: Cli, lead: AppConfig, tmp_path) -> None:
    result = cli("figures", "--month", "1900-01", "--out", str(tmp_path / "f.csv"), config=lead)
    assert result.code == 0, result.err


@pytest.mark.parametrize("since", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
def test_audit_since_beyond_the_calendar_is_refused(
    cli: Cli, lead: AppConfig, capsys, since: str
) -> None:
    with pytest.raises(SystemExit) as stopped:  # argparse refuses it, as any bad argument
        cli("audit", "--since", since, config=lead)
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert "--since" in err and "out of range" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql://u:secret@localhost:99999/x", "port 99999"),
        ("postgresql://u:secret@localhost:abc/x", "not a number"),
    ],
)
def test_a_database_url_with_a_bad_port_is_named(
    cli: Cli, cli_config: AppConfig, url: str, said: str
) -> None:
    result = cli("record", stdin=json.dumps(REQUEST), config=AppConfig(
        **{**cli_config.__dict__, "database": url}
    ))  # fmt: skip
    plain(result, 1)
    assert said in result.err and "secret" not in result.err


def test_a_deeply_nested_rules_file_is_named(cli: Cli, tmp_path: Path, resources: Path) -> None:
    rules = tmp_path / "pathways"
    rules.mkdir()
    (rules / "actions.toml").write_text((resources / "pathways" / "actions.toml").read_text())
    (rules / "deep.toml").write_text("[[rule]]\nid = " + "[" * 3000 + "]" * 3000 + "\n")
    result = cli("rules", "check", str(rules))
    plain(result, 1)
    assert "deep.toml: is nested too deeply to read" in result.err


@contextlib.contextmanager
def _tiny_disk(folder: Path) -> Iterator[None]:
    folder.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)], check=True)
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tiny file system needs root")
def test_export_to_a_full_disk_records_nothing(
    cli: Cli, cli_config: AppConfig, lead: AppConfig, tmp_path: Path
) -> None:
    for i in range(40):
        narrative = f"Synthetic narrative {i}: " + "words of the call " * 40
        assert cli("record", stdin=json.dumps({**REQUEST, "narrative": narrative})).code == 0
    out = tmp_path / "small"
    with _tiny_disk(out):
        result = cli("export", "--out", str(out), config=lead)
        plain(result, 1)
        assert "No space left on device" in result.err
        assert "nothing was recorded as sent" in result.err
        assert [p.name for p in out.iterdir()] == []  # no partial batch left behind
    listed = cli("export", "--list", config=lead)
    assert "waiting: 40 records" in listed.out
