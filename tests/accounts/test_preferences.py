"""Each person's text size and colours: kept with their account, changed only by themself."""

from __future__ import annotations

import pytest
from account_helpers import add_staff

from triage_app.accounts.preferences import Preferences, preferences_of, set_own_preferences
from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput, TriageError
from triage_app.store.audit_models import AuditEntry


def test_preferences_start_as_the_system_s_and_follow_the_account(db, now, admin):
    add_staff(db, now, "c.handler", "call_handler", by=admin)
    handler = Actor(username="c.handler", role="call_handler", desk="freephone-1")
    with db.read() as s:
        assert preferences_of(s, "c.handler") == Preferences()
    with db.write() as s:
        set_own_preferences(s, handler, Preferences(150, True), now=now)
    at_another_desk = Actor(username="C.Handler", role="call_handler", desk="mosaic-reception")
    with db.read() as s:
        assert preferences_of(s, at_another_desk.username) == Preferences(150, True)
        assert preferences_of(s, "a.admin") == Preferences()
        entry = s.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
    assert (entry.action, entry.record_ref) == ("preferences_changed", "user:c.handler")
    assert entry.reason == "text at 150 %, high-contrast colours"


def test_an_unoffered_text_size_is_refused_by_name(db, now, admin):
    with db.write() as s, pytest.raises(InvalidInput, match="text size: choose one of 100 %"):
        set_own_preferences(s, admin, Preferences(text_size=90), now=now)


def test_no_account_no_preferences_to_keep(db, now, admin):
    with db.write() as s, pytest.raises(TriageError, match="sign in"):
        set_own_preferences(s, Actor(username=""), Preferences(125), now=now)
