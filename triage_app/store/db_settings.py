"""Values that belong to the database itself, shared by every desk that opens it.

Each is a named row of ``database_settings``: whether the database is a demo database
(written once, when it is made one, and never taken back), whether a sole administrator may
grant record-reading roles, and the key that files failed sign-ins under unknown names.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy.orm import Session

from triage_app.store.access_models import DatabaseSetting

#: The database's purpose; the only value ever written is ``demo``.
PURPOSE = "purpose"
DEMO = "demo"
#: ``yes`` while a sole administrator may grant record-reading roles (docs/access.md).
SOLE_ADMINISTRATOR_GRANTS = "sole_administrator_grants"
#: Random bytes (hex) that key the buckets of failed sign-ins under unknown names.
SIGN_IN_KEY = "sign_in_key"


def get(session: Session, name: str) -> str | None:
    row = session.get(DatabaseSetting, name)
    return None if row is None else row.value


def put(session: Session, name: str, value: str, *, now: datetime) -> None:
    """Set ``name`` (in the caller's transaction)."""
    row = session.get(DatabaseSetting, name)
    if row is None:
        session.add(DatabaseSetting(name=name, value=value, changed_at=now))
    else:
        row.value, row.changed_at = value, now
    session.flush()


def is_demo(session: Session) -> bool:
    return get(session, PURPOSE) == DEMO


def sign_in_key(session: Session, now: datetime) -> bytes:
    """This database's key for unknown names, made at its first use."""
    value = get(session, SIGN_IN_KEY)
    if value is None:
        value = secrets.token_hex(32)
        put(session, SIGN_IN_KEY, value, now=now)
    return bytes.fromhex(value)
