"""Known database conditions, turned into plain messages that say what is safe.

A full disk, a read-only file, a database locked by another desk for longer than the busy
timeout, a damaged file, an unreachable PostgreSQL server, and one that answers but has no
such database or refuses the database user this PC connects with, are not bugs: each has
its own :class:`DatabaseCondition` with a message for the person at the keyboard, saying
whether the work in hand was saved and whether what was saved before is safe.
``Database.read()`` and ``Database.write()`` raise these instead of the driver's exceptions;
anything not recognised here stays a driver exception, which the window and the command
line treat as a bug.

The messages never quote the driver's text: that can hold SQL and, on some drivers, values.
"""

from __future__ import annotations

import re
from typing import ClassVar

from sqlalchemy.exc import DBAPIError

from triage_app.errors import TriageError

#: SQLite's primary result codes (``sqlite3`` exposes them as ``sqlite_errorcode``).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_CORRUPT = 5, 6, 8, 11
SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 13, 14, 26
#: PostgreSQL SQLSTATE codes and classes.
PG_DISK_FULL = ("53100",)
PG_READ_ONLY = ("25006",)
PG_LOCKED = ("55P03", "57014")  # lock_not_available; query_canceled (lock or statement timeout)
PG_CONNECTION_CLASS = ("08", "57P")  # connection exceptions; server shutting down
PG_NOT_PERMITTED = ("42501",)  # insufficient_privilege: a role without a desk's grants


class DatabaseCondition(TriageError):
    """A known condition of the database, with a plain message.

    Attributes:
        writing: whether the work in hand was being saved (else it was being read).
        earlier_work_safe: whether what was saved before is safe as it is.
    """

    cause: ClassVar[str] = ""
    todo: ClassVar[str] = ""
    earlier_work_safe: ClassVar[bool] = True

    def __init__(self, where: str, *, writing: bool) -> None:
        self.where = where
        self.writing = writing
        super().__init__(self.message())

    def message(self, kept: str | None = None) -> str:
        """The whole message; ``kept`` says where the window kept the work in hand, if it did.

        Without ``kept`` the message says only what the database guarantees: nothing of the
        work in hand was half-saved.
        """
        outcome = "NOT saved" if self.writing else "Could not read the database"
        done = (
            f"{outcome}: {self.cause.format(where=self.where)}. Nothing was half-saved"
            if self.writing
            else f"{outcome}: {self.cause.format(where=self.where)}. Nothing was changed"
        )
        earlier = (
            "everything saved before is safe."
            if self.earlier_work_safe
            else "what was saved before may need restoring from the last backup."
        )
        parts = [f"{done}, and {earlier}"]
        if kept:
            parts.append(kept)
        parts.append(self.todo)
        return " ".join(parts)


class DiskFull(DatabaseCondition):
    cause = "the disk holding the database ({where}) is full"
    todo = "Free some space on that disk (or ask IT to), then try again."


class ReadOnlyDatabase(DatabaseCondition):
    cause = "this PC may not write to the database ({where}) or its folder"
    todo = (
        "Ask IT to give this account permission to write to the file and its folder "
        "(or to make the server writable), then try again."
    )


class DatabaseLocked(DatabaseCondition):
    cause = "another desk kept the database ({where}) busy for longer than this PC waits"
    todo = "Try again in a minute; if it keeps happening, ask IT which PC is holding it."


class DatabaseDamaged(DatabaseCondition):
    cause = "the database ({where}) is damaged or is not a Here to Help database"
    earlier_work_safe = False
    todo = (
        "Stop using it and ask IT or a team leader to restore the last backup "
        "(see docs/crash-safety.md); run 'triage-app db check' to see what is wrong."
    )


class ServerUnreachable(DatabaseCondition):
    cause = "the database server ({where}) cannot be reached"
    todo = (
        "Check this PC's network connection; if other desks cannot reach it either, ask IT "
        "to check the server. Then try again."
    )


class NoSuchDatabase(DatabaseCondition):
    cause = "the database server ({where}) answered, but has no database of that name"
    todo = (
        "The network is working. Check the database name (after the last '/') in --database "
        "or TRIAGE_DATABASE_URL with IT, then try again."
    )


class ServerRefusedSignIn(DatabaseCondition):
    cause = (
        "the database server ({where}) answered, but refused the database user (role) or "
        "password this PC connects with"
    )
    todo = (
        "The network is working. Ask IT to check the database user and password in "
        "--database or TRIAGE_DATABASE_URL, and that the server lets this PC connect; then "
        "try again."
    )


class NotPermitted(DatabaseCondition):
    cause = (
        "the database server ({where}) refused this PC's database role what it asked: the "
        "role has not been given a desk's rights on this database"
    )
    todo = (
        "Ask IT to run 'triage-app db grant-desk ROLE' as the database's owner "
        "(docs/deployment.md), then try again."
    )


