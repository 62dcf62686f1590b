"""A desk's PostgreSQL role does a day's work and nothing that could rewrite the audit trail.

The database belongs to the owner role, which migrated it and granted the desk role a desk's
rights (``triage-app db grant-desk``); these tests connect as the desk role, as a council's
desks do (docs/deployment.md), and try what whoever holds a desk's connection string might.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, make_url, text
from sqlalchemy.exc import ProgrammingError

from tests.cli.conftest import Cli
from tests.cli.desk_day import LEADER, a_days_work
from tests.conftest import (
    DESK_ROLE,
    FIXED_NOW,
    OWNER_ROLE,
    fresh_postgres_url,
    owner_engine,
)
from tests.store.migrations import migrate
from triage_app import __version__
from triage_app.config import AppConfig
from triage_app.store import audit
from triage_app.store.database import Database, make_engine
from triage_app.store.migrate import SCHEMA_HEAD, open_database
from triage_app.store.roles import NotTheOwner, grant_desk

pytestmark = pytest.mark.postgres


@pytest.fixture
def desk_engine(postgres_url: str) -> Iterator[Engine]:
    """The desk role's connection to a database its owner has migrated, with some entries."""
    db = Database(make_engine(make_url(postgres_url)))
    with db.write() as s:
        audit.append(s, LEADER, "sign_in", at=FIXED_NOW)
    yield db.engine
    db.close()


@pytest.mark.parametrize(
    "statement",
    [
        "DROP TRIGGER audit_entries_no_change ON audit_entries",
        "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change",
        "DROP FUNCTION audit_entries_refuse() CASCADE",
        "CREATE OR REPLACE FUNCTION audit_entries_refuse() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RETURN NEW; END $$",
        "UPDATE audit_entries SET actor = 'someone else'",
        "DELETE FROM audit_entries",
        "TRUNCATE audit_entries",
        "ALTER TABLE requests ADD COLUMN note text",
        "ALTER TABLE audit_entries RENAME TO old_entries",
        "DROP TABLE drafts",
        "CREATE TABLE copies (id integer)",
        "UPDATE alembic_version SET version_num = '0001'",
        "DELETE FROM schema_stamps",
    ],
)
def test_the_desk_role_is_refused(desk_engine: Engine, statement: str) -> None:
    refused = pytest.raises(ProgrammingError, match=r"permission denied|must be owner")
    with refused, desk_engine.begin() as conn:
        conn.exec_driver_sql(statement)
    with desk_engine.connect() as conn:
        actors = conn.execute(text("SELECT actor FROM audit_entries")).scalars().all()
    assert actors == [LEADER.username]


def test_a_desk_role_is_told_an_administrator_must_upgrade() -> None:
    with fresh_postgres_url(as_desk=False) as owner_url:
        owner = Database(make_engine(make_url(owner_url)))
        migrate(owner, "0010")
        with owner.engine.begin() as conn:
            grant_desk(conn, DESK_ROLE)
        desk = Database(make_engine(make_url(owner_url).set(username=DESK_ROLE)))
        with pytest.raises(NotTheOwner) as refused:
            open_database(desk, __version__)
        message = str(refused.value)
        assert "is at schema 0010" in message and f"needs schema {SCHEMA_HEAD}" in message
        assert "administrator must run 'triage-app db upgrade'" in message
        with desk.engine.connect() as conn:  # nothing was changed
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0010"
        # The owner upgrades; the desk's rights reach the tables the upgrade added.
        open_database(owner, __version__)
        assert open_database(desk, __version__).to_revision == SCHEMA_HEAD
        with desk.write() as s:
            s.execute(text("SELECT count(*) FROM audit_keys")).scalar()
            audit.append(s, LEADER, "sign_in", at=FIXED_NOW)
        desk.close()
        owner.close()


def test_a_desk_role_never_creates_the_schema(cli: Cli, cli_config: AppConfig) -> None:
    with fresh_postgres_url(as_desk=False) as owner_url:
        desk_url = make_url(owner_url).set(username=DESK_ROLE)
        config = replace(cli_config, database=desk_url.render_as_string(hide_password=False))
        result = cli("db", "upgrade", config=config)
        assert result.code == 1
        assert "has no tables yet" in result.err
        assert "administrator must run 'triage-app db upgrade'" in result.err
        assert "Traceback" not in result.err


def test_grant_desk_is_the_owners_command(cli: Cli, cli_config: AppConfig) -> None:
    with fresh_postgres_url(as_desk=False) as owner_url:
        as_owner = replace(cli_config, database=owner_url)
        first = cli("db", "upgrade", config=as_owner)
        assert first.code == 0, first.err
        granted = cli("db", "grant-desk", DESK_ROLE, config=as_owner)
        assert granted.code == 0, granted.err
        assert f"{DESK_ROLE} has a desk's rights" in granted.out
        as_desk = replace(
            cli_config,
            database=make_url(owner_url).set(username=DESK_ROLE).render_as_string(False),
        )
        itself = cli("db", "grant-desk", DESK_ROLE, config=as_desk)
        assert itself.code == 1
        assert "does not own this database's tables" in itself.err
        for role, said in (
            ("no_such_role_here", "there is no role 'no_such_role_here'"),
            ("Robert'); DROP TABLE requests;--", "is not a role name"),
            (OWNER_ROLE, "acts as this database's owner"),
        ):
            refused = cli("db", "grant-desk", role, config=as_owner)
            assert (refused.code, said in refused.err) == (1, True), refused.err


def test_a_desk_role_does_a_days_work(
    cli: Cli, cli_config: AppConfig, postgres_url: str, tmp_path: Path
) -> None:
    """Sign in, record, search, print a sheet, export and run the figures: all as the desk."""
    config = replace(cli_config, database=postgres_url)
    a_days_work(cli, config, tmp_path, requests=2)
    checked = cli("db", "check", config=config)
    assert checked.code == 0, checked.out + checked.err
    owner = owner_engine(postgres_url)
    with owner.connect() as conn:
        who = conn.execute(
            text("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
        )
        assert who.scalars().all() == [OWNER_ROLE]
    owner.dispose()
