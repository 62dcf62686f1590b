"""``triage-app directory``: list, show, find, check, edit, export and import."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.conftest import FIXED_NOW, STAFF_PASSWORD, add_staff, open_sqlite
from triage_app.config import AppConfig

LEADER_ENV = {"TRIAGE_USER": "test.leader", "TRIAGE_PASSWORD": STAFF_PASSWORD}
SOURCE = "Service's own page, read 2026-03-10"


@pytest.fixture
def leader(cli_config: AppConfig, staff: None) -> AppConfig:
    db = open_sqlite(Path(cli_config.database))
    add_staff(db, FIXED_NOW, ("test.leader", "team_leader"), first_admin=False)
    db.close()
    return replace(cli_config, environ=LEADER_ENV)


def test_list_shows_every_entry_its_number_and_whether_it_is_stale(cli: Cli) -> None:
    result = cli("directory", "list")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert len(lines) == 28
    assert lines[0].startswith("aspire\thub\tactive\tAspire Family Hub\t024 7697 8100\t")
    ciass = next(line for line in lines if line.startswith("ciass\t"))
    assert ciass.endswith("no number\tnever checked\tSTALE")


def test_show_says_what_to_tell_the_caller(cli: Cli) -> None:
    result = cli("directory", "show", "ciass", "--history")
    assert result.code == 0, result.err
    assert "tell the caller: Coventry Independent Advice Service: Free" in result.out
    assert "number may be given out: no" in result.out
    assert "offers: Money or debt worries; Housing or rent" in result.out
    assert "version 1," in result.out
    unknown = cli("directory", "show", "ciaas")
    assert unknown.code == 2 and "no service has the code 'ciaas'" in unknown.err


def test_find_looks_a_service_up_by_a_callers_word(cli: Cli) -> None:
    result = cli("directory", "find", "eviction")
    assert result.code == 0, result.err
    codes = [line.split("\t")[0] for line in result.out.splitlines() if "\t" in line]
    assert set(codes[:2]) == {"housing", "ciass"}
    assert "do not give a number" in result.out


def test_check_lists_the_stale_entries_and_exits_1(cli: Cli) -> None:
    result = cli("directory", "check")
    assert result.code == 1
    assert "28 entries not checked for 6 months or more" in result.err
    assert "ciass\tCoventry Independent Advice Service\tnever checked" in result.out


def test_check_names_the_rules_actions_whose_service_is_closed(cli: Cli, leader: AppConfig) -> None:
    assert cli("directory", "edit", "ciass", "--set", "status=closed", config=leader).code == 0
    result = cli("directory", "check")
    assert result.code == 1
    assert "action refer_ciass needs ciass, which is closed" in result.out
    assert "the rules name a paused or closed service in 1 action" in result.err


def test_front_door_staff_may_not_edit(cli: Cli, staff: None) -> None:
    result = cli("directory", "edit", "ciass", "--set", "status=closed")
    assert result.code == 1
    assert "a call handler may not change the services directory" in result.err


def test_a_team_leader_edits_and_an_unsourced_number_stays_unconfirmed(
    cli: Cli, leader: AppConfig
) -> None:
    result = cli(
        "directory", "edit", "ciass", "--set", "phone=0300 000 0000", "--checked",
        "--reason", "rang them", config=leader,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "saved ciass, version 2" in result.out
    assert "phone has no source, so it is unconfirmed" in result.err
    shown = cli("directory", "show", "ciass", config=leader).out
    assert "phone: 0300 000 0000 [UNCONFIRMED: no source]" in shown
    assert "number may be given out: no" in shown
    result = cli("directory", "edit", "ciass", "--set", f"phone_source={SOURCE}", config=leader)
    assert (
        result.code == 0
        and "number may be given out: yes" in cli("directory", "show", "ciass", config=leader).out
    )
    bad = cli("directory", "edit", "ciass", "--set", "status=gone", config=leader)
    assert bad.code == 2 and "status: must be one of" in bad.err


def test_export_import_into_a_fresh_database_and_export_again_is_identical(
    cli: Cli, leader: AppConfig, tmp_path: Path
) -> None:
    changes = ("--set", "phone=0300 000 0000", "--set", f"phone_source={SOURCE}",
               "--set", "status=waiting_list", "--set", "opening_hours=Mondays 9am to 1pm",
               "--set", f"opening_hours_source={SOURCE}", "--set", "web=example.org",
               "--checked")  # fmt: skip
    assert cli("directory", "edit", "ciass", *changes, config=leader).code == 0
    first = tmp_path / "first.json"
    assert cli("directory", "export", "--format", "hsds", "--out", str(first)).code == 0
    fresh = replace(leader, database=str(tmp_path / "fresh.sqlite"))
    db = open_sqlite(tmp_path / "fresh.sqlite")
    add_staff(db, FIXED_NOW, ("test.leader", "team_leader"))
    db.close()
    imported = cli("directory", "import", str(first), "--format", "hsds", config=fresh)
    assert imported.code == 0, imported.err
    assert "imported 1 service" in imported.out  # the others are as seeded
    again = cli("directory", "export", "--format", "hsds", config=fresh)
    assert again.out == first.read_text(encoding="utf-8")


def test_a_bad_file_is_refused_with_the_field_named_and_nothing_imported(
    cli: Cli, leader: AppConfig, tmp_path: Path
) -> None:
    document = json.loads(cli("directory", "export", "--format", "hsds").out)
    document["services"][0]["description"] = "changed"
    document["services"][3]["phones"] = [{"id": "p", "number": ""}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = cli("directory", "import", str(bad), "--format", "hsds", config=leader)
    assert result.code == 2
    assert "services[3].phones[0].number: string should have at least 1 character" in result.err
    assert "Traceback" not in result.err
    shown = cli("directory", "show", "aspire", config=leader).out
    assert "changed" not in shown
    document["services"][3]["phones"] = []
    document["services"][5]["attributes"][1]["taxonomy_term"]["code"] = "gone"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = cli("directory", "import", str(bad), "--format", "hsds", config=leader)
    assert result.code == 2 and "services[5].status: must be one of" in result.err
    assert "changed" not in cli("directory", "show", "aspire", config=leader).out
    not_json = cli("directory", "import", str(tmp_path / "none.json"), "--format", "hsds")
    assert not_json.code == 2 and "cannot read" in not_json.err


def test_help_names_every_action(cli: Cli, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli("directory", "--help")
    assert done.value.code == 0
    out = capsys.readouterr().out
    for action in ("list", "show", "find", "check", "export", "import", "edit", "stale-after"):
        assert action in out
