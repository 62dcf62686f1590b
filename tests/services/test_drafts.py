"""Drafts: saved as typed, offered back per desk, closed when saved or deliberately discarded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from triage_app.services import drafts
from triage_app.store.audit_models import AuditEntry
from triage_app.store.draft_models import Draft


def test_save_then_update_keeps_one_open_draft(db, actor, now):
    with db.write() as s:
        draft_id = drafts.save_draft(s, None, {"narrative": "first"}, actor=actor, now=now)
    later = now + timedelta(seconds=5)
    with db.write() as s:
        assert drafts.save_draft(s, draft_id, {"narrative": "more"}, actor=actor, now=later) == (
            draft_id
        )
    with db.read() as s:
        found = drafts.open_drafts(s, actor.desk)
    assert [d.draft_id for d in found] == [draft_id]
    assert found[0].payload == {"narrative": "more", "form_version": drafts.FORM_VERSION}
    assert found[0].updated_at == later
    assert found[0].author == actor.username


def test_drafts_are_offered_only_at_their_own_desk(db, actor, now):
    with db.write() as s:
        drafts.save_draft(s, None, {}, actor=actor, now=now)
    with db.read() as s:
        assert drafts.open_drafts(s, "another desk") == []


def test_discard_clears_content_and_is_audited_without_it(db, actor, now):
    with db.write() as s:
        draft_id = drafts.save_draft(s, None, {"narrative": "what was said"}, actor=actor, now=now)
    with db.write() as s:
        drafts.discard_draft(s, draft_id, actor=actor, now=now, reason="caller rang off")
    with db.read() as s:
        assert drafts.open_drafts(s, actor.desk) == []
        row = s.execute(select(Draft)).scalar_one()
        entry = s.execute(select(AuditEntry)).scalar_one()
    assert row.status == drafts.DISCARDED
    assert "what was said" not in str(row.payload)
    assert (entry.action, entry.record_ref, entry.reason) == (
        "discard_draft",
        draft_id,
        "caller rang off",
    )


def test_a_saved_draft_cannot_change_or_be_discarded(db, actor, now):
    with db.write() as s:
        draft_id = drafts.save_draft(s, None, {"narrative": "x"}, actor=actor, now=now)
        drafts.mark_saved(s, draft_id, now=now)
    with db.write() as s, pytest.raises(drafts.DraftClosed):
        drafts.save_draft(s, draft_id, {}, actor=actor, now=now)
    with db.write() as s, pytest.raises(drafts.DraftClosed):
        drafts.discard_draft(s, draft_id, actor=actor, now=now, reason="")
    with db.write() as s:
        drafts.mark_saved(s, draft_id, now=now)  # again: harmless
        drafts.mark_saved(s, "unknown", now=now)
    with db.read() as s:
        assert s.execute(select(Draft.payload)).scalar_one() == {"form_version": 1}


def test_restoring_a_draft_is_audited_by_id(db, actor, now):
    with db.write() as s:
        draft_id = drafts.save_draft(s, None, {"narrative": "x"}, actor=actor, now=now)
    with db.write() as s:
        restored = drafts.load_draft(s, draft_id, actor=actor, now=now)
    assert restored.payload["narrative"] == "x"
    with db.read() as s:
        entry = s.execute(select(AuditEntry)).scalar_one()
    assert (entry.action, entry.record_ref, entry.reason) == ("restore_draft", draft_id, None)


def test_unknown_draft(db, actor, now):
    with db.write() as s, pytest.raises(drafts.UnknownDraft):
        drafts.load_draft(s, "nope", actor=actor, now=now)
