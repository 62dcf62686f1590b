"""Signing in: the audit of every try, one message for a wrong name or password, the lockout
and its end (on an injected clock), disabled accounts — on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from account_helpers import ADMIN_PASSWORD, CHEAP, STAFF_PASSWORD, add_staff
from sqlalchemy import select

from triage_app.accounts.demo import DEMO_USERNAME, ensure_demo_team_leader
from triage_app.accounts.passwords import verify_password
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.signin import attempt_sign_in, sign_in
from triage_app.accounts.signin_errors import (
    UNKNOWN_USER,
    WRONG_NAME_OR_PASSWORD,
    AccountDisabled,
    AccountLocked,
    PasswordChangeRequired,
    SignInFailed,
)
from triage_app.accounts.users import disable_user, find_staff, reset_password
from triage_app.domain.actor import Actor
from triage_app.store.access_models import Staff
from triage_app.store.audit import chain_breaks, entries
from triage_app.store.database import Database

ADMIN = Actor(username="a.admin", role="administrator", desk="office")


@pytest.fixture
def staffed(any_db: Database, now: datetime) -> Database:
    """A database with an administrator and a receptionist at Mosaic."""
    add_staff(any_db, now, "a.admin", "administrator", password=ADMIN_PASSWORD)
    add_staff(any_db, now, "r.desk", "receptionist", by=ADMIN, hub="mosaic")
    return any_db


def _sign_in(db: Database, password: str, now: datetime, name: str = "r.desk") -> Actor:
    return sign_in(db, name, password, desk="mosaic-reception", now=now, policy=CHEAP)


def _actions(db: Database) -> list[tuple[str, str, str | None]]:
    with db.read() as s:
        return [(e.actor, e.action, e.reason) for e in entries(s)]


def test_a_good_sign_in_returns_the_actor_and_is_audited(staffed: Database, now: datetime) -> None:
    actor = _sign_in(staffed, STAFF_PASSWORD, now)
    assert actor == Actor("r.desk", "receptionist", "mosaic-reception", "mosaic")
    with staffed.read() as s:
        last = entries(s)[-1]
        assert list(chain_breaks(s)) == []
    assert (last.actor, last.role, last.desk, last.action) == (
        "r.desk",
        "receptionist",
        "mosaic-reception",
        "sign_in",
    )
    assert (last.record_ref, last.reason, last.at) == (None, None, now)


def test_user_names_are_not_case_sensitive(staffed: Database, now: datetime) -> None:
    assert _sign_in(staffed, STAFF_PASSWORD, now, name="  R.Desk ").username == "r.desk"


def test_a_wrong_name_and_a_wrong_password_read_the_same(staffed: Database, now: datetime) -> None:
    with pytest.raises(SignInFailed) as wrong_password:
        _sign_in(staffed, "not the password", now)
    with pytest.raises(SignInFailed) as wrong_name:
        _sign_in(staffed, STAFF_PASSWORD, now, name="no.such.person")
    assert str(wrong_password.value) == str(wrong_name.value) == WRONG_NAME_OR_PASSWORD
    assert _actions(staffed)[-2:] == [
        ("r.desk", "sign_in_failed", "wrong password"),
        (UNKNOWN_USER, "sign_in_failed", "unknown user name"),
    ]


def test_a_name_matching_no_account_is_not_written_down(staffed: Database, now: datetime) -> None:
    typed = "correct horse battery staple"  # a password typed into the name box
    with pytest.raises(SignInFailed):
        _sign_in(staffed, "whatever", now, name=typed)
    with staffed.read() as s:
        assert all(typed not in str(vars(e)) for e in entries(s))


def test_five_failures_lock_the_account_for_fifteen_minutes(
    staffed: Database, now: datetime
) -> None:
    for _ in range(4):
        with pytest.raises(SignInFailed) as refused:
            _sign_in(staffed, "wrong password!", now)
        assert not isinstance(refused.value, AccountLocked)
    with pytest.raises(AccountLocked) as locked:
        _sign_in(staffed, "wrong password!", now)
    assert locked.value.until == now + timedelta(minutes=15)
    assert "locked until" in str(locked.value)
    # While locked even the right password is refused, and the lock does not grow.
    later = now + timedelta(minutes=14, seconds=59)
    with pytest.raises(AccountLocked) as still:
        _sign_in(staffed, STAFF_PASSWORD, later)
    assert still.value.until == now + timedelta(minutes=15)
    # Once the time has passed, the right password works and the count starts again.
    actor = _sign_in(staffed, STAFF_PASSWORD, now + timedelta(minutes=15))
    assert actor.username == "r.desk"
    reasons = [r for _, a, r in _actions(staffed) if a == "sign_in_failed"]
    assert reasons == ["wrong password"] * 4 + ["wrong password; account locked", "account locked"]
    with staffed.read() as s:
        row = find_staff(s, "r.desk")
        assert row is not None and row.failed_attempts == 0 and row.locked_until is None


def test_a_good_password_resets_the_count(staffed: Database, now: datetime) -> None:
    for _ in range(4):
        with pytest.raises(SignInFailed):
            _sign_in(staffed, "wrong password!", now)
    _sign_in(staffed, STAFF_PASSWORD, now)
    for _ in range(4):
        with pytest.raises(SignInFailed) as refused:
            _sign_in(staffed, "wrong password!", now)
        assert not isinstance(refused.value, AccountLocked)


def test_the_lockout_policy_is_passed_in(staffed: Database, now: datetime) -> None:
    strict = AccountPolicy(max_failures=2, lockout=timedelta(hours=1), scrypt_n=2**10)
    for _ in range(2):
        with pytest.raises(SignInFailed) as refused:
            sign_in(staffed, "r.desk", "nope nope nope", desk=None, now=now, policy=strict)
    assert isinstance(refused.value, AccountLocked)
    assert refused.value.until == now + timedelta(hours=1)


def test_a_reset_lifts_the_lock(staffed: Database, now: datetime) -> None:
    for _ in range(5):
        with pytest.raises(SignInFailed):
            _sign_in(staffed, "wrong password!", now)
    with staffed.write() as s:
        reset_password(s, ADMIN, "r.desk", "brand new pass phrase", now=now, policy=CHEAP)
    with pytest.raises(PasswordChangeRequired, match=r"set by a\.admin"):
        _sign_in(staffed, "brand new pass phrase", now)
    with pytest.raises(SignInFailed):
        _sign_in(staffed, STAFF_PASSWORD, now)
    own = sign_in(
        staffed,
        "r.desk",
        "brand new pass phrase",
        desk="mosaic-reception",
        now=now,
        policy=CHEAP,
        new_password="my own pass phrase",
    )
    assert own.username == "r.desk"
    assert _sign_in(staffed, "my own pass phrase", now).username == "r.desk"


def test_a_disabled_account_cannot_sign_in(staffed: Database, now: datetime) -> None:
    with staffed.write() as s:
        disable_user(s, ADMIN, "r.desk", now=now)
    with pytest.raises(AccountDisabled, match="disabled; ask an administrator"):
        _sign_in(staffed, STAFF_PASSWORD, now)
    # A wrong password does not reveal that the account is disabled.
    with pytest.raises(SignInFailed) as wrong:
        _sign_in(staffed, "wrong password!", now)
    assert str(wrong.value) == WRONG_NAME_OR_PASSWORD
    assert _actions(staffed)[-2:] == [
        ("r.desk", "sign_in_failed", "account disabled"),
        ("r.desk", "sign_in_failed", "wrong password"),
    ]


def test_attempt_sign_in_reports_inside_the_callers_transaction(
    staffed: Database, now: datetime
) -> None:
    with staffed.write() as s:
        attempt = attempt_sign_in(s, "r.desk", "wrong", desk="d", now=now, policy=CHEAP)
    assert attempt.actor is None and attempt.error is not None
    with staffed.read() as s:
        row = find_staff(s, "r.desk")
        assert row is not None and row.failed_attempts == 1


def test_an_older_cost_is_raised_at_the_next_sign_in(staffed: Database, now: datetime) -> None:
    dearer = AccountPolicy(scrypt_n=2**11)
    sign_in(staffed, "r.desk", STAFF_PASSWORD, desk=None, now=now, policy=dearer)
    with staffed.read() as s:
        stored = s.execute(select(Staff.password_hash).where(Staff.username == "r.desk")).scalar()
    assert stored is not None and stored.startswith("scrypt$2048$")
    assert verify_password(STAFF_PASSWORD, stored)


def test_the_demo_team_leader_signs_in_without_a_password(any_db: Database, now: datetime) -> None:
    with any_db.write() as s:
        first = ensure_demo_team_leader(s, now)
    with any_db.write() as s:
        again = ensure_demo_team_leader(s, now)
    assert first == again
    assert (first.username, first.role) == (DEMO_USERNAME, "team_leader")
    assert _actions(any_db) == [
        (DEMO_USERNAME, "user_added", "demo team leader"),
        (DEMO_USERNAME, "sign_in", "demo start"),
        (DEMO_USERNAME, "sign_in", "demo start"),
    ]
    for password in ("", "!", "demo", "password"):
        with pytest.raises(SignInFailed):
            sign_in(any_db, DEMO_USERNAME, password, desk=None, now=now, policy=CHEAP)


def test_no_password_is_ever_written_to_the_database(
    db: Database, sqlite_path: Path, now: datetime
) -> None:
    add_staff(db, now, "a.admin", "administrator", password=ADMIN_PASSWORD)
    add_staff(db, now, "r.desk", "receptionist", by=ADMIN)
    typed = ["tried this one first", "and then this one!", STAFF_PASSWORD]
    for password in typed:
        with contextlib.suppress(SignInFailed):
            _sign_in(db, password, now)
    with db.write() as s:
        reset_password(s, ADMIN, "r.desk", "a replacement phrase", now=now, policy=CHEAP)
    db.close()
    stored = b"".join(p.read_bytes() for p in sqlite_path.parent.glob(f"{sqlite_path.name}*"))
    assert b"r.desk" in stored  # the check would see text if it were there
    for password in [*typed, ADMIN_PASSWORD, "a replacement phrase"]:
        assert password.encode() not in stored
