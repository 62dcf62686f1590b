"""``triage-app db``: upgrade, check (finds a damaged file), backup while in use."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.conftest import Cli
from triage_app.config import AppConfig


def test_upgrade_creates_a_new_database_then_finds_nothing_to_do(cli: Cli) -> None:
    first = cli("db", "upgrade")
    assert first.code == 0 and "upgraded from new" in first.out
    again = cli("db", "upgrade")
    assert again.code == 0 and "already at schema" in again.out


def test_check_reports_a_healthy_database(cli: Cli) -> None:
    cli("db", "upgrade")
    result = cli("db", "check")
    assert result.code == 0 and "healthy" in result.out


def test_check_finds_a_damaged_file(cli: Cli, cli_config: AppConfig) -> None:
    cli("db", "upgrade")
    path = Path(cli_config.database)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = b"\xff" * (4096 * 2)  # overwrite pages after the header
    path.write_bytes(bytes(data))
    result = cli("db", "check")
    assert result.code == 1
    assert "problem" in result.out
    assert "Traceback" not in result.out + result.err


def test_check_on_something_that_is_not_a_database(cli: Cli, cli_config: AppConfig) -> None:
    Path(cli_config.database).write_text("these are not the droids", encoding="utf-8")
    result = cli("db", "check")
    assert result.code == 1 and "damaged or is not a database" in result.out


def test_opening_a_damaged_file_says_so_plainly_and_changes_nothing(
    cli: Cli, cli_config: AppConfig
) -> None:
    path = Path(cli_config.database)
    path.write_text("not a database", encoding="utf-8")
    result = cli("db", "upgrade")
    assert result.code == 1
    assert "damaged or is not a Here to Help database" in result.err
    assert path.read_text(encoding="utf-8") == "not a database"


def test_backup_copies_the_live_database(cli: Cli, tmp_path: Path) -> None:
    cli("db", "upgrade")
    target = tmp_path / "copy.sqlite"
    result = cli("db", "backup", str(target))
    assert result.code == 0
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    copy.close()
    refused = cli("db", "backup", str(target))
    assert refused.code == 1 and "already exists" in refused.err


def test_version_and_help(cli: Cli) -> None:
    import pytest

    with pytest.raises(SystemExit) as done:
        cli("--version")
    assert done.value.code == 0


def test_a_bad_argument_exits_2_with_a_message(cli: Cli) -> None:
    import pytest

    with pytest.raises(SystemExit) as done:
        cli("db", "frobnicate")
    assert done.value.code == 2


def test_check_finds_kept_figures_that_disagree_and_recount_mends_them(
    cli: Cli, cli_config: AppConfig
) -> None:
    assert cli("demo-data", "--requests", "60").code == 0
    assert cli("db", "check").code == 0
    with sqlite3.connect(Path(cli_config.database)) as conn:  # a count someone changed by hand
        month = conn.execute("SELECT month FROM figure_counts ORDER BY month DESC").fetchone()[0]
        conn.execute(
            "UPDATE figure_counts SET n = n + 5 WHERE month = ? AND measure = 'pathway'", (month,)
        )
    conn.close()
    found = cli("db", "check")
    assert found.code == 1
    assert "the kept figures of" in found.out and "run 'triage-app db recount-figures'" in found.out
    with sqlite3.connect(Path(cli_config.database)) as conn:  # and one in a month of none
        conn.execute(
            "INSERT INTO figure_counts VALUES ('1999-03', '', 'contact_method', '[\"email\"]', 3)"
        )
    conn.close()
    assert "the kept figures of March 1999 differ" in cli("db", "check").out
    mended = cli("db", "recount-figures")
    assert mended.code == 0 and "counted again" in mended.out
    assert cli("db", "check").code == 0
