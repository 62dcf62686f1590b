"""Migration 0006 works out the re-referrals of the requests already stored, on SQLite and
PostgreSQL, as the save path would have kept them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect, make_url

from tests.conftest import FIXED_NOW
from tests.services.requests_data import HARM, rules_for, save
from tests.store.rereferral_oracle import expected_rereferrals, stored_rereferrals
from triage_app import __version__
from triage_app.domain.request import Family
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import SCHEMA_HEAD, alembic_config, open_database


def _migrate(database: Database, to: str, *, down: bool = False) -> None:
    config = alembic_config()
    with database.engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, to)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        url = database_url(tmp_path / "old.sqlite")
    else:
        url = make_url(request.getfixturevalue("postgres_url"))
    db = Database(make_engine(url))
    _migrate(db, "head")
    yield db
    db.close()


def test_0006_works_out_stored_rereferrals(database: Database, resources, vocab) -> None:
    rules = rules_for(resources, vocab)
    for days, surname in [(400, "Sample"), (200, "Sample"), (100, "Dummy"), (0, "Sample")]:
        save(
            database, rules, vocab,
            replace(HARM, family=Family(first_name="Ola", last_name=surname, phone=None)),
            received=FIXED_NOW - timedelta(days=days),
        )  # fmt: skip
    kept = stored_rereferrals(database)
    assert kept == expected_rereferrals(database)
    assert len(kept) == 3  # the same child (HARM's) within a year of the one before

    _migrate(database, "0005", down=True)  # as an older version of the app left it
    with database.engine.connect() as conn:
        assert "rereferrals" not in inspect(conn).get_table_names()
    result = open_database(database, __version__)
    assert (result.from_revision, result.to_revision) == ("0005", SCHEMA_HEAD)
    assert stored_rereferrals(database) == kept
