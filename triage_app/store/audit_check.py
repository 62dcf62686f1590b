"""Is the audit trail whole? Its chain, its key, and the heads kept outside the database.

The chain inside the database shows an entry changed or removed in the middle. What it
cannot show by itself — its newest entries cut off, or entries added or changed by someone
who recomputed the chain — shows against what is kept elsewhere: the key (an entry hashed
without it is not the app's), the head this PC kept after its last audited write, and the
heads each export batch carried to the central system (``db check --against DIR``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.errors import TriageError
from triage_app.store.audit import keying, walk_chain
from triage_app.store.audit_anchor import AuditAnchor, Head, key_id
from triage_app.store.audit_guard import missing_guards
from triage_app.store.life_guard import missing_life_guards
from triage_app.store.models import ExportBatch

#: The key an export manifest carries the audit head under: ``{"entry": N, "hash": H}``.
MANIFEST_HEAD = "audit_head"
#: At most this many export batches' findings are listed one by one.
_BATCHES_LISTED = 5


@dataclass(frozen=True)
class SentHead:
    """A head kept outside the database, and where it was kept (for the message)."""

    source: str
    head: Head


def manifest_head(content: Any) -> Head | None:
    """The audit head a manifest carries, or None (a batch from before heads were sent)."""
    if not isinstance(content, dict):
        return None
    head = content.get(MANIFEST_HEAD)
    if not isinstance(head, dict):
        return None
    entry, digest = head.get("entry"), head.get("hash")
    if not isinstance(entry, int) or isinstance(entry, bool) or not isinstance(digest, str):
        return None
    return Head(entry, digest)


def _stored_heads(session: Session) -> list[SentHead]:
    rows = session.execute(select(ExportBatch.id, ExportBatch.manifest).order_by(ExportBatch.id))
    return [
        SentHead(f"export batch {batch} (as recorded in this database)", head)
        for batch, content in rows
        if (head := manifest_head(content)) is not None
    ]


def _ends(last: Head | None) -> str:
    return "holds no entries" if last is None else f"ends at entry {last.entry}"


def _compare(sent: SentHead, last: Head | None, found: dict[int, str]) -> str | None:
    """What is wrong with the trail against one head kept elsewhere; None if it agrees."""
    head = sent.head
    if head.entry <= 0:
        return None
    if last is None or last.entry < head.entry:
        return (
            f"the audit trail {_ends(last)}, but {sent.source} names entry {head.entry}: "
            "the newest entries were removed (or the database was put back from a backup)"
        )
    there = found.get(head.entry)
    if there is None:
        return f"audit entry {head.entry}, named by {sent.source}, was removed"
    if there != head.hash:
        return (
            f"audit entry {head.entry} is not the entry {sent.source} names: the trail was "
            "changed and its chain recomputed"
        )
    return None


def _key_problems(
    anchor: AuditAnchor | None, keys: list[tuple[str, int]]
) -> tuple[bytes | None, list[str]]:
    """This PC's key, if the trail is kept with it; else what stops the keyed entries' check."""
    if not keys:
        return None, []
    expected, first = keys[-1][0], keys[0][1]
    unchecked = f"entries from {first} on cannot be checked"
    if anchor is None:  # a tool's own check, not this PC's: the links alone
        return None, []
    try:
        key = anchor.key()
    except TriageError as e:
        return None, [f"{e}: {unchecked}"]
    if key is None:
        return None, [
            f"the audit trail is keyed from entry {first} with key {expected}, but there is "
            f"no audit key at {anchor.key_file}: {unchecked} (set TRIAGE_AUDIT_KEY to the "
            "service's key file)"
        ]
    if len(keys) > 1 or key_id(key) != expected:
        return None, [
            f"the audit trail is recorded as kept with key {', '.join(k for k, _ in keys)}, "
            f"not this PC's key {key_id(key)} ({anchor.key_file}): {unchecked}"
        ]
    return key, []


def _kept_head(anchor: AuditAnchor | None) -> tuple[Head | None, list[str]]:
    if anchor is None:
        return None, []
    try:
        return anchor.read_head(), []
    except TriageError as e:
        return None, [str(e)]


def audit_problems(
    session: Session, anchor: AuditAnchor | None, against: Sequence[SentHead] = ()
) -> list[str]:
    """Every finding about the audit trail, each a plain sentence; none when it is whole.

    Without an ``anchor`` (a database a tool opened, not this PC's), keyed entries are
    checked for their links only.
    """
    problems = [
        f"the audit trail's append-only guard {name} is missing: someone with control of the "
        "database removed or switched it off"
        for name in missing_guards(session.connection())
    ]
    problems += [
        f"the append-only guard {name} of a request's attempts, notes or status changes is "
        "missing: someone with control of the database removed or switched it off"
        for name in missing_life_guards(session.connection())
    ]
    keys = keying(session)
    key, found_wrong = _key_problems(anchor, keys)
    problems += found_wrong
    kept, unreadable = _kept_head(anchor)
    problems += unreadable
    here = []
    if kept is not None and anchor is not None:
        here.append(SentHead(f"this PC's head (kept in {anchor.places.heads_dir})", kept))
    batches = [*_stored_heads(session), *against]
    wanted = {s.head.entry for s in (*here, *batches)}
    keyed_from = keys[0][1] if keys else None
    walk = walk_chain(session, key, keyed_from, wanted)
    problems += walk.problems
    if keyed_from is not None and (walk.last is None or walk.last.entry < keyed_from):
        problems.append(
            f"the audit trail is keyed from entry {keyed_from} but {_ends(walk.last)}: "
            "the newest entries were removed"
        )
    if kept is not None and kept.keyed_from is not None and kept.keyed_from != keyed_from:
        recorded = "never keyed" if keyed_from is None else f"keyed from entry {keyed_from}"
        problems.append(
            f"this PC kept the audit trail as keyed from entry {kept.keyed_from}, but the "
            f"database says it was {recorded}: its record of keying was changed"
        )
    problems += [p for s in here if (p := _compare(s, walk.last, walk.found))]
    sent = [p for s in batches if (p := _compare(s, walk.last, walk.found))]
    problems += sent[:_BATCHES_LISTED]
    if len(sent) > _BATCHES_LISTED:
        problems.append(f"and {len(sent) - _BATCHES_LISTED} more export batches likewise")
    return problems
