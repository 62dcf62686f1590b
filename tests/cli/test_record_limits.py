"""``triage-app record`` refuses text the database cannot hold, naming the field (exit 2).

On PostgreSQL such text used to pass validation and fail the save as a bug (exit 3); on
SQLite, which does not enforce lengths, it was stored. The limits themselves are compared
with the schema in ``tests/store/test_limits.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import make_url

from tests.cli.conftest import Cli
from tests.conftest import FIXED_NOW, add_staff, open_sqlite
from triage_app import __version__
from triage_app.config import AppConfig
from triage_app.store.database import Database, make_engine
from triage_app.store.migrate import open_database

CALL: dict[str, Any] = {
    "contact_method": "telephone",
    "source": "self_referral",
    "needs": ["money_debt"],
    "consent": "given",
    "children": [{"age_years": 7}],
    "received_at": "2026-03-16T09:00:00+00:00",
}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def config(request: pytest.FixtureRequest, cli_config: AppConfig) -> Iterator[AppConfig]:
    """The command line over a database of each kind, with the call handler signed up."""
    if request.param == "sqlite":
        db = open_sqlite(Path(cli_config.database))
        chosen = cli_config
    else:
        url = request.getfixturevalue("postgres_url")
        db = Database(make_engine(make_url(url)))
        open_database(db, __version__)
        chosen = replace(cli_config, database=url)
    add_staff(db, FIXED_NOW, ("test.handler", "call_handler"))
    db.close()
    yield chosen


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "phone",
            "07700 900123 mum, 07700 900456 dad (evenings)",
            "family.phone: string should have at most 40 characters",
        ),
        ("last_name", "S" * 201, "family.last_name: string should have at most 200 characters"),
        ("email", "a" * 190 + "@example.org", "family.email: string should have at most 200"),
        ("language", "L" * 81, "family.language: string should have at most 80 characters"),
        ("first_name", "Gra\x00ce", "family.first_name: contains a NUL character"),
    ],
)
def test_text_the_database_cannot_hold_is_refused_by_name(
    cli: Cli, config: AppConfig, field: str, value: str, message: str
) -> None:
    result = cli("record", stdin=json.dumps({**CALL, "family": {field: value}}), config=config)
    assert result.code == 2, result.err
    assert message in result.err
    assert "bug" not in result.err


def test_a_postcode_longer_than_its_column_is_refused(cli: Cli, config: AppConfig) -> None:
    result = cli("record", stdin=json.dumps({**CALL, "postcode": "CV6 1HD CV6 1HD"}), config=config)
    assert result.code == 2, result.err
    assert "postcode: string should have at most 12 characters" in result.err


def test_text_at_its_limit_is_saved(cli: Cli, config: AppConfig) -> None:
    family = {"phone": "07700 900123 mum, 07700 900456 dad", "last_name": "S" * 200}
    result = cli("record", stdin=json.dumps({**CALL, "family": family}), config=config)
    assert result.code == 0, result.err


def test_a_desk_name_longer_than_its_column_is_refused(cli: Cli, config: AppConfig) -> None:
    """The desk (TRIAGE_DESK) is stamped on the request and its audit entry."""
    environ = {**config.environ, "TRIAGE_DESK": "D" * 201}
    result = cli("record", stdin=json.dumps(CALL), config=replace(config, environ=environ))
    assert result.code == 2, result.err
    assert "TRIAGE_DESK: is too long: at most 200 characters" in result.err
