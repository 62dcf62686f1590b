"""After a kill: a request's life is whole — no half-written outcome, note or attempt.

Every version that changed a request's life has exactly the row that change adds (a note,
an attempt, a status change whose status and outcome are the version's) and its audit
entry; every such row names a version that is there; a closed version has no open action;
and every change a desk acknowledged is there.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from triage_app.store.audit_models import AuditEntry
from triage_app.store.database import Database
from triage_app.store.life_models import ContactAttempt, RequestNote, StatusChange
from triage_app.store.models import Request, RequestVersion
from triage_app.store.version_models import ActionRow

_AUDITED = {"note": "note_added", "attempt": "contact_attempt"}


def check_life(db: Database, acknowledged: dict[str, int]) -> None:
    with db.read() as s:
        refs = dict(s.execute(select(Request.id, Request.reference)).all())
        current = dict(s.execute(select(Request.reference, Request.current_version)).all())
        versions = {
            (v.request_id, v.version): v
            for v in s.execute(
                select(RequestVersion).where(RequestVersion.life_change.is_not(None))
            ).scalars()
        }
        notes = Counter(s.execute(select(RequestNote.request_id, RequestNote.version)).all())
        attempts = Counter(
            s.execute(select(ContactAttempt.request_id, ContactAttempt.version)).all()
        )
        changes = {(c.request_id, c.version): c for c in s.execute(select(StatusChange)).scalars()}
        open_actions = set(
            s.execute(select(ActionRow.version_id).where(ActionRow.done_at.is_(None))).scalars()
        )
        audited = Counter(s.execute(select(AuditEntry.action, AuditEntry.record_ref)).all())
    for ref, version in acknowledged.items():
        assert current[ref] >= version, f"acknowledged change {ref} v{version} is missing"
    for key in (*notes, *attempts, *changes):
        assert key in versions, f"{refs[key[0]]} v{key[1]}: a row names no life version"
    kinds: Counter[tuple[str, str]] = Counter()
    for (rid, number), v in versions.items():
        key, ref = (rid, number), refs[rid]
        kinds[(v.life_change or "", ref)] += 1
        if v.life_change == "note":
            assert notes[key] == 1, f"{ref} v{number}: note half-written"
        elif v.life_change == "attempt":
            assert attempts[key] == 1, f"{ref} v{number}: attempt half-written"
        elif v.life_change == "status":
            change = changes.get(key)
            assert change is not None, f"{ref} v{number}: status change half-written"
            assert (change.to_status, change.outcome) == (v.status, v.outcome), ref
            if v.status == "closed":
                assert v.outcome is not None and v.id not in open_actions, ref
    for (kind, ref), n in kinds.items():
        if kind in _AUDITED:
            assert audited[(_AUDITED[kind], ref)] == n, f"{ref}: {kind} without its audit entry"
    closed = Counter(refs[c.request_id] for c in changes.values() if c.to_status == "closed")
    for ref, n in closed.items():
        assert audited[("request_closed", ref)] == n, f"{ref}: closing without its audit entry"
