"""Shared fixtures: a fixed clock, the shipped resources, and migrated databases.

``QT_QPA_PLATFORM`` is set before anything can import Qt, so the window's tests run without
a display. Store tests run on a SQLite file and, through ``any_db``, on a real PostgreSQL
server named by ``TRIAGE_TEST_POSTGRES_URL``; in CI a missing server fails them. That URL is
the server's superuser, which makes the databases: each belongs to an owner role that
migrates it, and the tests work in it as a desk role, as a council's desks do.
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
from sqlalchemy import URL, Connection, Engine, make_url, text, update
from sqlalchemy.exc import ProgrammingError
from sqlalchemy.orm import Session

from triage_app import __version__
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.users import add_user
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import Vocabularies, load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import RuleSet, default_rules_dir, load_rules
from triage_app.store import db_settings
from triage_app.store.access_models import Staff
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import open_database
from triage_app.store.roles import grant_desk

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


@pytest.fixture(scope="session")
def rules(resources: Path, vocab: Vocabularies) -> RuleSet:
    """The shipped rule set, loaded once: it is frozen, so every test may share it."""
    return load_rules(default_rules_dir(resources), vocab)


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
    """A fresh database on the test server, migrated by its owner, for a desk role to use."""
    with fresh_postgres_url() as url:
        yield url


@pytest.fixture
def postgres_owner_url() -> Iterator[str]:
    """A fresh, empty database on the test server, as its owner role (migration tests)."""
    with fresh_postgres_url(as_desk=False) as url:
        yield url


#: The roles a council's server has (docs/deployment.md): one owns and migrates, desks work.
OWNER_ROLE, DESK_ROLE = "triage_owner", "triage_desk"


def _ensure_roles(conn: Connection) -> None:
    """The owner and desk roles on the test server (``.ci/postgres.sh`` makes them too)."""
    for role in (OWNER_ROLE, DESK_ROLE):
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
            continue
        try:
            conn.exec_driver_sql(f"CREATE ROLE {role} LOGIN")
        except ProgrammingError:  # another test process made it first
            continue


def as_owner(url: str | URL) -> str:
    """The same PostgreSQL database as its owner role: to migrate it, or to tamper with it."""
    return make_url(url).set(username=OWNER_ROLE).render_as_string(hide_password=False)


def owner_engine(url: str | URL) -> Engine:
    """An engine on the same database as its owner role (a desk role may not add triggers,
    drop them, or empty a table)."""
    return make_engine(make_url(as_owner(url)))


@contextmanager
def fresh_postgres_url(*, as_desk: bool = True) -> Iterator[str]:
    """A new database on the test server (for fixtures of any scope), then dropped.

    It belongs to the owner role. As a desk (the default), the owner has migrated it and
    granted the desk role a desk's rights, and the URL connects as the desk role, as every
    desk of a council's server does; otherwise it is empty and the URL is the owner's.
    """
    server = database_url(postgres_server_url())
    name = f"triage_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        _ensure_roles(conn)
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER {OWNER_ROLE}')
    owner = server.set(database=name, username=OWNER_ROLE)
    url = owner
    if as_desk:
        database = Database(make_engine(owner))
        open_database(database, __version__)
        with database.engine.begin() as conn:
            assert grant_desk(conn, DESK_ROLE) == []
        database.close()
        url = owner.set(username=DESK_ROLE)
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
