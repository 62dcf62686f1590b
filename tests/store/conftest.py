"""Databases for the migration tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from tests.store.migrations import migrate
from triage_app.store.database import Database, database_url, make_engine


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def at_head(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database of each kind at the newest revision, for a test to fill and take back to
    an older one (requests are saved by today's code, which needs today's tables)."""
    if request.param == "sqlite":
        url = database_url(tmp_path / "old.sqlite")
    else:
        url = make_url(request.getfixturevalue("postgres_owner_url"))
    database = Database(make_engine(url))
    migrate(database, "head")
    yield database
    database.close()
