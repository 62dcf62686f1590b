"""Synthetic requests never reach a service's export: ``demo-data`` only fills a demo database.

Tried: ``demo-data`` on a service's database with accounts but no requests yet, which then
exported the synthetic requests. Now a database becomes a demo one only while it holds
nothing real, is marked so for good, and never takes a staff account.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW, TEST_POLICY, add_staff, open_sqlite
from triage_app.cli.main import run
from triage_app.config import AppConfig
from triage_app.locations import resources_dir


def _config(database: Path, tmp_path: Path, **env: str) -> AppConfig:
    return AppConfig(
        database=str(database),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources_dir(),
        environ=env,
        clock=lambda: FIXED_NOW,
        accounts=TEST_POLICY,
    )


def _count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_services_database_without_requests_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "service.sqlite"
    db = open_sqlite(database)
    add_staff(db, FIXED_NOW, ("t.leader", "team_leader"))
    db.close()
    assert run(["demo-data", "--requests", "20"], config=_config(database, tmp_path)) == 1
    out, err = capsys.readouterr()
    assert out == "" and "is a service's database" in err and "Traceback" not in err
    assert _count(database, "request_versions") == 0
    assert _count(database, "export_waiting") == 0


def test_a_new_file_becomes_a_demo_database_for_good(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "demo.sqlite"
    assert run(["demo-data", "--requests", "20"], config=_config(database, tmp_path)) == 0
    again = ["demo-data", "--requests", "5", "--seed", "2"]
    assert run(again, config=_config(database, tmp_path)) == 0
    assert _count(database, "request_versions") == 25
    capsys.readouterr()
    config = _config(database, tmp_path, TRIAGE_NEW_PASSWORD="admin pass phrase 1")
    assert run(["users", "add", "a.admin", "--role", "administrator"], config=config) == 1
    assert "this is a demo database" in capsys.readouterr().err
    assert _count(database, "staff") == 0
    with sqlite3.connect(database) as conn:
        assert conn.execute(
            "SELECT value FROM database_settings WHERE name = 'purpose'"
        ).fetchone() == ("demo",)
