"""The audit trail: one appended entry per thing someone did, chained by hash.

Each entry's hash covers its own fields and the previous entry's hash, so editing, deleting
or inserting an entry anywhere breaks the chain from there on, which ``db check`` reports.
Entries hold ids and codes only, never what a family said.

Written through a database opened with an anchor (``audit_anchor``), as the app and the
commands open it, an entry's hash is keyed (HMAC-SHA256, over its number too) with a key
kept outside the database, and ``audit_keys`` records the entry keying started at; entries
written before that, or through a database opened without an anchor, have the plain
SHA-256 hash they always had. After the write commits, the new head is kept beside the key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Table, bindparam, insert, select, text
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.store.audit_anchor import ANCHOR_INFO, PENDING_INFO, AuditAnchor, Head, key_id
from triage_app.store.audit_models import AuditEntry, AuditKey
from triage_app.store.models import Base
from triage_app.store.pipeline import NO_WAIT

GENESIS = "0" * 64
#: Any constant: PostgreSQL desks take this advisory lock so two appends cannot fork the chain.
_CHAIN_LOCK = 7_242_301

# An append runs in every save: its statements are built once, as plain table statements
# (the ORM's unit of work for one row cost a save more than the row's own insert).
_TABLE: Table = Base.metadata.tables[AuditEntry.__tablename__]
_LOCK_CHAIN = text(f"SELECT pg_advisory_xact_lock({_CHAIN_LOCK})")
# The new entry's number is taken before it is written, as its keyed hash covers it: on
# PostgreSQL from the table's own sequence, in the same round trip as the last entry.
_LAST = select(_TABLE.c.id, _TABLE.c.hash).order_by(_TABLE.c.id.desc()).limit(1)
# With them, the entry this PC's kept head names, as it is now (see ``_new_head``).
_NEXT_PG = text(
    "SELECT nextval('audit_entries_id_seq'), last.id, last.hash, "
    "(SELECT hash FROM audit_entries WHERE id = :kept) FROM (SELECT 1) AS one "
    "LEFT JOIN (SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1) AS last ON true"
)
_HASH_OF = select(_TABLE.c.hash).where(_TABLE.c.id == bindparam("kept"))
_INSERT = insert(_TABLE).inline()  # no RETURNING of the new id, which is known already
_KEYS = select(AuditKey.key_id, AuditKey.first_entry).order_by(AuditKey.first_entry)
_KEYING_STARTED = "triage_audit_keying_started"


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
    """The plain hash: entries written before keying started, or with no anchor."""
    body = json.dumps([prev_hash, at.isoformat(), *fields], ensure_ascii=True)
    return hashlib.sha256(body.encode()).hexdigest()


def keyed_hash(
    key: bytes, prev_hash: str, entry: int, at: datetime, fields: Sequence[str | None]
) -> str:
    """The keyed hash: only someone holding the key can make it, and it covers the number."""
    body = json.dumps([prev_hash, entry, at.isoformat(), *fields], ensure_ascii=True)
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class _Place:
    """Where a new entry goes: its number, the entry before it, and entry ``kept`` now."""

    entry: int
    prev_id: int
    prev: str
    kept_hash: str | None


def _place(conn: Connection, kept: int) -> _Place:
    """One round trip on PostgreSQL; ``kept`` is the entry this PC's head names (0: none)."""
    if conn.dialect.name == "postgresql":
        new, last_id, last_hash, there = conn.execute(_NEXT_PG, {"kept": kept}).one()
        return _Place(int(new), int(last_id or 0), last_hash or GENESIS, there)
    last = conn.execute(_LAST).first()
    prev_id, prev = (0, GENESIS) if last is None else (int(last.id), str(last.hash))
    if kept == prev_id:
        return _Place(prev_id + 1, prev_id, prev, prev if kept else None)
    there = conn.execute(_HASH_OF, {"kept": kept}).scalar() if kept else None
    return _Place(prev_id + 1, prev_id, prev, there)


def no_key(anchor: AuditAnchor, expected: str) -> TriageError:
    return TriageError(
        f"this PC has no copy of the audit key this database's trail is kept with (key "
        f"{expected}): ask IT to put the service's key file at {anchor.key_file}, or to set "
        "TRIAGE_AUDIT_KEY to where it is (see docs/tamper-evidence.md). Nothing was saved."
    )


def _key_for(session: Session, anchor: AuditAnchor, entry: int, at: datetime) -> tuple[bytes, int]:
    """This PC's key and the entry keying started at (``entry`` if the trail never was keyed).

    Refuses, rather than write entries no one could check, when the database's trail is kept
    with another key, or this PC has none: every desk needs the same key. Remembered once
    read from a committed row, so a save reads ``audit_keys`` once per run of the app.
    """
    if anchor.keyed_from is not None and (known := anchor.key()) is not None:
        return known, anchor.keyed_from
    conn = session.connection()
    rows = conn.execute(_KEYS).all()
    key = anchor.key(create=not rows)
    if key is None:
        raise no_key(anchor, rows[0].key_id)
    if not rows:
        conn.execute(
            insert(AuditKey).values(key_id=key_id(key), first_entry=entry, added_at=at),
            execution_options=NO_WAIT,
        )
        session.info[_KEYING_STARTED] = True  # not committed yet: not to be remembered
        return key, entry
    if [r.key_id for r in rows] != [key_id(key)]:
        raise TriageError(
            f"this PC's audit key ({anchor.key_file}, key {key_id(key)}) is not the one this "
            f"database's trail is kept with (key {rows[-1].key_id}): ask IT to put the "
            "service's key file there (see docs/tamper-evidence.md). Nothing was saved."
        )
    if not session.info.get(_KEYING_STARTED):
        anchor.keyed_from = int(rows[0].first_entry)
    return key, int(rows[0].first_entry)


