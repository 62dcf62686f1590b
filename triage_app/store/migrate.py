"""Bringing a database to the schema this version of the app needs, on open.

A new database is created at the head revision; an older one is backed up (SQLite) and then
upgraded, rows intact; one written by a newer app is refused with a message saying which
version it needs. Each upgrade stamps the app version that ran it, which is how a newer
database can say what it needs to an older app that does not know its revisions.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, select, text
from sqlalchemy.exc import DatabaseError, OperationalError

from triage_app.errors import TriageError
from triage_app.locations import migrations_dir
from triage_app.store import sqlite_file
from triage_app.store.database import Database
from triage_app.store.errors import as_condition
from triage_app.store.models import SchemaStamp
from triage_app.store.roles import NotTheOwner, may_change_schema, regrant
from triage_app.store.upgrade_turn import Notify, upgrade_turn

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

#: The newest revision in ``db/versions``. Opening a database already at it needs no Alembic
#: at all (Alembic and what it imports take a good part of a second to load, at every start);
#: a test checks this names the head of the scripts, so a new migration must update it.
SCHEMA_HEAD = "0020"


class DatabaseTooNew(TriageError):
    """The database was written by a newer version of the app."""


@dataclass(frozen=True)
class UpgradeResult:
    """What opening did: ``from_revision`` None for a new database; backup path if one was made."""

    from_revision: str | None
    to_revision: str
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.from_revision != self.to_revision


def alembic_config() -> Config:
    from alembic.config import Config  # noqa: PLC0415 - Alembic only when migrating

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    return config


def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - Alembic only when migrating

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = _scripts().get_current_head()
    if head is None:  # pragma: no cover - the package always ships its revisions
        raise TriageError("the application's schema history is missing")
    return head


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    return MigrationContext.configure(conn).get_current_revision()


def stored_revision(conn: Connection) -> str | None:
    """The revision recorded in the database, read without Alembic; None if none is."""
    try:
        found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DatabaseError:  # a new, empty database has no such table
        conn.rollback()
        return None
    return str(found) if found is not None else None


def _needed_app_version(conn: Connection) -> str:
    try:
        stamp = conn.execute(
            select(SchemaStamp.app_version).order_by(SchemaStamp.applied_at.desc()).limit(1)
        ).scalar()
    except DatabaseError:
        stamp = None
    return str(stamp) if stamp else "a newer version"


def backup_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy of a live SQLite file (the online backup API), safe while in use.

    The copy is made under a temporary name and renamed when complete, so a file with the
    backup's name is always a whole backup, even if the process is killed while copying.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise TriageError(f"{target} already exists; choose another name")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(partial)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    _fsync(partial)
    os.replace(partial, target)
    _fsync(target.parent)
    return target


def _fsync(path: Path) -> None:
    if os.name == "nt" and path.is_dir():  # pragma: no cover - NTFS journals folder entries
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _free_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        n += 1
    return candidate


def _quietly(_message: str) -> None:
    """Tools and tests that open a database say nothing while waiting for an upgrade."""


def upgrade(db: Database, app_version: str, notify: Notify = _quietly) -> UpgradeResult:
    """Bring ``db`` to head, refusing a newer schema and backing up an older SQLite file.

    One desk upgrades; any other starting meanwhile waits its turn, saying so through
    ``notify``, and then finds the work done. On PostgreSQL only the role that owns the
    tables may upgrade them: a desk role is told an administrator must (``roles``).
    """
    with db.engine.connect() as conn:
        if stored_revision(conn) == SCHEMA_HEAD:  # the usual start: nothing to do
            return UpgradeResult(SCHEMA_HEAD, SCHEMA_HEAD, None)
    head = head_revision()
    script = _scripts()
    with db.engine.connect() as conn:
        found = current_revision(conn)
        if found is not None and found != head and _unknown(script, found):
            needs = _needed_app_version(conn)
            raise DatabaseTooNew(
                f"{db.describe()} was written by Here to Help {needs} (schema {found}); this is "
                f"version {app_version}. Install Here to Help {needs} or later to open it."
            )
    if found == head:
        return UpgradeResult(found, head, None)
    config = alembic_config()
    # The upgrade's turn first, then look again: when several desks open an old database at
    # once, one upgrades it and the others find it done.
    with upgrade_turn(db, notify) as conn:
        found = current_revision(conn)
        if found == head:
            return UpgradeResult(found, head, None)
        if not db.is_sqlite and not may_change_schema(conn):
            raise NotTheOwner(_needs_administrator(db, found, head, app_version))
        backup = None
        if found is not None and db.is_sqlite and db.url.database:
            path = Path(db.url.database)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            backup = backup_sqlite(
                path, _free_name(path.with_name(f"{path.stem}.before-{head}-{stamp}{path.suffix}"))
            )
            log.info("backed up the database before upgrading it from %s", found)
        from alembic import command  # noqa: PLC0415 - Alembic only when migrating

        config.attributes["connection"] = conn
        command.upgrade(config, "head")
        if not db.is_sqlite:
            regrant(conn)  # the desk roles' rights on any table the upgrade added
        # A database taken back down and up again already has this revision's stamp.
        conn.execute(delete(SchemaStamp).where(SchemaStamp.revision == head))
        conn.execute(
            SchemaStamp.__table__.insert().values(  # type: ignore[attr-defined]
                revision=head, app_version=app_version, applied_at=datetime.now(UTC)
            )
        )
    return UpgradeResult(found, head, backup)


def _needs_administrator(db: Database, found: str | None, head: str, app_version: str) -> str:
    has = f"is at schema {found}" if found else "has no tables yet"
    return (
        f"{db.describe()} {has}; Here to Help {app_version} needs schema {head}, and this "
        "desk's database role may not change the schema. An administrator must run "
        "'triage-app db upgrade' as the database's owner role (docs/deployment.md); then "
        "start again. Nothing was changed."
    )


def _unknown(script: ScriptDirectory, revision: str) -> bool:
    try:
        return script.get_revision(revision) is None
    except Exception:  # alembic raises its own errors for unknown ids
        return True


def check_reachable(db: Database) -> None:
    """Fail with a plain message if the database cannot be opened at all."""
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except OperationalError as e:
        raise as_condition(e, db.describe(), writing=False) or TriageError(
            _describe_open_error(db, e)
        ) from None
    except DatabaseError:
        raise TriageError(
            f"{db.describe()} is damaged or is not a Here to Help database. Nothing was changed. "
            "Restore it from a backup or choose another file with --database."
        ) from None


def _describe_open_error(db: Database, error: OperationalError) -> str:
    if db.is_sqlite:
        return (
            f"cannot open {db.describe()}: check the folder exists and you may write to it. "
            "Nothing was changed."
        )
    return (
        f"cannot reach the database server at {db.describe()}: check the network and that the "
        "server is running. Nothing was changed."
    )


def open_database(
    db: Database, app_version: str, *, own_file: bool = False, notify: Notify = _quietly
) -> UpgradeResult:
    """Check the database can be reached and is healthy enough to open, then migrate it.

    A SQLite file is created only in a folder that exists, unless ``own_file`` (the app's
    own file in its user data folder): see :mod:`triage_app.store.sqlite_file`.
    """
    if db.is_sqlite and db.url.database not in (None, "", ":memory:"):
        sqlite_file.prepare(Path(db.url.database), own=own_file)
    check_reachable(db)
    try:
        return upgrade(db, app_version, notify)
    except OperationalError as e:
        raise as_condition(e, db.describe(), writing=True) or TriageError(
            _describe_open_error(db, e)
        ) from None
    except DatabaseError as e:
        condition = as_condition(e, db.describe(), writing=False)
        if condition is not None:  # a role without a desk's rights, among others
            raise condition from None
        raise TriageError(
            f"{db.describe()} is damaged or is not a Here to Help database. Nothing was changed. "
            "Restore it from a backup or choose another file with --database."
        ) from None
