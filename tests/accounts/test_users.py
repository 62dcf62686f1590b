"""Accounts: the first administrator, then only administrators add, disable, reset and list."""

from __future__ import annotations

from datetime import datetime

import pytest
from account_helpers import CHEAP, HUBS, STAFF_PASSWORD, add_staff

from triage_app.accounts.roles import ROLES, NotPermitted
from triage_app.accounts.users import (
    add_user,
    disable_user,
    enable_user,
    list_users,
    needs_first_administrator,
    reset_password,
)
from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput, TriageError
from triage_app.store.audit import chain_breaks, entries
from triage_app.store.database import Database

ADMIN = Actor(username="a.admin", role="administrator", desk="office")


def test_the_first_account_needs_no_sign_in_and_must_be_an_administrator(
    any_db: Database, now: datetime
) -> None:
    with any_db.read() as s:
        assert needs_first_administrator(s)
    with pytest.raises(NotPermitted, match="first account must be an administrator"):
        add_staff(any_db, now, "t.leader", "team_leader")
    add_staff(any_db, now, "a.admin", "administrator")
    with any_db.read() as s:
        assert not needs_first_administrator(s)
        [added] = entries(s)
        assert list(chain_breaks(s)) == []
    assert (added.actor, added.role, added.action) == ("a.admin", "administrator", "user_added")
    assert (added.record_ref, added.reason) == ("user:a.admin", "first administrator")


def test_after_the_first_only_an_administrator_adds_accounts(
    any_db: Database, now: datetime
) -> None:
    add_staff(any_db, now, "a.admin", "administrator")
    with pytest.raises(NotPermitted, match="needs an administrator"):
        add_staff(any_db, now, "a.second", "administrator")
    add_staff(any_db, now, "t.leader", "team_leader", by=ADMIN)
    leader = Actor(username="t.leader", role="team_leader", desk="office")
    with pytest.raises(NotPermitted, match="a team leader may not add"):
        add_staff(any_db, now, "c.handler", "call_handler", by=leader)
    with any_db.read() as s:
        names = [r.username for r in list_users(s, ADMIN)]
        last = entries(s)[-1]
    assert names == ["a.admin", "t.leader"]
    assert (last.actor, last.record_ref, last.reason) == (
        "a.admin",
        "user:t.leader",
        "role team_leader; no second administrator to approve: allowed by the "
        "sole_administrator_grants setting",
    )


@pytest.mark.parametrize("role", [r.code for r in ROLES if r.code != "administrator"])
def test_no_other_role_manages_accounts(db: Database, now: datetime, role: str) -> None:
    add_staff(db, now, "a.admin", "administrator")
    add_staff(db, now, "someone", role, by=ADMIN)
    actor = Actor(username="someone", role=role)
    with db.write() as s, pytest.raises(NotPermitted):
        list_users(s, actor)
    with db.write() as s, pytest.raises(NotPermitted):
        disable_user(s, actor, "a.admin", now=now)
    with db.write() as s, pytest.raises(NotPermitted):
        reset_password(s, actor, "a.admin", "a new pass phrase", now=now, policy=CHEAP)


def test_every_problem_with_a_new_account_is_named(db: Database, now: datetime) -> None:
    add_staff(db, now, "a.admin", "administrator")
    with db.write() as s, pytest.raises(InvalidInput) as refused:
        add_user(
            s,
            ADMIN,
            username="Bad Name!",
            role="manager",
            password="short",
            now=now,
            policy=CHEAP,
            known_hubs=HUBS,
            hub="atlantis",
        )
    fields = [p.field for p in refused.value.problems]
    assert fields == ["username", "role", "hub", "password"]
    with pytest.raises(InvalidInput, match=r"already an account 'a\.admin'"):
        add_staff(db, now, "A.Admin", "team_leader", by=ADMIN)


def test_names_and_hubs_are_kept(db: Database, now: datetime) -> None:
    add_staff(db, now, "a.admin", "administrator")
    with db.write() as s:
        added = add_user(
            s,
            ADMIN,
            username="J.Smith",
            role="receptionist",
            password=STAFF_PASSWORD,
            now=now,
            policy=CHEAP,
            known_hubs=HUBS,
            display_name=" Jo Smith ",
            hub="mosaic",
        )
    assert (added.username, added.display_name, added.hub) == ("j.smith", "Jo Smith", "mosaic")
    assert (added.created_at, added.password_changed_at, added.disabled) == (now, now, False)


def test_disable_enable_and_the_last_administrator(any_db: Database, now: datetime) -> None:
    add_staff(any_db, now, "a.admin", "administrator")
    add_staff(any_db, now, "c.handler", "call_handler", by=ADMIN)
    with any_db.write() as s:
        assert disable_user(s, ADMIN, "c.handler", now=now).disabled
    with any_db.write() as s:
        assert not enable_user(s, ADMIN, "c.handler", now=now).disabled
    with any_db.write() as s, pytest.raises(TriageError, match="last administrator"):
        disable_user(s, ADMIN, "a.admin", now=now)
    add_staff(any_db, now, "b.admin", "administrator", by=ADMIN)
    with any_db.write() as s:
        assert disable_user(s, ADMIN, "a.admin", now=now).disabled
    with any_db.read() as s:
        actions = [(e.action, e.record_ref) for e in entries(s)][-4:]
    assert actions == [
        ("user_disabled", "user:c.handler"),
        ("user_enabled", "user:c.handler"),
        ("user_added", "user:b.admin"),
        ("user_disabled", "user:a.admin"),
    ]


def test_unknown_accounts_are_named(db: Database, now: datetime) -> None:
    add_staff(db, now, "a.admin", "administrator")
    with db.write() as s, pytest.raises(TriageError, match="no account 'nobody'"):
        disable_user(s, ADMIN, "Nobody", now=now)


def test_a_reset_password_follows_the_rules(db: Database, now: datetime) -> None:
    add_staff(db, now, "a.admin", "administrator")
    add_staff(db, now, "c.handler", "call_handler", by=ADMIN)
    with db.write() as s, pytest.raises(InvalidInput, match="at least 10"):
        reset_password(s, ADMIN, "c.handler", "short", now=now, policy=CHEAP)
