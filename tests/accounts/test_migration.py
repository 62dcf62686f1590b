"""0001 → 0002 on a database with rows: requests and the audit chain survive, staff is added."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from account_helpers import add_staff
from alembic import command
from sqlalchemy import make_url, select

from triage_app import __version__
from triage_app.domain.actor import Actor
from triage_app.store import audit
from triage_app.store.access_models import Staff
from triage_app.store.audit_models import AuditEntry
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    open_database,
)


def _at_0001(db: Database) -> None:
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")


def _fill(db: Database, now: datetime) -> None:
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO requests (reference, record_id, created_at, current_version) "
            "VALUES ('HH-AAAA-0001', '00000000-0000-0000-0000-000000000001', "
            "'2025-01-02 03:04:05', 1)"
        )
    actor = Actor(username="old.user", desk="freephone-1")
    with db.write() as s:
        audit.append(s, actor, "create", at=now, record_ref="HH-AAAA-0001")
        audit.append(s, actor, "print_sheet", at=now, record_ref="HH-AAAA-0001")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def old_db(request: pytest.FixtureRequest, tmp_path: Path) -> Database:
    if request.param == "sqlite":
        return Database(make_engine(database_url(tmp_path / "old.sqlite")))
    url = request.getfixturevalue("postgres_owner_url")
    return Database(make_engine(make_url(url)))


def test_an_0001_database_with_rows_is_upgraded_and_keeps_them(
    old_db: Database, now: datetime
) -> None:
    _at_0001(old_db)
    _fill(old_db, now)
    with old_db.engine.connect() as conn:
        assert current_revision(conn) == "0001"
    result = open_database(old_db, __version__)
    assert (result.from_revision, result.to_revision) == ("0001", head_revision())
    with old_db.read() as s:
        refs = s.execute(select(AuditEntry.record_ref, AuditEntry.action)).all()
        assert list(audit.chain_breaks(s)) == []
        assert s.execute(select(Staff)).first() is None
    assert sorted(refs) == [("HH-AAAA-0001", "create"), ("HH-AAAA-0001", "print_sheet")]
    with old_db.engine.connect() as conn:
        kept = conn.exec_driver_sql("SELECT reference FROM requests").scalars().all()
    assert kept == ["HH-AAAA-0001"]
    # The new table works, and appends continue the old chain.
    add_staff(old_db, now, "a.admin", "administrator")
    with old_db.read() as s:
        assert list(audit.chain_breaks(s)) == []
        assert len(audit.entries(s)) == 3
    old_db.close()
