"""Opening a database: the engine, its connection settings, and sessions for one action.

SQLite is tuned for a desk that must never lose a saved request: WAL (readers do not block the
writer), ``synchronous=FULL`` (a commit is on disk before it is acknowledged), foreign keys
on, a busy timeout, and write transactions that begin ``IMMEDIATE`` so two desks saving at
once queue for the lock instead of failing half-way with "database is locked". Python's
``sqlite3`` driver issues its own ``BEGIN``; the SQLAlchemy recipe used here turns that off
and issues the right one itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from triage_app.errors import TriageError

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


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves, below
    cursor = dbapi_connection.cursor()
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        f"busy_timeout={BUSY_TIMEOUT_MS}",
    ):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: URL) -> Engine:
    """An engine with the connection settings above; SQL parameters never reach error text."""
    is_sqlite = url.get_backend_name() == "sqlite"
    kwargs: dict[str, Any] = {"hide_parameters": True}
    if is_sqlite:
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    else:
        kwargs["pool_pre_ping"] = True
        kwargs["connect_args"] = {"connect_timeout": 5}
    engine = create_engine(url, **kwargs)
    if is_sqlite:
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


@dataclass(frozen=True)
class Database:
    """An open, migrated database; hands out one session per user action.

    ``write()`` takes the write lock at the start of the transaction (SQLite) so the work
    inside never meets a lock half-way; ``read()`` does not block other desks.
    """

    engine: Engine

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def is_sqlite(self) -> bool:
        return self.engine.url.get_backend_name() == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Session]:
        with sessionmaker(self.engine, expire_on_commit=False).begin() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        engine = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        with sessionmaker(engine, expire_on_commit=False).begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()

    def describe(self) -> str:
        """Where the data is, for messages and the title bar; never the password."""
        url = self.engine.url
        if self.is_sqlite:
            return str(url.database)
        return url.render_as_string(hide_password=True)
