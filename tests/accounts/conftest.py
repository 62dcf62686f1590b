"""Accounts fixtures: a cheaper scrypt cost so the many sign-ins stay quick, and a way to run
the command line in-process against a test database with its own environment and clock."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from account_helpers import ADMIN_PASSWORD, CHEAP, add_staff

from triage_app.accounts.policy import AccountPolicy
from triage_app.cli.main import run
from triage_app.config import AppConfig
from triage_app.domain.actor import Actor
from triage_app.store.database import Database


@pytest.fixture
def policy() -> AccountPolicy:
    return CHEAP


@pytest.fixture
def admin(db: Database, now: datetime) -> Actor:
    """The first administrator of ``db``."""
    add_staff(db, now, "a.admin", "administrator", password=ADMIN_PASSWORD)
    return Actor(username="a.admin", role="administrator", desk="office")


@dataclass
class CliResult:
    code: int
    out: str
    err: str


CliRunner = Callable[..., CliResult]


@pytest.fixture
def cli(
    sqlite_path: Path,
    tmp_path: Path,
    resources: Path,
    now: datetime,
    capsys: pytest.CaptureFixture[str],
) -> CliRunner:
    """Run ``triage-app ARGS`` in-process on ``sqlite_path`` with the given environment."""

    def invoke(*argv: str, env: Mapping[str, str] | None = None) -> CliResult:
        config = AppConfig(
            database=str(sqlite_path),
            data_dir=tmp_path / "data",
            config_dir=tmp_path / "config",
            resources=resources,
            environ=dict(env or {}),
            clock=lambda: now,
            accounts=CHEAP,
        )
        capsys.readouterr()
        try:
            code = run(list(argv), config=config)
        except SystemExit as e:  # argparse refusing an argument
            code = int(e.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke
