"""The audit trail: one appended entry per thing someone did, chained by hash.

Each entry's hash covers its own fields and the previous entry's hash, so editing, deleting
or inserting an entry anywhere breaks the chain from there on, which ``db check`` reports.
Entries hold ids and codes only, never what a family said.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Table, insert, select, text
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.store.models import AuditEntry, Base
from triage_app.store.pipeline import NO_WAIT

GENESIS = "0" * 64
#: Any constant: PostgreSQL desks take this advisory lock so two appends cannot fork the chain.
_CHAIN_LOCK = 7_242_301

# An append runs in every save: its statements are built once, as plain table statements
# (the ORM's unit of work for one row cost a save more than the row's own insert).
_TABLE: Table = Base.metadata.tables[AuditEntry.__tablename__]
_LOCK_CHAIN = text(f"SELECT pg_advisory_xact_lock({_CHAIN_LOCK})")
_LAST_HASH = select(_TABLE.c.hash).order_by(_TABLE.c.id.desc()).limit(1)
_INSERT = insert(_TABLE).inline()  # no RETURNING of the new id, which nothing reads


@dataclass(frozen=True)
class AuditRecord:
    """An audit entry as plain values."""

    id: int
    at: datetime
    actor: str
    role: str | None
    desk: str | None
    action: str
    record_ref: str | None
    reason: str | None


def entry_hash(prev_hash: str, at: datetime, fields: Sequence[str | None]) -> str:
    body = json.dumps([prev_hash, at.isoformat(), *fields], ensure_ascii=True)
    return hashlib.sha256(body.encode()).hexdigest()


def append(
    session: Session,
    actor: Actor,
    action: str,
    *,
    at: datetime,
    record_ref: str | None = None,
    reason: str | None = None,
) -> None:
    """Add one entry to the chain, inside the caller's transaction."""
    at = at.astimezone(UTC)
    conn = session.connection()
    if conn.dialect.name == "postgresql":
        conn.execute(_LOCK_CHAIN, execution_options=NO_WAIT)
    prev = conn.execute(_LAST_HASH).scalar() or GENESIS
    fields = (actor.username, actor.role, actor.desk, action, record_ref, reason)
    conn.execute(
        _INSERT,
        {
            "at": at,
            "actor": actor.username,
            "role": actor.role,
            "desk": actor.desk,
            "action": action,
            "record_ref": record_ref,
            "reason": reason,
            "prev_hash": prev,
            "hash": entry_hash(prev, at, fields),
        },
        execution_options=NO_WAIT,
    )


def chain_breaks(session: Session) -> Iterator[str]:
    """Describe each place the chain does not hold; nothing when it is intact."""
    prev = GENESIS
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    for row in rows:
        fields = (row.actor, row.role, row.desk, row.action, row.record_ref, row.reason)
        if row.prev_hash != prev:
            yield f"audit entry {row.id}: the entry before it was removed or changed"
        if row.hash != entry_hash(row.prev_hash, row.at, fields):
            yield f"audit entry {row.id}: its contents were changed after it was written"
        prev = row.hash
        session.expunge(row)


def entries(
    session: Session, since: datetime | None = None, record_ref: str | None = None
) -> list[AuditRecord]:
    query = select(AuditEntry).order_by(AuditEntry.id)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if record_ref is not None:
        query = query.where(AuditEntry.record_ref == record_ref)
    return [
        AuditRecord(e.id, e.at, e.actor, e.role, e.desk, e.action, e.record_ref, e.reason)
        for e in session.execute(query).scalars()
    ]
