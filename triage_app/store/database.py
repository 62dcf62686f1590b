"""Opening a database: the engine, its connection settings, and sessions for one action.

SQLite is tuned for a desk that must never lose a saved request: WAL (readers do not block the
writer; the log is folded into the file off the save path, ``triage_app.store.checkpoint``),
``synchronous=FULL`` (a commit is on disk before it is acknowledged), foreign keys
on, ``secure_delete`` (a cleared draft or an erased name does not linger in free space), a
busy timeout, and write transactions that begin ``IMMEDIATE`` so two desks saving at
once queue for the lock instead of failing half-way with "database is locked". Python's
``sqlite3`` driver issues its own ``BEGIN``; the SQLAlchemy recipe used here turns that off
and issues the right one itself.

A PostgreSQL connection taken from the pool is checked before use, so one the server or the
network dropped while it sat idle is replaced instead of failing the user's action. It is
pinged (a round trip, as SQLAlchemy's ``pool_pre_ping`` does at every checkout) when it has
been idle for more than :data:`PING_AFTER_IDLE_S` seconds, or when the server has sent anything
since it was last used (as a server does when it restarts or ends the session); otherwise it is
used as it is. A save straight after its re-referral look-up thus pays for no extra round trip.
"""

from __future__ import annotations

import re
import select
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from triage_app.errors import TriageError
from triage_app.store import figure_counts, same_family
from triage_app.store.audit_anchor import ANCHOR_INFO, PENDING_INFO, AuditAnchor, AuditPlaces
from triage_app.store.checkpoint import SAFETY_NET_PAGES, Checkpointer
from triage_app.store.errors import as_condition
from triage_app.store.pipeline import wait_for_answers

#: How long a writer waits for another desk's transaction before giving up (milliseconds).
BUSY_TIMEOUT_MS = 15_000
#: A PostgreSQL connection idle in the pool for longer than this is pinged before use (seconds).
#: Well under any firewall's or server's idle timeout, which is minutes to hours.
PING_AFTER_IDLE_S = 30.0
#: SQLite's page cache per connection (KiB; its default is 2 MiB). A name search tests a few
#: thousand entries of a common word for the other words typed, each a look-up in
#: ``name_words``' primary key on its own page: with the default cache each search read
#: them again from the file, most of its time at a million requests. Taken as pages are read.
CACHE_KIB = 64 * 1024
_BEGIN_OPTION = "triage_begin"
MAX_PORT = 65535
#: The password part of a URL, hidden when the URL is repeated in a message.
_PASSWORD = re.compile(r"(://[^:/@]*:)[^/]*@")
_LAST_USED = "triage_last_used"


