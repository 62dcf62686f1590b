"""``triage-app sheet``: in-process through ``run`` and once as a real command."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.sheets.conftest import printed
from tests.sheets.pdfread import read_sheet
from triage_app.cli.main import run
from triage_app.config import AppConfig


@pytest.fixture
def config(tmp_path, sqlite_path, resources, now) -> AppConfig:
    return AppConfig(
        database=str(sqlite_path),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources,
        environ={},
        clock=lambda: now,
    )


def test_a_blank_sheet_needs_no_user_and_records_nothing(config, db, tmp_path):
    out = tmp_path / "display.pdf"
    assert run(["sheet", "--blank", "homelessness", "--out", str(out)], config=config) == 0
    assert "What happens next: Homelessness" in read_sheet(out.read_bytes()).text
    assert printed(db) == []


def test_an_unknown_need_exits_2_with_a_suggestion(config, tmp_path, capsys):
    out = tmp_path / "display.pdf"
    assert run(["sheet", "--blank", "homelesness", "--out", str(out)], config=config) == 2
    assert "unknown need 'homelesness' — did you mean 'homelessness'?" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    "argv", [["--out", "x.pdf"], ["HH-0000-0000", "--blank", "other", "--out", "x.pdf"]]
)
def test_a_reference_or_blank_need_but_not_both(config, argv, capsys):
    assert run(["sheet", *argv], config=config) == 2
    assert "either a REFERENCE or --blank NEED" in capsys.readouterr().err


def test_the_installed_command_writes_a_blank_sheet(tmp_path, vocab):
    out = tmp_path / "display.pdf"
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "triage_app.cli.main",
            "--database",
            str(tmp_path / "t.sqlite"),
            "sheet",
            "--blank",
            "money_debt",
            "--out",
            str(out),
            "--large-print",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    sheet = read_sheet(out.read_bytes())
    assert f"What happens next: {vocab.need.label('money_debt')}" in sheet.text
    assert min(sheet.sizes) >= 16


def test_a_discreet_blank_sheet_tells_staff_on_standard_error(config, tmp_path, capsys, wording):
    out = tmp_path / "display.pdf"
    assert run(["sheet", "--blank", "domestic_abuse", "--out", str(out)], config=config) == 0
    assert wording.discreet_staff_note in capsys.readouterr().err


def test_a_blank_sheet_that_is_not_discreet_says_nothing_on_standard_error(
    config, tmp_path, capsys
):
    out = tmp_path / "display.pdf"
    assert run(["sheet", "--blank", "money_debt", "--out", str(out)], config=config) == 0
    assert capsys.readouterr().err == ""