class ServerNotTrusted(DatabaseCondition):
    cause = (
        "the database server ({where}) did not prove it is the server this PC was set up "
        "for: its certificate is not signed by the authority this PC trusts (sslrootcert), "
        "names another host, or that authority's file is missing"
    )
    todo = (
        "Do not work round this: it is what stops another machine posing as the server. Ask "
        "IT to check the server's certificate and the certificate authority file this PC is "
        "given (docs/deployment.md); then try again."
    )


#: What libpq says when the server's certificate does not check out (verify-ca, verify-full).
_NOT_TRUSTED = re.compile(
    r"certificate verify failed|does not match host name|root certificate file .* does not "
    r"exist|could not read root certificate|certificate has expired|self[- ]signed certificate",
    re.IGNORECASE,
)
#: What PostgreSQL says when it refuses a connection, for errors that carry no SQLSTATE
#: (psycopg gives none when a connection is refused at start-up). The server's wording, as
#: shipped in English.
_NO_SUCH_DATABASE = re.compile(r'database "[^"]*" does not exist')
_REFUSED_SIGN_IN = re.compile(
    r'role "[^"]*" does not exist|password authentication failed|no pg_hba\.conf entry'
    r"|authentication failed for user|permission denied for database|password is required|"
    r"no password supplied"
)
PG_NO_SUCH_DATABASE = ("3D000",)
PG_REFUSED_SIGN_IN = ("28000", "28P01")


def _sqlite_kind(orig: BaseException) -> type[DatabaseCondition] | None:
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(orig).lower()
    if primary == SQLITE_FULL or "database or disk is full" in text:
        return DiskFull
    if primary == SQLITE_READONLY or "readonly database" in text:
        return ReadOnlyDatabase
    if primary in (SQLITE_BUSY, SQLITE_LOCKED) or "database is locked" in text:
        return DatabaseLocked
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or (
        "malformed" in text or "file is not a database" in text
    ):
        return DatabaseDamaged
    if primary == SQLITE_CANTOPEN or "unable to open database file" in text:
        return ReadOnlyDatabase  # a folder that cannot be written: the journal cannot be made
    return None


def _refused_connection(state: str | None, text: str) -> type[DatabaseCondition] | None:
    """A server that answered but would not connect this PC to the database it named."""
    if state in PG_NO_SUCH_DATABASE or (state is None and _NO_SUCH_DATABASE.search(text)):
        return NoSuchDatabase
    if state in PG_REFUSED_SIGN_IN or (state is None and _REFUSED_SIGN_IN.search(text)):
        return ServerRefusedSignIn
    return None


#: SQLSTATEs that are each one condition, whatever else the error says.
_SIMPLE_STATES: dict[str, type[DatabaseCondition]] = {
    **dict.fromkeys(PG_DISK_FULL, DiskFull),
    **dict.fromkeys(PG_READ_ONLY, ReadOnlyDatabase),
    **dict.fromkeys(PG_LOCKED, DatabaseLocked),
    **dict.fromkeys(PG_NOT_PERMITTED, NotPermitted),
}


def _postgres_kind(orig: BaseException) -> type[DatabaseCondition] | None:
    state = getattr(orig, "sqlstate", None)
    simple = _SIMPLE_STATES.get(state or "")
    if simple is not None:
        return simple
    if state is None and _NOT_TRUSTED.search(str(orig)):
        return ServerNotTrusted
    refused = _refused_connection(state, str(orig))
    if refused is not None:
        return refused
    if state is None or state.startswith(PG_CONNECTION_CLASS):
        # psycopg raises OperationalError without a SQLSTATE when it cannot connect at all
        # (refused, timed out, name not known) or the connection dropped mid-way.
        name = type(orig).__name__
        if name == "OperationalError" or (state or "").startswith(PG_CONNECTION_CLASS):
            return ServerUnreachable
    return None


def classify(error: BaseException) -> type[DatabaseCondition] | None:
    """Which known condition ``error`` (a SQLAlchemy ``DBAPIError``) is, or None."""
    if not isinstance(error, DBAPIError) or error.orig is None:
        return None
    orig = error.orig
    if type(orig).__module__.startswith("sqlite3"):
        return _sqlite_kind(orig)
    if type(orig).__module__.startswith("psycopg"):
        return _postgres_kind(orig)
    return None


def as_condition(error: BaseException, where: str, *, writing: bool) -> DatabaseCondition | None:
    """``error`` as a known condition with its message, or None when it is not one."""
    kind = classify(error)
    return kind(where, writing=writing) if kind else None
