"""Running ``triage-app`` in-process against a temporary data folder and database."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW, STAFF_PASSWORD, TEST_POLICY, add_staff, open_sqlite
from triage_app.cli.main import run
from triage_app.config import AppConfig
from triage_app.locations import resources_dir

#: A routine request as JSON (money worries, a child of 8): the base the CLI tests vary.
MONEY_WORRIES = {
    "contact_method": "telephone",
    "source": "self_referral",
    "needs": ["money_debt"],
    "children": [{"age_years": 8}],
    "consent": "given",
    "postcode": "CV6 1HD",
}


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
    add_staff(db, FIXED_NOW, ("test.handler", "call_handler"))
    db.close()


def with_stdin_bytes(
    cli_config: AppConfig, capsys: pytest.CaptureFixture[str], monkeypatch, raw: bytes, *argv: str
) -> Result:
    """Run a command with ``raw`` bytes on standard input, as a pipe would give them."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    code = run(list(argv), config=cli_config)
    out = capsys.readouterr()
    return Result(code, out.out, out.err)


@pytest.fixture
def cli(cli_config: AppConfig, capsys: pytest.CaptureFixture[str], monkeypatch) -> Cli:
    """Run one command; ``stdin`` text is fed to standard input."""

    def invoke(*argv: str, stdin: str | None = None, config: AppConfig | None = None) -> Result:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = run(list(argv), config=config or cli_config)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