def _kept(session: Session, anchor: AuditAnchor | None) -> Head | None:
    """The head this PC kept, when this transaction has not yet decided on its new one."""
    if anchor is None or PENDING_INFO in session.info:
        return None
    try:
        return anchor.read_head()
    except TriageError:
        return None  # damaged (a power cut as it was written): start it again


def _new_head(session: Session, kept: Head | None, place: _Place, head: Head) -> Head | None:
    """``head``, if it may replace the one kept on this PC; None if that one must stay.

    The kept head moves on only along the chain it names: never back (the newest entries
    were removed, so the evidence stays), and past entries other desks wrote only while the
    kept entry is still there, unchanged.
    """
    if PENDING_INFO in session.info:  # an earlier entry of this transaction decided already
        return head if session.info[PENDING_INFO] is not None else None
    if kept is None:
        return head
    if place.prev_id < kept.entry:
        return None
    return head if place.kept_hash == kept.hash else None


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
    anchor: AuditAnchor | None = session.info.get(ANCHOR_INFO)
    kept = _kept(session, anchor)
    place = _place(conn, kept.entry if kept is not None else 0)
    entry, prev = place.entry, place.prev
    fields = (actor.username, actor.role, actor.desk, action, record_ref, reason)
    if anchor is None:
        digest = entry_hash(prev, at, fields)
    else:
        key, keyed_from = _key_for(session, anchor, entry, at)
        digest = keyed_hash(key, prev, entry, at, fields)
        head = Head(entry, digest, keyed_from)
        session.info[PENDING_INFO] = _new_head(session, kept, place, head)
    conn.execute(
        _INSERT,
        {
            "id": entry,
            "at": at,
            "actor": actor.username,
            "role": actor.role,
            "desk": actor.desk,
            "action": action,
            "record_ref": record_ref,
            "reason": reason,
            "prev_hash": prev,
            "hash": digest,
        },
        execution_options=NO_WAIT,
    )


@dataclass
class Walk:
    """What one pass along the chain found: problems, its newest entry, the hashes wanted."""

    problems: list[str] = field(default_factory=list)
    last: Head | None = None
    found: dict[int, str] = field(default_factory=dict)


def _runs(ids: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i in ids:
        if runs and runs[-1][1] + 1 == i:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _say(runs: list[tuple[int, int]], one: str, many: str, limit: int = 10) -> list[str]:
    """A message per run of entries (``one`` or ``many`` completes it), the first ``limit``."""
    out = [
        f"audit entry {a}: {one}" if a == b else f"audit entries {a} to {b}: {many}"
        for a, b in runs[:limit]
    ]
    if len(runs) > limit:
        out.append(f"and {len(runs) - limit} more runs of audit entries likewise")
    return out


def walk_chain(
    session: Session,
    key: bytes | None = None,
    keyed_from: int | None = None,
    wanted: Collection[int] = (),
) -> Walk:
    """Check every link and hash; entries from ``keyed_from`` on against ``key`` if given.

    Keyed entries are not checked without the key (the caller says so). ``wanted`` names
    entries whose hashes the caller compares with heads kept elsewhere.
    """
    walk, prev = Walk(), GENESIS
    unlinked: list[int] = []
    changed: list[int] = []
    unkeyed: list[int] = []
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    for row in rows:
        fields = (row.actor, row.role, row.desk, row.action, row.record_ref, row.reason)
        if row.prev_hash != prev:
            unlinked.append(row.id)
        plain = entry_hash(row.prev_hash, row.at, fields)
        if keyed_from is None or row.id < keyed_from:
            if row.hash != plain:
                changed.append(row.id)
        elif key is not None and row.hash != keyed_hash(key, row.prev_hash, row.id, row.at, fields):
            (unkeyed if row.hash == plain else changed).append(row.id)
        if row.id in wanted:
            walk.found[row.id] = row.hash
        walk.last = Head(row.id, row.hash)
        prev = row.hash
        session.expunge(row)
    walk.problems += _say(
        _runs(unlinked),
        "the entry before it was removed or changed",
        "the entry before each was removed or changed",
    )
    walk.problems += _say(
        _runs(changed),
        "its contents were changed after it was written",
        "their contents were changed after they were written",
    )
    walk.problems += _say(
        _runs(unkeyed),
        "added or rewritten outside the app: its hash was recomputed without the audit key",
        "added or rewritten outside the app: their hashes were recomputed without the audit key",
    )
    return walk


def keying(session: Session) -> list[tuple[str, int]]:
    """The keys the trail is recorded as kept with (fingerprint, first entry), oldest first."""
    return [(str(k), int(e)) for k, e in session.execute(_KEYS).all()]


def chain_breaks(session: Session, key: bytes | None = None) -> Iterator[str]:
    """Describe each place the chain does not hold; nothing when it is intact.

    Without ``key``, keyed entries are checked for their links only.
    """
    keys = keying(session)
    yield from walk_chain(session, key, keys[0][1] if keys else None).problems


def head(session: Session) -> Head:
    """The newest entry's number and hash; entry 0 and the genesis hash for an empty trail."""
    last = session.execute(_LAST).first()
    return Head(0, GENESIS) if last is None else Head(int(last.id), str(last.hash))


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
