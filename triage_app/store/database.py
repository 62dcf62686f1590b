"""Opening a database: the engine, its connection settings, and sessions for one action.

SQLite is tuned for a desk that must never lose a saved request: WAL (readers do not block the
writer; the log is folded into the file off the save path, ``triage_app.store.checkpoint``),
``synchronous=FULL`` (a commit is on disk before it is acknowledged), foreign keys
on, ``secure_delete`` (a cleared draft or an erased name does not linger in free space), a
busy timeout, and write transactions that begin ``IMMEDIATE`` so two desks saving at
once queue for the lock instead of failing half-way with "database is locked". Python's
``sqlite3`` driver issues its own ``BEGIN``; the SQLAlchemy recipe used here turns that off
and issues the right one itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from triage_app.errors import TriageError
from triage_app.store.checkpoint import SAFETY_NET_PAGES, Checkpointer
from triage_app.store.errors import as_condition

#: How long a writer waits for another desk's transaction before giving up (milliseconds).
BUSY_TIMEOUT_MS = 15_000
_BEGIN_OPTION = "triage_begin"


def database_url(value: str | Path) -> URL:
    """A SQLAlchemy URL from what a user typed: a URL, or a path to a SQLite file."""
    text = str(value)
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))
    try:
        url = make_url(text)
    except ArgumentError:
        raise TriageError(f"'{text}' is not a database URL or a file path") from None
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
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    return connect


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: URL, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine with the connection settings above; SQL parameters never reach error text.

    ``busy_timeout_ms`` is how long a SQLite writer waits for another desk's lock; tests of a
    database locked past its timeout shorten it.
    """
    is_sqlite = url.get_backend_name() == "sqlite"
    kwargs: dict[str, Any] = {"hide_parameters": True}
    if is_sqlite:
        kwargs["connect_args"] = {"timeout": busy_timeout_ms / 1000}
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"connect_timeout": 5}
    engine = create_engine(url, **kwargs)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        event.listen(engine, "begin", _sqlite_begin)
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
    #: SQLite files only: folds the write-ahead log into the file after writes (``checkpoint``).
    checkpoints: Checkpointer | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.is_sqlite and self.engine.url.database not in (None, "", ":memory:"):
            object.__setattr__(self, "checkpoints", Checkpointer(self.engine))

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def is_sqlite(self) -> bool:
        return self.engine.url.get_backend_name() == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            with sessionmaker(self.engine, expire_on_commit=False).begin() as session:
                yield session
        except DBAPIError as e:
            condition = as_condition(e, self.describe(), writing=False)
            if condition is None:
                raise
            raise condition from e

    @contextmanager
    def write(self) -> Iterator[Session]:
        engine = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        try:
            with sessionmaker(engine, expire_on_commit=False).begin() as session:
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
