"""``triage-app sheet REFERENCE``: a family's sheet, written as a signed-in member of staff."""

from __future__ import annotations

import pytest

from tests.conftest import STAFF_PASSWORD as PASSWORD
from tests.conftest import TEST_POLICY as CHEAP
from tests.conftest import add_staff, open_sqlite
from tests.sheets.conftest import printed, reasons
from tests.sheets.pdfread import read_sheet
from triage_app.cli.main import run
from triage_app.config import AppConfig


@pytest.fixture
def config(tmp_path, sqlite_path, resources, now) -> AppConfig:
    db = open_sqlite(sqlite_path)
    # The call handler who took the ``reference`` request (a sheet is for those who see it).
    add_staff(db, now, ("test.handler", "call_handler"))
    db.close()
    return AppConfig(
        database=str(sqlite_path),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources,
        environ={"TRIAGE_PASSWORD": PASSWORD},
        clock=lambda: now,
        accounts=CHEAP,
    )


def test_a_familys_sheet_is_written_and_recorded(config, db, reference, tmp_path, capsys):
    out = tmp_path / "sheet.pdf"
    spoken = reference.lower().replace("-", " ")  # as read out over the phone
    assert run(["--user", "test.handler", "sheet", spoken, "--out", str(out)], config=config) == 0
    sheet = read_sheet(out.read_bytes())
    assert f"Your reference: {reference}" in sheet.text and "For Ștefan" in sheet.text
    assert "Harmony Hub" in sheet.text and "NARRATIVE-MARKER" not in sheet.text
    assert printed(db) == [("test.handler", reference)]
    assert str(out) in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".sheet-")] == []


def test_large_print_from_the_command_line(config, db, reference, tmp_path):
    out = tmp_path / "large.pdf"
    argv = ["--user", "test.handler", "sheet", reference, "--out", str(out), "--large-print"]
    assert run(argv, config=config) == 0
    assert min(read_sheet(out.read_bytes()).sizes) >= 16


def test_a_familys_sheet_needs_a_named_user(config, db, reference, tmp_path, capsys):
    out = tmp_path / "sheet.pdf"
    assert run(["sheet", reference, "--out", str(out)], config=config) == 1
    assert "--user" in capsys.readouterr().err
    assert not out.exists() and printed(db) == []


def test_an_unknown_reference_says_so(config, db, tmp_path, capsys):
    out = tmp_path / "sheet.pdf"
    argv = ["--user", "test.handler", "sheet", "HH-0000-0000", "--out", str(out)]
    assert run(argv, config=config) == 1
    assert "no request has the reference HH-0000-0000" in capsys.readouterr().err
    assert not out.exists()


def test_an_unwritable_file_is_a_plain_message_and_nothing_is_recorded(
    config, db, reference, tmp_path, capsys
):
    out = tmp_path / "no such folder" / "sheet.pdf"
    argv = ["--user", "test.handler", "sheet", reference, "--out", str(out)]
    assert run(argv, config=config) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"triage-app: cannot write {out}") and "Traceback" not in err
    assert printed(db) == []


def test_a_role_that_may_not_print_sheets_is_refused(config, db, reference, tmp_path, capsys):
    out = tmp_path / "sheet.pdf"
    assert run(["--user", "test.admin", "sheet", reference, "--out", str(out)], config=config) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert not out.exists() and printed(db) == []


def test_staff_may_ask_for_a_discreet_sheet(config, db, reference, tmp_path, capsys):
    """The person the family fears may see it: nothing of what was asked, the reference kept."""
    plain, hidden = tmp_path / "plain.pdf", tmp_path / "discreet.pdf"
    argv = ["--user", "test.handler", "sheet", reference, "--out"]
    assert run([*argv, str(plain)], config=config) == 0
    capsys.readouterr()
    assert run([*argv, str(hidden), "--discreet"], config=config) == 0
    said = capsys.readouterr()
    shown, quiet = read_sheet(plain.read_bytes()).text, read_sheet(hidden.read_bytes()).text
    assert "This is a discreet sheet" in said.err  # the staff note, as for a discreet route
    assert f"Your reference: {reference}" in quiet and "Harmony Hub" in quiet
    assert "Independent Advice" in shown and "Independent Advice" not in quiet  # money advice
    assert "wrong number" in quiet and "wrong number" not in shown
    assert printed(db) == [("test.handler", reference)] * 2
    assert reasons(db) == [None, "discreet"]  # the audit says which sheet went out


def test_a_blank_sheet_is_not_made_discreet_by_hand(config, tmp_path, capsys):
    out = tmp_path / "blank.pdf"
    argv = ["sheet", "--blank", "money_debt", "--out", str(out), "--discreet"]
    assert run(argv, config=config) == 2
    assert "--discreet: is for a family's sheet" in capsys.readouterr().err and not out.exists()