def database_url(value: str | Path) -> URL:
    """A SQLAlchemy URL from what a user typed: a URL, or a path to a SQLite file."""
    text = str(value)
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))
    shown = _PASSWORD.sub(r"\1***@", text)
    try:
        url = make_url(text)
    except ArgumentError:
        raise TriageError(f"'{shown}' is not a database URL or a file path") from None
    except ValueError:  # SQLAlchemy reads the port as a number
        raise TriageError(
            f"the database URL '{shown}' has a port that is not a number: write it as "
            "postgresql://user@host:5432/database"
        ) from None
    if url.port is not None and not 1 <= url.port <= MAX_PORT:
        raise TriageError(
            f"the database URL '{shown}' has port {url.port}: a port is a number from 1 to "
            f"{MAX_PORT} (PostgreSQL's usual one is 5432)"
        )
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise TriageError(
            f"unsupported database '{url.get_backend_name()}': use SQLite or PostgreSQL"
        )
    return url


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        for pragma in (
            f"busy_timeout={busy_timeout_ms}",
            "journal_mode=WAL",
            "synchronous=FULL",
            f"wal_autocheckpoint={SAFETY_NET_PAGES}",  # checkpoints run off the save path
            "foreign_keys=ON",
            "secure_delete=ON",  # deleted or replaced content is overwritten, not left behind
            f"cache_size=-{CACHE_KIB}",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()
        same_family.register(dbapi_connection)

    return connect


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def _heard_from_server(dbapi_connection: Any, error: type[Exception]) -> bool:
    """Whether anything arrived on this idle connection since it was last used (no round trip).

    Normally nothing does; a server that restarts or ends the session sends its goodbye and
    closes the socket, which makes it readable at once. A connection already known to be
    lost counts as heard from, so that it is pinged, found dead and replaced.
    """
    try:
        socket = dbapi_connection.pgconn.socket
    except error:
        return True
    readable, _, _ = select.select([socket], [], [], 0)
    return bool(readable)


def _liveness_check(engine: Engine, ping_after_idle_s: float) -> None:
    """Replace a pooled PostgreSQL connection the server or the network dropped (see above)."""
    dialect = engine.dialect
    error = dialect.loaded_dbapi.Error

    def used(_dbapi_connection: Any, record: Any, *_: Any) -> None:
        record.info[_LAST_USED] = time.monotonic()

    def checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle = time.monotonic() - record.info.get(_LAST_USED, 0.0)
        if idle <= ping_after_idle_s and not _heard_from_server(dbapi_connection, error):
            return
        try:
            dialect.do_ping(dbapi_connection)
        except error as e:
            if dialect.is_disconnect(e, dbapi_connection, None):
                raise DisconnectionError("the connection did not answer") from e
            raise

    event.listen(engine, "connect", used)
    event.listen(engine, "checkout", checkout)
    event.listen(engine, "checkin", used)


def make_engine(
    url: URL,
    *,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    ping_after_idle_s: float = PING_AFTER_IDLE_S,
) -> Engine:
    """An engine with the connection settings above; SQL parameters never reach error text.

    ``busy_timeout_ms`` is how long a SQLite writer waits for another desk's lock; tests of a
    database locked past its timeout shorten it. ``ping_after_idle_s`` is how long a
    PostgreSQL connection may sit in the pool before it is pinged when next taken.
    """
    is_sqlite = url.get_backend_name() == "sqlite"
    kwargs: dict[str, Any] = {"hide_parameters": True}
    if is_sqlite:
        kwargs["connect_args"] = {"timeout": busy_timeout_ms / 1000}
    else:
        # Each statement is prepared the first time a connection runs it, not after psycopg's
        # default five runs: PostgreSQL plans an unprepared statement at every run, and then a
        # prepared one for its values at each of its first five runs before settling on one
        # plan. Planning the re-referral look-up takes 2-3.5 ms, running it 0.1-0.3 ms.
        kwargs["connect_args"] = {"connect_timeout": 5, "prepare_threshold": 0}
    engine = create_engine(url, **kwargs)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        event.listen(engine, "begin", _sqlite_begin)
    else:
        _liveness_check(engine, ping_after_idle_s)
        wait_for_answers(engine)
    return engine


@dataclass(frozen=True)
class Database:
    """An open, migrated database; hands out one session per user action.

    ``write()`` takes the write lock at the start of the transaction (SQLite) so the work
    inside never meets a lock half-way; ``read()`` does not block other desks. Both turn a
    known database condition (disk full, read-only, locked, damaged, server unreachable) into
    its :class:`~triage_app.store.errors.DatabaseCondition` with a plain message.
    """

    engine: Engine
    #: Where this PC keeps the audit key and heads; None (tests, tools) writes plain entries.
    audit: AuditPlaces | None = None
    #: The audit trail's anchor for this database, made from ``audit`` (``audit_anchor``).
    anchor: AuditAnchor | None = field(default=None, init=False, repr=False, compare=False)
    #: SQLite files only: folds the write-ahead log into the file after writes (``checkpoint``).
    checkpoints: Checkpointer | None = field(default=None, init=False, repr=False, compare=False)
    #: Made once, not per action: each new one costs a save measurable time setting up.
    _reads: sessionmaker[Session] = field(init=False, repr=False, compare=False)
    _writes: sessionmaker[Session] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.is_sqlite and self.engine.url.database not in (None, "", ":memory:"):
            object.__setattr__(self, "checkpoints", Checkpointer(self.engine))
        writer = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        info: dict[str, Any] = {}
        if self.audit is not None:
            object.__setattr__(self, "anchor", AuditAnchor(self.audit, self.describe()))
            info[ANCHOR_INFO] = self.anchor
        reads = sessionmaker(self.engine, expire_on_commit=False, info=info)
        writes = sessionmaker(writer, expire_on_commit=False, info=info)
        # The month's figures kept as counts move with the versions a write made current.
        event.listen(writes, "before_commit", figure_counts.settle)
        event.listen(writes, "after_rollback", figure_counts.forget)
        if self.anchor is not None:
            for maker in (reads, writes):
                event.listen(maker, "after_commit", self._audit_committed)
                event.listen(maker, "after_rollback", self._audit_rolled_back)
        object.__setattr__(self, "_reads", reads)
        object.__setattr__(self, "_writes", writes)

    def _audit_committed(self, session: Session) -> None:
        """Keep the new audit head beside the key, now that its entry is saved."""
        head = session.info.pop(PENDING_INFO, None)
        if head is not None and self.anchor is not None:
            self.anchor.write_head(head)

    @staticmethod
    def _audit_rolled_back(session: Session) -> None:
        session.info.pop(PENDING_INFO, None)

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def is_sqlite(self) -> bool:
        return self.engine.url.get_backend_name() == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with self._reads.begin() as session:
                yield session
        except DBAPIError as e:
            condition = as_condition(e, self.describe(), writing=False)
            if condition is None:
                raise
            raise condition from e

    @contextmanager
    def read_one(self) -> Iterator[Session]:
        """A read of one statement, such as the re-referral look-up run while staff type.

        On PostgreSQL the statement runs outside a transaction block: one statement sees one
        moment of the database either way, and ``BEGIN`` and ``COMMIT`` would be two more
        round trips to the server. SQLite's transactions cost no round trip: there this is
        ``read()``.
        """
        with self.read() as session:
            if not self.is_sqlite:
                session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            yield session

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read whose statements all see the database as it was at the first of them.

        For work read in many statements that must agree (an export's chunks). A SQLite read
        transaction always does; PostgreSQL's does at ``REPEATABLE READ``, not at its default
        level, where each statement sees what was committed before it began.
        """
        with self.read() as session:
            if self.engine.dialect.name == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        try:
            with self._writes.begin() as session:
                yield session
        except DBAPIError as e:
            condition = as_condition(e, self.describe(), writing=True)
            if condition is None:
                raise
            raise condition from e
        if self.checkpoints is not None:
            self.checkpoints.wrote()

    def close(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.close()
        self.engine.dispose()

    def describe(self) -> str:
        """Where the data is, for messages and the title bar; never the password."""
        url = self.engine.url
        if self.is_sqlite:
            return str(url.database)
        return url.render_as_string(hide_password=True)
