"""The restore drill of docs/deployment.md, end to end on a real server: a day's work, a
``pg_dump`` backup, the database destroyed, restored with ``pg_restore`` by its owner role,
``db check`` healthy (the audit trail's chain and this PC's head verify), every exported
reference present, and the desks back at work as their own role.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import URL, make_url, text

from tests.cli.conftest import MONEY_WORRIES, Cli
from tests.cli.desk_day import a_days_work, exported_references
from tests.conftest import OWNER_ROLE, postgres_server_url
from tests.pg_server import bindir
from triage_app.config import AppConfig
from triage_app.store.database import database_url, make_engine

pytestmark = pytest.mark.postgres


def libpq(url: str | URL) -> str:
    """A URL as libpq's own tools (pg_dump, pg_restore) read it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def run_tool(tool: str, *args: str) -> None:
    found = bindir()
    if found is None:
        pytest.skip("no PostgreSQL client programs (pg_dump) on this machine")
    done = subprocess.run([str(found / tool), *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_back_up_destroy_restore_and_check(
    cli: Cli, cli_config: AppConfig, postgres_url: str, tmp_path: Path
) -> None:
    desk = replace(cli_config, database=postgres_url)
    references = a_days_work(cli, desk, tmp_path, requests=3)
    owner = make_url(postgres_url).set(username=OWNER_ROLE)
    dump = tmp_path / "here_to_help.dump"
    run_tool("pg_dump", "--format=custom", f"--file={dump}", f"--dbname={libpq(owner)}")

    name = str(owner.database)
    admin = make_engine(database_url(postgres_server_url())).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:  # the server's database is lost
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    assert cli("db", "check", config=desk).code == 1
    with admin.connect() as conn:  # a new, empty database for the owner to restore into
        conn.execute(text(f'CREATE DATABASE "{name}" OWNER {OWNER_ROLE}'))
    admin.dispose()
    run_tool("pg_restore", "--exit-on-error", f"--dbname={libpq(owner)}", str(dump))

    checked = cli("db", "check", "--against", str(tmp_path / "batches"), config=desk)
    assert checked.code == 0, checked.out + checked.err
    assert "healthy" in checked.out and "audit trail agrees with 1 export batch" in checked.out
    engine = make_engine(make_url(postgres_url))
    with engine.connect() as conn:  # as the desk role: its rights came back with the tables
        stored = set(conn.execute(text("SELECT reference FROM requests")).scalars())
    engine.dispose()
    assert exported_references(tmp_path / "batches") <= stored
    assert stored == set(references)
    again = cli("record", stdin=json.dumps(MONEY_WORRIES), config=desk)
    assert again.code == 0, again.err
    assert cli("db", "check", config=desk).code == 0
