"""A PostgreSQL server that goes away, or will not connect this PC, gives a plain message.

The server is a real one of this test's own, stopped and started with ``pg_ctl``: once
while a desk sits idle between saves, once in the middle of a save (the save's statements
are sent pipelined, and the first one to find the server gone used to surface as a bug,
``PendingRollbackError``). Either way the save is reported as not saved because the server
cannot be reached, and the next save once the server is back works. A database name or a
database user the server does not know is its own message, not "check this PC's network".
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import event, make_url

from tests.conftest import postgres_server_url
from tests.crash.samples import desk_actor, sample
from tests.pg_server import Server, throwaway_server
from triage_app import __version__
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet, default_rules_dir, load_rules
from triage_app.services.intake import take_request
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.errors import NoSuchDatabase, ServerRefusedSignIn, ServerUnreachable
from triage_app.store.migrate import open_database

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with throwaway_server() as found:
        yield found


@pytest.fixture(scope="module")
def rules(vocab: Vocabularies) -> RuleSet:
    return load_rules(default_rules_dir(), vocab)


@pytest.fixture
def desk(server: Server) -> Iterator[Database]:
    """A desk's open database, new for each test, on the server the test may stop."""
    name = f"desk_{uuid.uuid4().hex[:12]}"
    admin = make_engine(database_url(server.url)).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    db = Database(make_engine(database_url(server.url).set(database=name)))
    open_database(db, __version__)
    yield db
    db.close()


def _saver(db: Database, vocab: Vocabularies, rules: RuleSet) -> Callable[[int], str]:
    def save(i: int) -> str:
        with db.write() as s:
            saved = take_request(
                s,
                sample(i),
                vocab=vocab,
                rules=rules,
                actor=desk_actor(1),
                now=sample(0).received_at,
            )
        return saved.reference

    return save


def _not_saved_cannot_be_reached(error: ServerUnreachable) -> None:
    message = str(error)
    assert message.startswith("NOT saved: the database server")
    assert "cannot be reached" in message and "Nothing was half-saved" in message


def test_a_server_stopped_between_saves_says_cannot_be_reached_then_saving_resumes(
    server: Server, desk: Database, vocab: Vocabularies, rules: RuleSet
) -> None:
    save = _saver(desk, vocab, rules)
    save(0)
    server.stop()
    try:
        for i in (1, 2):  # the first save after the drop, and the next
            with pytest.raises(ServerUnreachable) as caught:
                save(i)
            _not_saved_cannot_be_reached(caught.value)
    finally:
        server.start()
    save(3)


@pytest.mark.parametrize("statement", ["INSERT INTO children", "INSERT INTO audit_entries"])
def test_a_server_stopped_during_a_save_says_cannot_be_reached_then_saving_resumes(
    server: Server, desk: Database, vocab: Vocabularies, rules: RuleSet, statement: str
) -> None:
    save = _saver(desk, vocab, rules)
    save(0)
    armed = [True]

    def stop_server_now(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        if armed[0] and sql.startswith(statement):
            armed[0] = False
            server.stop("immediate")  # as a server that crashes, or a network cut

    event.listen(desk.engine, "before_cursor_execute", stop_server_now)
    try:
        with pytest.raises(ServerUnreachable) as caught:
            save(1)
        assert not armed[0], "the server was not stopped during the save"
        _not_saved_cannot_be_reached(caught.value)
    finally:
        event.remove(desk.engine, "before_cursor_execute", stop_server_now)
        server.start()
    save(2)
    with desk.read() as s:
        found = s.connection().exec_driver_sql("SELECT count(*) FROM requests").scalar()
    assert found == 2  # the interrupted save left nothing half-saved


def test_a_database_name_the_server_does_not_have_is_said_plainly() -> None:
    url = make_url(postgres_server_url()).set(database="here_to_hepl")
    db = Database(make_engine(database_url(url.render_as_string(hide_password=False))))
    with pytest.raises(NoSuchDatabase) as caught:
        open_database(db, __version__)
    db.close()
    message = str(caught.value)
    assert "has no database of that name" in message and "here_to_hepl" in message
    assert "Check this PC's network" not in message


def test_a_database_user_the_server_refuses_is_said_plainly() -> None:
    url = make_url(postgres_server_url()).set(username="no_such_role", password=None)
    db = Database(make_engine(database_url(url.render_as_string(hide_password=False))))
    with pytest.raises(ServerRefusedSignIn) as caught:
        open_database(db, __version__)
    db.close()
    message = str(caught.value)
    assert "refused the database user (role) or password" in message
    assert "no_such_role" in message  # the URL as given, without any password
    assert "Check this PC's network" not in message
