"""A PostgreSQL password from a file or the environment, never from the command line.

A command line is visible to everyone on the PC (``ps``, Task Manager), so a database URL
given with ``--database`` may not carry a password. The password comes instead from a file
only the desk's account can read (``TRIAGE_DATABASE_PASSWORD_FILE``, or libpq's own
``PGPASSFILE``/``~/.pgpass``), or from the environment (``PGPASSWORD``, or a
``TRIAGE_DATABASE_URL`` that includes it), which libpq and the app read themselves.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from triage_app.errors import InvalidInput, Problem, TriageError

if TYPE_CHECKING:  # the command line imports this before it knows it needs SQLAlchemy
    from sqlalchemy import URL

#: The file holding the desk role's password (its first line), set by IT per PC.
PASSWORD_FILE_ENV = "TRIAGE_DATABASE_PASSWORD_FILE"  # noqa: S105 - the variable's name
#: A password given as a parameter of the URL (``?password=…``), which libpq also reads.
_PASSWORD_PARAMETER = re.compile(r"[?&]password=", re.IGNORECASE)
#: The longest password file read: a password, not a document.
_MAX_BYTES = 4096


def refuse_password_in_argument(value: str | None) -> None:
    """Refuse ``--database`` when it carries a password, before anything is opened."""
    if value is None or "://" not in value:
        return
    rest = value.split("://", 1)[1]
    credentials = rest.split("@", 1)[0] if "@" in rest.split("/", 1)[0] else ""
    if ":" in credentials or _PASSWORD_PARAMETER.search(rest):
        raise InvalidInput(
            [
                Problem(
                    "--database",
                    "carries a password, which anyone on this PC can read in a command "
                    f"line: leave it out and put it in a file named by {PASSWORD_FILE_ENV} "
                    "(or PGPASSFILE), or in PGPASSWORD (docs/deployment.md)",
                )
            ]
        )


def with_password_file(url: URL, path: Path | None) -> URL:
    """``url`` with the password read from ``path``; as it is without a file or for SQLite.

    Everyone on the PC must not be able to read the file: one that they may is refused, not
    used. Its owner (IT), and a group of the desk's staff, may (``chmod 640``); libpq is
    stricter still for its own ``.pgpass``.
    """
    if path is None or url.get_backend_name() != "postgresql":
        return url
    try:
        info = path.stat()
        if os.name == "posix" and stat.S_IMODE(info.st_mode) & 0o007:
            raise TriageError(
                f"the database password file {path} may be read by everyone on this PC: "
                f"let only its owner and the desk staff's group read it (chmod 640 {path}), "
                "then try again"
            )
        with path.open("rb") as f:
            raw = f.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        raise TriageError(
            f"the database password file {path} ({PASSWORD_FILE_ENV}) does not exist"
        ) from None
    except OSError as e:
        raise TriageError(
            f"the database password file {path} cannot be read ({e.strerror})"
        ) from None
    lines = raw.decode("utf-8", errors="replace").splitlines()
    password = lines[0] if lines else ""
    if not password or len(raw) > _MAX_BYTES:
        raise TriageError(
            f"the database password file {path} should hold the password on its first line"
        )
    return url.set(password=password)
