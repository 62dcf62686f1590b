"""A mistyped SQLite path is refused, naming it, instead of becoming a new, empty database.

It used to be created, folders and all, and the person was then told their user name or
password was wrong (the new database had no accounts). Now a database is made only in a
folder that exists, an empty (0-byte) file given by path is refused, and a command that
signs in to a database with no accounts says so. The app's own database in the user data
folder is still made on first start, folders and all. The window says the same as the
command line (its start is run as a real process).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from tests.cli.conftest import Cli
from triage_app.config import DEFAULT_DATABASE_NAME, AppConfig

ROOT = Path(__file__).resolve().parents[2]
CALL = {
    "contact_method": "telephone",
    "source": "self_referral",
    "needs": ["money_debt"],
    "consent": "given",
    "children": [{"age_years": 7}],
}


def _record(cli: Cli, config: AppConfig) -> tuple[int, str]:
    result = cli("record", stdin=json.dumps(CALL), config=config)
    assert "Traceback" not in result.err and "bug" not in result.err
    return result.code, result.err


def test_a_path_whose_folder_does_not_exist_is_refused_naming_it(
    cli: Cli, cli_config: AppConfig, tmp_path: Path
) -> None:
    mistyped = tmp_path / "Sahred" / "here-to-help.sqlite"
    code, err = _record(cli, replace(cli_config, database=str(mistyped)))
    assert code == 1
    assert f"there is no folder {mistyped.parent} for the database {mistyped}" in err
    assert "--database or TRIAGE_DATABASE_URL" in err
    assert "user name or password" not in err
    assert not mistyped.parent.exists()  # no folder, no file made


def test_an_empty_file_is_refused_and_left_as_it_is(
    cli: Cli, cli_config: AppConfig, tmp_path: Path
) -> None:
    empty = tmp_path / "copy-went-wrong.sqlite"
    empty.touch()
    code, err = _record(cli, replace(cli_config, database=str(empty)))
    assert code == 1
    assert f"{empty} is an empty file (0 bytes), not a Here to Help database" in err
    assert empty.stat().st_size == 0


def test_a_folder_given_as_the_database_is_refused(
    cli: Cli, cli_config: AppConfig, tmp_path: Path
) -> None:
    code, err = _record(cli, replace(cli_config, database=str(tmp_path)))
    assert code == 1
    assert f"{tmp_path} is a folder, not a database file" in err


def test_a_new_database_in_a_folder_that_exists_says_it_has_no_accounts(
    cli: Cli, cli_config: AppConfig, tmp_path: Path
) -> None:
    new = tmp_path / "here-to-help.sqltie"
    code, err = _record(cli, replace(cli_config, database=str(new)))
    assert code == 1
    assert f"{new} is a database with no accounts yet, made just now" in err
    assert "user name or password" not in err


def test_the_apps_own_database_is_made_on_first_start_folders_and_all(
    cli: Cli, cli_config: AppConfig
) -> None:
    own = cli_config.data_dir / DEFAULT_DATABASE_NAME
    assert not cli_config.data_dir.exists()
    config = replace(cli_config, database=str(own))
    result = cli("db", "upgrade", config=config)
    assert result.code == 0, result.err
    assert own.stat().st_size > 0
    own.unlink()
    for leftover in own.parent.glob(f"{own.name}-*"):
        leftover.unlink()
    own.touch()  # the app stopped as it created its own file: made again, as new
    assert cli("db", "upgrade", config=config).code == 0
    assert own.stat().st_size > 0


def test_the_window_says_the_same_and_makes_nothing(tmp_path: Path) -> None:
    mistyped = tmp_path / "Sahred" / "here-to-help.sqlite"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    env.pop("TRIAGE_DATABASE_URL", None)
    command = [sys.executable, "-m", "triage_app.cli.main", "--exit-when-ready"]
    done = subprocess.run(
        [*command, "--database", str(mistyped)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert f"there is no folder {mistyped.parent} for the database {mistyped}" in done.stderr
    assert "Traceback" not in done.stderr
    assert not mistyped.parent.exists()


def test_demo_with_a_named_database_is_refused_and_the_file_is_left_alone(tmp_path: Path) -> None:
    """``--demo`` fills its own file with synthetic requests: never one staff named."""
    named = tmp_path / "hub.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "triage_app.cli.main", "--demo", "--database", str(named)],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert result.returncode == 2
    assert "--demo opens its own demo database, so --database cannot go with it" in result.stderr
    assert "Traceback" not in result.stderr
    assert not named.exists()
