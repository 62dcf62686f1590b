"""The fuzz suite: hostile input to ``record``, ``route``, ``route --jsonl`` and ``rules check``.

Each command is run in-process through the CLI's own ``run`` (as a person's command line is,
exit codes included), with bytes on standard input or a damaged copy of the shipped rule
files. Whatever it is given, a command answers with a result or a plain message: never exit
3, never a traceback, never more than 20 KB on standard error; ``record`` either saves the
whole request or writes nothing. One test runs the real program in a subprocess, for what
only a real process has (its own standard input and output encodings).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.cli.conftest import cli_config, staff  # noqa: F401 - fixtures
from tests.fuzz.hostile import (
    HOSTILE,
    Outcome,
    assert_plain,
    damaged_toml,
    hostile_bytes,
    hostile_jsonl,
    rules_folder,
    run_bytes,
)
from tests.fuzz.test_json_input import _counts
from triage_app.config import AppConfig
from triage_app.locations import resources_dir

RESOURCES = resources_dir()
#: Each shipped file (relative to the rule set's folder) and the header of its tables.
TABLES = {
    "coventry.toml": "[[rule]]",
    "actions.toml": "[action.fuzz{n}]",
    "coventry.examples.toml": "[[example]]",
    "../partners.toml": "[partner.fuzz{n}]",
}
SHIPPED = {
    name: (RESOURCES / "pathways" / name).read_text(encoding="utf-8").splitlines()
    for name in TABLES
}


@HOSTILE
@given(raw=hostile_bytes())
def test_route_one_request(cli_config: AppConfig, capsys, monkeypatch, raw: bytes) -> None:  # noqa: F811
    outcome = run_bytes(cli_config, capsys, monkeypatch, raw, "route")
    assert_plain(outcome, 0, 2)
    if outcome.code == 0:
        assert "pathway" in json.loads(outcome.out)


@HOSTILE
@given(raw=hostile_jsonl())
def test_route_jsonl(cli_config: AppConfig, capsys, monkeypatch, raw: bytes) -> None:  # noqa: F811
    outcome = run_bytes(cli_config, capsys, monkeypatch, raw, "route", "--jsonl")
    assert_plain(outcome, 0, 2)
    if outcome.code == 0:
        assert all("pathway" in json.loads(line) for line in outcome.out.splitlines())
    else:
        assert outcome.out == "", "an invalid line must leave standard output empty"


@HOSTILE
@given(raw=hostile_bytes())
def test_record(cli_config: AppConfig, staff, capsys, monkeypatch, raw: bytes) -> None:  # noqa: F811
    before, _ = _counts(cli_config.database)
    outcome = run_bytes(cli_config, capsys, monkeypatch, raw, "record")
    assert_plain(outcome, 0, 2)
    after, _ = _counts(cli_config.database)
    assert after == before + (1 if outcome.code == 0 else 0)


@HOSTILE
@given(raw=hostile_bytes())
def test_record_from_a_file(
    cli_config: AppConfig,  # noqa: F811
    staff,  # noqa: F811
    capsys,
    monkeypatch,
    tmp_path: Path,
    raw: bytes,
) -> None:
    path = tmp_path / "request.json"
    path.write_bytes(raw)
    assert_plain(run_bytes(cli_config, capsys, monkeypatch, b"", "record", str(path)), 0, 2)


@HOSTILE
@given(data=st.data())
def test_rules_check_of_damaged_shipped_files(
    cli_config: AppConfig,  # noqa: F811
    capsys,
    monkeypatch,
    tmp_path: Path,
    data: st.DataObject,
) -> None:
    folder = rules_folder(tmp_path, RESOURCES)
    name = data.draw(st.sampled_from(sorted(SHIPPED)))
    target = folder / name
    original = target.read_bytes()
    text = data.draw(damaged_toml(SHIPPED[name], TABLES[name]))
    how = data.draw(st.sampled_from(["utf-8", "utf-8", "bom", "utf-16"]))
    raw = text.encode("utf-8", "surrogatepass")
    target.write_bytes(
        {"bom": b"\xef\xbb\xbf" + raw, "utf-16": text.encode("utf-16", "surrogatepass")}.get(
            how, raw
        )
    )
    try:
        outcome = run_bytes(cli_config, capsys, monkeypatch, b"", "rules", "check", str(folder))
    finally:
        target.write_bytes(original)
    assert_plain(outcome, 0, 1)


def test_the_real_program_answers_hostile_bytes_plainly(tmp_path: Path) -> None:
    """A real process: its standard streams are the operating system's, not a test's."""
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data"),
           "PYTHONIOENCODING": "", "LC_ALL": "C"}  # fmt: skip
    cases = [
        b"\xff\xfe{\x00}\x00",
        b'{"contact_method": "\xff"}',
        b"\xef\xbb\xbf" + json.dumps({"\u2028" * 30_000: "\ud800"}).encode(),
        b"[" * 5_000,
        b'{"postcode": "' + "\u202e\u0085".encode() * 20_000 + b'"}',
    ]
    for raw in cases:
        for argv in (["route"], ["route", "--jsonl"]):
            done = subprocess.run(
                [sys.executable, "-m", "triage_app.cli.main", *argv],
                input=raw,
                capture_output=True,
                env=env,
                timeout=60,
                check=False,
            )
            err = done.stderr.decode("utf-8", "replace")
            assert_plain(Outcome(done.returncode, "", err), 0, 2)
