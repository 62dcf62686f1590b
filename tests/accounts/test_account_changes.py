"""Unlocking an account and moving it to another role or hub: an administrator's, audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from account_helpers import HUBS, add_staff

from triage_app.accounts.account_changes import change_role, unlock_user
from triage_app.accounts.approvals import approve_change, pending_changes
from triage_app.accounts.grants import PendingChange
from triage_app.accounts.roles import NotPermitted
from triage_app.accounts.users import find_staff
from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput, TriageError
from triage_app.store import db_settings
from triage_app.store.audit_models import AuditEntry


def actions_on(db, username: str) -> list[str]:
    with db.read() as s:
        rows = s.query(AuditEntry).filter(AuditEntry.record_ref == f"user:{username}").all()
        return [r.action for r in rows]


def test_unlock_lifts_the_lock_and_keeps_the_password(db, now, admin):
    add_staff(db, now, "c.handler", "call_handler", by=admin)
    with db.write() as s:
        row = find_staff(s, "c.handler")
        row.failed_attempts, row.locked_until = 5, now + timedelta(minutes=10)
        kept = row.password_hash
    with db.write() as s:
        record = unlock_user(s, admin, "c.handler", now=now)
    assert record.locked_until is None
    with db.read() as s:
        row = find_staff(s, "c.handler")
        assert (row.failed_attempts, row.password_hash) == (0, kept)
    assert actions_on(db, "c.handler")[-1] == "user_unlocked"


def test_only_an_administrator_unlocks(db, now, admin):
    add_staff(db, now, "t.leader", "team_leader", by=admin)
    with db.write() as s, pytest.raises(NotPermitted, match="team leader may not"):
        unlock_user(s, Actor(username="t.leader", role="team_leader"), "a.admin", now=now)


def test_a_hub_change_goes_ahead_and_is_audited(db, now, admin):
    add_staff(db, now, "r.ception", "receptionist", by=admin, hub="mosaic")
    with db.write() as s:
        record = change_role(
            s, admin, "r.ception", role="receptionist", hub="aspire", now=now, known_hubs=HUBS
        )
    assert record.hub == "aspire"
    assert actions_on(db, "r.ception")[-1] == "user_hub_changed"


def test_a_new_role_goes_ahead_where_the_setting_allows_a_sole_administrator(db, now, admin):
    add_staff(db, now, "c.handler", "call_handler", by=admin)
    with db.write() as s:
        record = change_role(
            s, admin, "c.handler", role="team_leader", hub=None, now=now, known_hubs=HUBS
        )
    assert record.role == "team_leader"
    assert actions_on(db, "c.handler")[-1] == "user_role_changed"


def test_a_sole_administrator_cannot_make_a_reader_without_the_setting(db, now, admin):
    add_staff(db, now, "c.handler", "call_handler", by=admin)
    with db.write() as s:
        db_settings.put(s, db_settings.SOLE_ADMINISTRATOR_GRANTS, "no", now=now)
    with db.write() as s, pytest.raises(NotPermitted, match="second administrator"):
        change_role(s, admin, "c.handler", role="team_leader", hub=None, now=now, known_hubs=HUBS)


def test_with_two_administrators_a_new_role_waits_for_the_other(db, now, admin):
    add_staff(db, now, "c.handler", "call_handler", by=admin)
    add_staff(db, now, "b.admin", "administrator", by=admin)
    with db.write() as s:
        waiting = change_role(
            s, admin, "c.handler", role="team_leader", hub="mosaic", now=now, known_hubs=HUBS
        )
    assert isinstance(waiting, PendingChange)
    with db.read() as s:
        assert find_staff(s, "c.handler").role == "call_handler"
        assert [p.kind for p in pending_changes(s, admin)] == ["role"]
    second = Actor(username="b.admin", role="administrator")
    with db.write() as s:
        record = approve_change(s, second, waiting.id, now=now)
    assert (record.role, record.hub) == ("team_leader", "mosaic")
    assert actions_on(db, "c.handler")[-2:] == ["account_change_approved", "user_role_changed"]


def test_the_last_administrator_keeps_the_role(db, now, admin):
    with db.write() as s, pytest.raises(TriageError, match="last administrator"):
        change_role(s, admin, "a.admin", role="team_leader", hub=None, now=now, known_hubs=HUBS)


def test_an_unknown_role_and_hub_are_each_named(db, now, admin):
    add_staff(db, now, "c.handler", "call_handler", by=admin)
    with db.write() as s, pytest.raises(InvalidInput) as e:
        change_role(s, admin, "c.handler", role="boss", hub="atlantis", now=now, known_hubs=HUBS)
    assert [p.field for p in e.value.problems] == ["role", "hub"]
