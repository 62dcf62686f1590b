"""Signing in: check a name and password, count failures, lock after too many, audit each try.

A failed attempt must leave its trace (the failure count, the audit entry) even though the
user is refused, so the check returns its outcome instead of raising inside the caller's
transaction: ``attempt_sign_in`` records and reports, and ``sign_in`` runs it in a
transaction of its own and raises only after that has been committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy.orm import Session

from triage_app.accounts.passwords import (
    ScryptParams,
    hash_password,
    needs_rehash,
    verify_password,
)
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.users import find_staff
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.store import audit
from triage_app.store.database import Database
from triage_app.store.models import Staff

WRONG_NAME_OR_PASSWORD = "wrong user name or password"  # noqa: S105 - a message, not a secret
#: Who the audit names when the typed user name matches no account: never the typed text,
#: which is sometimes a password typed into the wrong box.
UNKNOWN_USER = "(unknown)"


class SignInFailed(TriageError):
    """The user is not signed in; the message says why without revealing a password."""


class AccountLocked(SignInFailed):
    """Too many wrong passwords in a row; ``until`` is when the lock lifts."""

    def __init__(self, until: datetime, *, just_now: bool = False) -> None:
        self.until = until
        when = until.astimezone().strftime("%H:%M")
        first = f"{WRONG_NAME_OR_PASSWORD}; " if just_now else ""
        super().__init__(
            f"{first}too many failed sign-ins: this account is locked until {when} "
            "(an administrator can reset the password sooner)"
        )


class AccountDisabled(SignInFailed):
    def __init__(self) -> None:
        super().__init__("this account is disabled; ask an administrator")


@dataclass(frozen=True)
class SignInAttempt:
    """The outcome: an actor when signed in, else the error to show."""

    actor: Actor | None
    error: SignInFailed | None


@lru_cache(maxsize=4)
def _decoy_hash(params: ScryptParams) -> str:
    """Checked when the name is unknown, so a wrong name takes as long as a wrong password."""
    return hash_password("decoy password", params)


def _fail(
    session: Session, actor: Actor, reason: str, error: SignInFailed, now: datetime
) -> SignInAttempt:
    audit.append(session, actor, "sign_in_failed", at=now, reason=reason)
    return SignInAttempt(None, error)


def _wrong_password(
    session: Session, row: Staff, actor: Actor, now: datetime, policy: AccountPolicy
) -> SignInAttempt:
    row.failed_attempts += 1
    if row.failed_attempts < policy.max_failures:
        return _fail(session, actor, "wrong password", SignInFailed(WRONG_NAME_OR_PASSWORD), now)
    row.failed_attempts = 0
    row.locked_until = now + policy.lockout
    locked = AccountLocked(row.locked_until, just_now=True)
    return _fail(session, actor, "wrong password; account locked", locked, now)


def attempt_sign_in(
    session: Session,
    username: str,
    password: str,
    *,
    desk: str | None,
    now: datetime,
    policy: AccountPolicy,
) -> SignInAttempt:
    """Check the credentials and record the attempt (audit entry, failure count) in ``session``."""
    params = ScryptParams.of(policy)
    row = find_staff(session, username)
    if row is None:
        verify_password(password, _decoy_hash(params))
        unknown = Actor(username=UNKNOWN_USER, desk=desk)
        return _fail(
            session, unknown, "unknown user name", SignInFailed(WRONG_NAME_OR_PASSWORD), now
        )
    actor = Actor(username=row.username, role=row.role, desk=desk, hub=row.hub)
    if row.locked_until is not None:
        if row.locked_until > now:
            return _fail(session, actor, "account locked", AccountLocked(row.locked_until), now)
        row.locked_until = None
        row.failed_attempts = 0
    if not verify_password(password, row.password_hash):
        return _wrong_password(session, row, actor, now, policy)
    if row.disabled:
        return _fail(session, actor, "account disabled", AccountDisabled(), now)
    row.failed_attempts = 0
    if needs_rehash(row.password_hash, params):
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
) -> Actor:
    """Sign in, or raise ``SignInFailed`` (or its ``AccountLocked``/``AccountDisabled``).

    Runs in its own transaction, committed before any error is raised, so a refused attempt
    still counts towards the lockout and is in the audit trail.
    """
    with database.write() as session:
        attempt = attempt_sign_in(session, username, password, desk=desk, now=now, policy=policy)
    if attempt.actor is None:
        raise attempt.error or SignInFailed(WRONG_NAME_OR_PASSWORD)
    return attempt.actor
