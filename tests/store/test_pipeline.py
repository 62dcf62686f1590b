"""A save's statements sent without waiting: a failure among them is still a failed save.

On PostgreSQL a save sends the statements whose answers it does not read without waiting for
each (``triage_app.store.pipeline``). These tests make one of those statements fail on the
server, with a trigger, and check what a desk would see: the save refused with the same
condition as any failed statement, nothing of it stored, nothing from it in the log, and
the next save made as usual.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from sqlalchemy import func, make_url, select, text
from sqlalchemy.exc import DBAPIError

from tests.conftest import owner_engine
from tests.crash.samples import sample
from triage_app import __version__
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet, default_rules_dir, load_rules
from triage_app.services.intake import amend_request, take_request
from triage_app.store import audit
from triage_app.store.audit_models import AuditEntry
from triage_app.store.database import Database, make_engine
from triage_app.store.errors import DiskFull
from triage_app.store.migrate import open_database
from triage_app.store.models import Request, RequestVersion
from triage_app.store.stored import load_request

pytestmark = pytest.mark.postgres

#: Raised by the trigger; a family's words would be in a real error's text the same way.
SECRET = "Testwood-secret-detail"


@pytest.fixture(scope="module")
def rules(vocab: Vocabularies) -> RuleSet:
    return load_rules(default_rules_dir(), vocab)


@pytest.fixture
def pg(postgres_url: str) -> Iterator[Database]:
    """A migrated PostgreSQL database (SQLite has no round trips to save: nothing is sent
    without waiting there)."""
    database = Database(make_engine(make_url(postgres_url)))
    open_database(database, __version__)
    yield database
    database.close()


def _owner(db: Database) -> Database:
    """The same database as its owner role: a desk role may not add triggers."""
    return Database(owner_engine(db.url))


def _fail_inserts_into(db: Database, table: str, sqlstate: str) -> None:
    """From now on, inserting into ``table`` fails on the server with ``sqlstate``."""
    owner = _owner(db)
    with owner.write() as s:
        s.execute(
            text(
                "CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$BEGIN RAISE EXCEPTION '{SECRET}' USING ERRCODE = '{sqlstate}'; END$$"
            )
        )
        s.execute(
            text(
                f"CREATE TRIGGER refuse_insert BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refuse_insert()"
            )
        )
    owner.close()


def _allow_inserts_into(db: Database, table: str) -> None:
    owner = _owner(db)
    with owner.write() as s:
        s.execute(text(f"DROP TRIGGER refuse_insert ON {table}"))
        s.execute(text("DROP FUNCTION refuse_insert()"))
    owner.close()


def _counts(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(  # type: ignore[return-value]
            s.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Request, RequestVersion, AuditEntry)
        )


def _save(db: Database, i: int, vocab, rules, actor, now) -> str:
    with db.write() as s:
        return take_request(s, sample(i), vocab=vocab, rules=rules, actor=actor, now=now).reference


# route_actions: answered at the audit chain's read, the next statement that waits.
# audit_entries: the last statement of a save, answered only as the pipeline ends.
@pytest.mark.parametrize("table", ["route_actions", "audit_entries"])
def test_a_statement_that_did_not_wait_and_failed_fails_the_whole_save(
    pg: Database,
    table: str,
    vocab,
    rules,
    actor: Actor,
    now,
    caplog: pytest.LogCaptureFixture,
) -> None:
    kept = _save(pg, 0, vocab, rules, actor, now)
    before = _counts(pg)
    _fail_inserts_into(pg, table, "53100")  # disk_full
    caplog.set_level(logging.DEBUG)
    with pytest.raises(DiskFull, match="NOT saved"):
        _save(pg, 1, vocab, rules, actor, now)
    assert _counts(pg) == before
    assert SECRET not in caplog.text
    _allow_inserts_into(pg, table)
    again = _save(pg, 1, vocab, rules, actor, now)
    with pg.read() as s:
        assert load_request(s, kept).request.narrative == sample(0).narrative
        assert load_request(s, again).request.narrative == sample(1).narrative
        assert list(audit.chain_breaks(s)) == []


def test_an_unknown_failure_is_a_database_error_not_the_drivers_own(
    pg: Database, vocab, rules, actor: Actor, now
) -> None:
    _fail_inserts_into(pg, "audit_entries", "P0001")  # raise_exception: not a known condition
    with pytest.raises(DBAPIError):
        _save(pg, 0, vocab, rules, actor, now)
    assert _counts(pg) == (0, 0, 0)


def test_an_amendment_whose_children_fail_to_insert_leaves_the_request_as_it_was(
    pg: Database, vocab, rules, actor: Actor, now
) -> None:
    reference = _save(pg, 1, vocab, rules, actor, now)
    _fail_inserts_into(pg, "children", "53100")
    with pytest.raises(DiskFull), pg.write() as s:
        amend_request(
            s,
            reference,
            sample(2),
            based_on=1,
            reason="wrong family",
            vocab=vocab,
            rules=rules,
            actor=actor,
            now=now,
        )
    with pg.read() as s:
        stored = load_request(s, reference)
    assert (stored.version, stored.latest_version) == (1, 1)
    assert stored.request.narrative == sample(1).narrative


def test_a_save_after_a_one_statement_read_is_still_all_or_nothing(
    pg: Database, vocab, rules, actor: Actor, now
) -> None:
    """``read_one`` runs without a transaction block; the connection it used must not keep
    that for the save that takes it next from the pool."""
    with pg.read_one() as s:
        s.execute(text("SELECT 1"))
    _fail_inserts_into(pg, "audit_entries", "53100")
    with pytest.raises(DiskFull):
        _save(pg, 0, vocab, rules, actor, now)
    assert _counts(pg) == (0, 0, 0)
