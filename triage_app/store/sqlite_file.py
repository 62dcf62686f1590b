"""Where a SQLite database may be created: never by accident, at a mistyped path.

Opening a SQLite file that does not exist creates it, and creating its folders made a
mistyped ``--database`` (or ``TRIAGE_DATABASE_URL``) path a new, empty database: the person
was then told their user name or password was wrong, as the new database had no accounts.
So a database is created only in a folder that already exists, except the app's own file in
its user data folder, made on first start (folders and all). An empty (0-byte) file named
explicitly is refused too: SQLite would take it for a new database, but it is more likely a
file made by mistake, or a copy that went wrong. The app's own file may be empty only if
the app was stopped as it created it, and is then created as new.
"""

from __future__ import annotations

from pathlib import Path

from triage_app.errors import TriageError

_WHERE = "the path given with --database or TRIAGE_DATABASE_URL"


class DatabaseFileProblem(TriageError):
    """A SQLite path that cannot be the database the person meant."""


def prepare(path: Path, *, own: bool) -> None:
    """Check ``path`` can be opened as the database meant; make its folders if ``own``.

    ``own``: the app's own file in its user data folder, created on first start.

    Raises:
        DatabaseFileProblem: the folder does not exist, the path is a folder, or the file
            is empty, for a path that is not the app's own.
    """
    if path.is_dir():
        raise DatabaseFileProblem(
            f"{path} is a folder, not a database file: check {_WHERE}. Nothing was changed."
        )
    if own:
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    if not path.parent.is_dir():
        raise DatabaseFileProblem(
            f"there is no folder {path.parent} for the database {path}: check {_WHERE} "
            "(a new database is made only in a folder that exists). Nothing was created."
        )
    if path.is_file() and path.stat().st_size == 0:
        raise DatabaseFileProblem(
            f"{path} is an empty file (0 bytes), not a Here to Help database: check {_WHERE}. "
            "To start a new database at that path, delete the empty file first. "
            "Nothing was changed."
        )
