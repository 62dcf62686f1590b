"""Shared fixtures: a fixed clock, the shipped resources, and migrated databases.

``QT_QPA_PLATFORM`` is set before anything can import Qt, so the window's tests run without
a display. Store tests run on a SQLite file and, through ``any_db``, on a real PostgreSQL
server named by ``TRIAGE_TEST_POSTGRES_URL``; in CI a missing server fails them.
"""

from __future__ import annotations

import os
from contextlib import contextmanager

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import make_url, update
from sqlalchemy.orm import Session

from triage_app import __version__
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.users import add_user
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import Vocabularies, load_vocabularies
from triage_app.locations import resources_dir
from triage_app.store import db_settings
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import open_database
from triage_app.store.models import Staff

POSTGRES_ENV = "TRIAGE_TEST_POSTGRES_URL"
FIXED_NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)


#: The password of every account the tests add; commands read it from TRIAGE_PASSWORD.
STAFF_PASSWORD = "synthetic pass phrase 1"
#: A cheaper scrypt cost than the real one: the same code path, so signing in stays quick.
TEST_POLICY = AccountPolicy(scrypt_n=2**10)


def as_their_owners_left_them(session: Session, now: datetime) -> None:
    """Test accounts whose owners have chosen their own passwords, on a service where the
    one administrator may grant roles alone (docs/access.md): what most tests start from."""
    session.execute(update(Staff).values(must_change_password=False, password_set_by=None))
    db_settings.put(session, db_settings.SOLE_ADMINISTRATOR_GRANTS, "yes", now=now)


def add_staff(
    db: Database, now: datetime, *staff: tuple[str, str], first_admin: bool = True
) -> None:
    """``test.admin`` as the first administrator (unless there already), then each staff member.

    ``staff`` are ``(username, role)`` pairs, added by ``test.admin``, all with
    ``STAFF_PASSWORD``.
    """
    admin = Actor(username="test.admin", role="administrator")
    first = ((None, "test.admin", "administrator"),) if first_admin else ()
    with db.write() as s:
        db_settings.put(s, db_settings.SOLE_ADMINISTRATOR_GRANTS, "yes", now=now)
        for by, name, role in first + tuple((admin, name, role) for name, role in staff):
            add_user(
                s,
                by,
                username=name,
                role=role,
                password=STAFF_PASSWORD,
                now=now,
                policy=TEST_POLICY,
                known_hubs=(),
            )
        as_their_owners_left_them(s, now)


@pytest.fixture
def now() -> datetime:
    return FIXED_NOW


@pytest.fixture(scope="session")
def resources() -> Path:
    return resources_dir()


@pytest.fixture(scope="session")
def vocab(resources: Path) -> Vocabularies:
    return load_vocabularies(resources)


@pytest.fixture
def actor() -> Actor:
    return Actor(username="test.handler", role="call_handler", desk="freephone-1")


def open_sqlite(path: Path) -> Database:
    db = Database(make_engine(database_url(path)))
    open_database(db, __version__)
    return db


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "triage.sqlite"


@pytest.fixture
def db(sqlite_path: Path) -> Iterator[Database]:
    """A migrated SQLite file of its own for each test."""
    database = open_sqlite(sqlite_path)
    yield database
    database.close()


def postgres_server_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get("CI"):
        pytest.fail(f"{POSTGRES_ENV} is not set: CI must provide a PostgreSQL server")
    pytest.skip(f"no PostgreSQL server ({POSTGRES_ENV} not set)")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty database on the test server, dropped afterwards."""
    with fresh_postgres_url() as url:
        yield url


@contextmanager
def fresh_postgres_url() -> Iterator[str]:
    """A new, empty database on the test server (for fixtures of any scope), then dropped."""
    server = database_url(postgres_server_url())
    name = f"triage_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = server.set(database=name)
    yield url.render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated database of each kind the app supports."""
    if request.param == "sqlite":
        database = open_sqlite(tmp_path / "triage.sqlite")
    else:
        url = request.getfixturevalue("postgres_url")
        database = Database(make_engine(make_url(url)))
        open_database(database, __version__)
    yield database
    database.close()
