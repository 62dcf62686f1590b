"""Running ``triage-app`` in-process against a temporary data folder and database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW, open_sqlite
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.users import add_user
from triage_app.cli.main import run
from triage_app.config import AppConfig
from triage_app.domain.actor import Actor
from triage_app.locations import resources_dir

#: The password of every account ``staff`` adds; commands read it from TRIAGE_PASSWORD.
STAFF_PASSWORD = "test pass phrase 1"
#: A cheaper scrypt cost than the real one, so signing in on every command stays quick.
TEST_POLICY = AccountPolicy(scrypt_n=2**10)


@dataclass
class Result:
    code: int
    out: str
    err: str


Cli = Callable[..., Result]


@pytest.fixture
def cli_config(tmp_path: Path) -> AppConfig:
    return AppConfig(
        database=str(tmp_path / "cli.sqlite"),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources_dir(),
        environ={"TRIAGE_USER": "test.handler", "TRIAGE_PASSWORD": STAFF_PASSWORD},
        clock=lambda: FIXED_NOW,
        accounts=TEST_POLICY,
    )


@pytest.fixture
def staff(cli_config: AppConfig) -> None:
    """The database, created with an administrator and the call handler ``test.handler``."""
    db = open_sqlite(Path(cli_config.database))
    admin = Actor(username="test.admin", role="administrator")
    with db.write() as s:
        for by, name, role in (
            (None, "test.admin", "administrator"),
            (admin, "test.handler", "call_handler"),
        ):
            add_user(
                s,
                by,
                username=name,
                role=role,
                password=STAFF_PASSWORD,
                now=FIXED_NOW,
                policy=TEST_POLICY,
                known_hubs=(),
            )
    db.close()


@pytest.fixture
def cli(cli_config: AppConfig, capsys: pytest.CaptureFixture[str], monkeypatch) -> Cli:
    """Run one command; ``stdin`` text is fed to standard input."""

    def invoke(*argv: str, stdin: str | None = None, config: AppConfig | None = None) -> Result:
        if stdin is not None:
            import io

            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = run(list(argv), config=config or cli_config)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
