"""Signing in: check a name and password, count failures, lock after too many, audit each try.

A failed attempt must leave its trace (the failure count, the audit entry) even though the
user is refused, so the check returns its outcome instead of raising inside the caller's
transaction: ``attempt_sign_in`` records and reports, and ``sign_in`` runs it in a
transaction of its own and raises only after that has been committed.

Every attempt costs the same work and gets the same answers whether or not the name is an
account's: exactly one scrypt computation (against a decoy hash for an unknown name, and
also for a locked account), and failures under an unknown name are counted and lock it just
as an account's do. Only the right password of a real account tells anything more.

A password someone else set (a new account, a reset) opens one sign-in only: that sign-in
must choose a new password (``new_password``), and its owner is told who set it and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session

from triage_app.accounts.passwords import (
    ScryptParams,
    decoy_hash,
    hash_password,
    needs_rehash,
    usable,
    verify_password,
)
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.signin_errors import (
    UNKNOWN_USER,
    WRONG_NAME_OR_PASSWORD,
    AccountDisabled,
    AccountLocked,
    PasswordChangeRequired,
    SignInFailed,
)
from triage_app.accounts.unknown_names import unknown_name_counter
from triage_app.accounts.users import account_ref, find_staff, new_own_password
from triage_app.domain.actor import Actor
from triage_app.store import audit
from triage_app.store.database import Database


@dataclass(frozen=True)
class SignInAttempt:
    """The outcome: an actor when signed in, else the error to show."""

    actor: Actor | None
    error: SignInFailed | None


class _FailureCount(Protocol):
    """What counts wrong passwords and locks: an account's row, or an unknown name's bucket."""

    failed_attempts: int
    locked_until: datetime | None


def _fail(
    session: Session, actor: Actor, reason: str, error: SignInFailed, now: datetime
) -> SignInAttempt:
    audit.append(session, actor, "sign_in_failed", at=now, reason=reason)
    return SignInAttempt(None, error)


def _locked(
    session: Session, count: _FailureCount, actor: Actor, reason: str, now: datetime
) -> SignInAttempt | None:
    """Refuse while locked; a lock that has run out is lifted (and its count started again)."""
    if count.locked_until is None:
        return None
    if count.locked_until > now:
        return _fail(session, actor, reason, AccountLocked(count.locked_until), now)
    count.locked_until = None
    count.failed_attempts = 0
    return None


def _wrong_password(
    session: Session,
    count: _FailureCount,
    actor: Actor,
    why: str,
    *,
    now: datetime,
    policy: AccountPolicy,
) -> SignInAttempt:
    count.failed_attempts += 1
    if count.failed_attempts < policy.max_failures:
        return _fail(session, actor, why, SignInFailed(WRONG_NAME_OR_PASSWORD), now)
    count.failed_attempts = 0
    count.locked_until = now + policy.lockout
    locked = AccountLocked(count.locked_until, just_now=True)
    return _fail(session, actor, f"{why}; account locked", locked, now)


def _unknown_name(
    session: Session,
    username: str,
    password: str,
    *,
    desk: str | None,
    now: datetime,
    policy: AccountPolicy,
) -> SignInAttempt:
    """The same work and answers as a wrong password for an account: one hash, a count, a lock."""
    verify_password(password, decoy_hash(ScryptParams.of(policy)))
    unknown = Actor(username=UNKNOWN_USER, desk=desk)
    count = unknown_name_counter(session, username, now)
    refused = _locked(session, count, unknown, "unknown user name; locked", now)
    return refused or _wrong_password(
        session, count, unknown, "unknown user name", now=now, policy=policy
    )


def attempt_sign_in(
    session: Session,
    username: str,
    password: str,
    *,
    desk: str | None,
    now: datetime,
    policy: AccountPolicy,
    new_password: str | None = None,
) -> SignInAttempt:
    """Check the credentials and record the attempt (audit entry, failure count) in ``session``.

    Raises:
        InvalidInput: ``new_password`` was given (for a one-time password) and will not do.
    """
    params = ScryptParams.of(policy)
    row = find_staff(session, username)
    if row is None:
        return _unknown_name(session, username, password, desk=desk, now=now, policy=policy)
    actor = Actor(username=row.username, role=row.role, desk=desk, hub=row.hub)
    # Always one hash, as for an unknown name: a lock or an unusable hash costs the same.
    stored = row.password_hash if usable(row.password_hash) else decoy_hash(params)
    right = verify_password(password, stored)
    refused = _locked(session, row, actor, "account locked", now)
    if refused is not None:
        return refused
    if not right:
        return _wrong_password(session, row, actor, "wrong password", now=now, policy=policy)
    if row.disabled:
        return _fail(session, actor, "account disabled", AccountDisabled(), now)
    row.failed_attempts = 0
    if row.must_change_password:
        if new_password is None:
            required = PasswordChangeRequired(row.password_set_by, row.password_changed_at)
            return _fail(session, actor, "new password required", required, now)
        new_own_password(row, password, new_password, now=now, policy=policy)
        audit.append(
            session, actor, "password_changed", at=now, record_ref=account_ref(row.username)
        )
    elif needs_rehash(row.password_hash, params):
        row.password_hash = hash_password(password, params)
    audit.append(session, actor, "sign_in", at=now)
    return SignInAttempt(actor, None)


def sign_in(
    database: Database,
    username: str,
    password: str,
    *,
    desk: str | None,
    now: datetime,
    policy: AccountPolicy,
    new_password: str | None = None,
) -> Actor:
    """Sign in, or raise ``SignInFailed`` or one of its kinds.

    ``PasswordChangeRequired``: ask the owner for a new password and call again with it.

    Runs in its own transaction, committed before any error is raised, so a refused attempt
    still counts towards the lockout and is in the audit trail.
    """
    with database.write() as session:
        attempt = attempt_sign_in(
            session,
            username,
            password,
            desk=desk,
            now=now,
            policy=policy,
            new_password=new_password,
        )
    if attempt.actor is None:
        raise attempt.error or SignInFailed(WRONG_NAME_OR_PASSWORD)
    return attempt.actor
