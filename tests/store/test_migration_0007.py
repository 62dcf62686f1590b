"""Migration 0007 (what waits for export, and what was sent, in narrow tables) on SQLite and
PostgreSQL: taken back to 0006, each version sent keeps its batch in the old column; brought
up again, every row is kept, each version's batch carried over, the rest waiting, and a past
batch is written again byte for byte."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, make_url, select, text

from tests.export.export_data import TAKEN, amend, save
from triage_app import __version__
from triage_app.domain.actor import Actor
from triage_app.export import (
    PendingSummary,
    export_pending,
    pending_summary,
    write_batch_again,
)
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import SCHEMA_HEAD, alembic_config, open_database
from triage_app.store.models import ExportedVersion, RequestVersion, WaitingVersion

LEADER = Actor(username="team.leader", role="team_leader")
_CONTENT = ("requests", "request_versions", "children", "request_needs", "route_actions")


def _migrate(db: Database, to: str, *, down: bool = False) -> None:
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, to)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database of each kind at the newest revision, for the test to fill and take back."""
    if request.param == "sqlite":
        url = database_url(tmp_path / "old.sqlite")
    else:
        url = make_url(request.getfixturevalue("postgres_url"))
    db = Database(make_engine(url))
    _migrate(db, "head")
    yield db
    db.close()


def _counts(conn: Connection) -> dict[str, int]:
    return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in _CONTENT}


def _state(db: Database) -> tuple[set[int], dict[int, str]]:
    with db.read() as s:
        waiting = set(s.scalars(select(WaitingVersion.version_id)))
        sent = s.execute(select(ExportedVersion.version_id, ExportedVersion.batch_id))
        return waiting, {version_id: batch for version_id, batch in sent}


def test_0007_carries_over_what_was_sent_and_waits_for_the_rest(
    database: Database, actor: Actor, now, tmp_path: Path
) -> None:
    first, _second = save(database, actor, 2)
    sent = export_pending(database, tmp_path / "out", actor=LEADER, now=now)
    amend(database, actor, first)
    save(database, actor, 1, start=2)
    assert sent.batch is not None and sent.folder is not None
    folder = {p.name: p.read_bytes() for p in sent.folder.iterdir()}
    waiting, batches = _state(database)
    assert len(waiting) == 2 and set(batches.values()) == {sent.batch.batch_id}
    with database.engine.connect() as conn:
        before = _counts(conn)

    _migrate(database, "0006", down=True)  # as an older version of the app left it

    with database.engine.connect() as conn:
        column = conn.execute(text("SELECT id, export_batch_id FROM request_versions"))
        assert {v: b for v, b in column} == {**dict.fromkeys(waiting), **batches}
        assert _counts(conn) == before
    result = open_database(database, __version__)
    assert (result.from_revision, result.to_revision) == ("0006", SCHEMA_HEAD)
    with database.engine.connect() as conn:
        assert _counts(conn) == before  # nothing went with the dropped column
    assert _state(database) == (waiting, batches)
    again = write_batch_again(
        database, sent.batch.batch_id, tmp_path / "again", actor=LEADER, now=now
    )
    assert {p.name: p.read_bytes() for p in again.iterdir()} == folder

    save(database, actor, 1, start=3)  # saved after the upgrade: waits, by the new trigger
    rest = export_pending(database, tmp_path / "out", actor=LEADER, now=now + timedelta(hours=1))

    assert rest.batch is not None and rest.batch.record_count == 3
    with database.read() as s:
        assert set(s.scalars(select(RequestVersion.id))) == set(_state(database)[1])


def test_0007_upgrades_a_database_made_before_it(
    database: Database, actor: Actor, tmp_path: Path
) -> None:
    """Made at 0006 from the start, as an older version of the app made it (the batch's key
    a table constraint, which SQLite will not drop a column from)."""
    _migrate(database, "base", down=True)
    _migrate(database, "0006")
    save(database, actor, 3)  # today's save path needs nothing 0007 adds
    with database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO export_batches (id, created_at, actor, schema_version, "
                "record_count, manifest) VALUES ('old-batch', :at, 'team.leader', '1', 2, '{}')"
            ),
            {"at": TAKEN},
        )
        conn.execute(text("UPDATE request_versions SET export_batch_id = 'old-batch' WHERE id < 3"))
        before = _counts(conn)

    open_database(database, __version__)

    with database.engine.connect() as conn:
        assert _counts(conn) == before
    assert _state(database) == ({3}, {1: "old-batch", 2: "old-batch"})
    with database.read() as s:
        assert pending_summary(s) == PendingSummary(1, TAKEN + timedelta(minutes=2))
