"""The schema's history: created at head, upgraded in place with a backup, newer refused."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from triage_app import __version__
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import (
    DatabaseTooNew,
    alembic_config,
    current_revision,
    head_revision,
    open_database,
)
from triage_app.store.models import Base


def test_a_new_database_is_created_at_head(any_db: Database) -> None:
    with any_db.engine.connect() as conn:
        assert current_revision(conn) == head_revision()


def _declared_for(dialect: str) -> Callable[..., bool]:
    """Alembic's filter for the objects a database of this dialect holds: an index declared
    ``ddl_if(dialect=...)`` for another one is not expected there."""

    def include(obj: object, _name: object, _type: str, _reflected: bool, _other: object) -> bool:
        condition = getattr(obj, "_ddl_if", None)
        return condition is None or condition.dialect in (None, dialect)

    return include


def test_models_and_migrations_agree(any_db: Database) -> None:
    with any_db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": _declared_for(conn.dialect.name)}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_revisions_form_one_line() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1
    revisions = list(script.walk_revisions())
    assert all(not r.is_merge_point for r in revisions)


def _at_first_revision(path: Path) -> Database:
    db = Database(make_engine(database_url(path)))
    config = alembic_config()
    first = ScriptDirectory.from_config(config).get_base()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, first)
    return db


def test_an_old_database_is_backed_up_then_upgraded_with_rows_intact(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    db = _at_first_revision(path)
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO requests (reference, record_id, created_at, current_version) "
            "VALUES ('HH-AAAA-0001', '00000000-0000-0000-0000-000000000001', "
            "'2025-01-02 03:04:05', 1)"
        )
    db.close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0001'")
    db = Database(make_engine(database_url(path)))
    result = open_database(db, __version__)
    with db.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        refs = conn.exec_driver_sql("SELECT reference FROM requests").scalars().all()
    assert refs == ["HH-AAAA-0001"]
    if result.changed:
        assert result.backup is not None and result.backup.exists()
        with sqlite3.connect(result.backup) as copy:
            assert copy.execute("SELECT count(*) FROM requests").fetchone() == (1,)
    db.close()


def test_a_newer_database_is_refused_naming_the_version_it_needs(sqlite_path: Path) -> None:
    db = Database(make_engine(database_url(sqlite_path)))
    open_database(db, __version__)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff_future'")
        conn.exec_driver_sql(
            "INSERT INTO schema_stamps (revision, app_version, applied_at) VALUES (?, ?, ?)",
            ("ffff_future", "9.4.0", datetime(2030, 1, 1, tzinfo=UTC).replace(tzinfo=None)),
        )
    with pytest.raises(DatabaseTooNew, match=r"Here to Help 9\.4\.0") as raised:
        open_database(db, __version__)
    assert "ffff_future" in str(raised.value)
    with db.engine.connect() as conn:  # refused without touching it
        assert current_revision(conn) == "ffff_future"
    db.close()


def test_the_known_head_is_the_newest_migration() -> None:
    from triage_app.store.migrate import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD, "set SCHEMA_HEAD in store/migrate.py to the new head"


def test_opening_a_database_at_head_needs_no_upgrade(any_db: Database) -> None:
    result = open_database(any_db, __version__)
    assert not result.changed and result.backup is None
