"""Staff accounts: add, disable, enable, reset a password, list — each by an administrator.

The one exception is the first administrator: while there are no accounts at all, anyone at
the machine may create one (the window asks for it on first start; ``triage-app users add
NAME --role administrator`` does it from the command line). Every change is audited under
``user:NAME`` so ``triage-app audit --record user:NAME`` shows an account's history.

Adding an account with a record-reading role, or resetting such an account's password,
goes through ``triage_app.accounts.grants``: it waits for a second administrator, or is
refused, unless a setting lets a sole administrator do it. A password set by anyone but its
owner (a new account, a reset) is for one sign-in, which must choose a new one.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import overload

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage_app.accounts.grants import (
    ADD,
    BY_SETTING,
    RESET,
    PendingChange,
    ask_approval,
    needs_approval_for,
)
from triage_app.accounts.passwords import (
    ScryptParams,
    check_new_password,
    hash_password,
    password_problems,
)
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.roles import (
    ADMINISTRATOR,
    NotPermitted,
    reads_records,
    require,
    role_codes,
)
from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput, Problem, TriageError
from triage_app.store import audit, db_settings
from triage_app.store.access_models import Staff

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,49}")


@dataclass(frozen=True)
class StaffRecord:
    """An account as plain values; never the password hash."""

    username: str
    display_name: str
    role: str
    hub: str | None
    disabled: bool
    locked_until: datetime | None
    created_at: datetime
    password_changed_at: datetime
    #: Set when the change went ahead without a second administrator (the setting allowed it).
    note: str | None = None
    #: The password was set by someone else and opens one sign-in only.
    one_time_password: bool = False


def record_of(row: Staff, note: str | None = None) -> StaffRecord:
    return StaffRecord(
        row.username,
        row.display_name,
        row.role,
        row.hub,
        row.disabled,
        row.locked_until,
        row.created_at,
        row.password_changed_at,
        note,
        row.must_change_password,
    )


def normalise_username(name: str) -> str:
    """User names are compared lower-case, so "J.Smith" and "j.smith" are one account."""
    return name.strip().lower()


def account_ref(username: str) -> str:
    """The audit ``record_ref`` of an account."""
    return f"user:{username}"


def needs_first_administrator(session: Session) -> bool:
    """True while no account exists: the first start must create an administrator."""
    return not session.execute(select(func.count(Staff.id))).scalar()


def find_staff(session: Session, username: str) -> Staff | None:
    name = normalise_username(username)
    return session.execute(select(Staff).where(Staff.username == name)).scalar_one_or_none()


def existing_staff(session: Session, username: str) -> Staff:
    """The account named ``username``; a plain error when there is none."""
    row = find_staff(session, username)
    if row is None:
        raise TriageError(f"there is no account '{normalise_username(username)}'")
    return row


def _new_account_problems(
    session: Session, username: str, role: str, hub: str | None, known_hubs: Collection[str]
) -> list[Problem]:
    problems = []
    if not _USERNAME.fullmatch(username):
        problems.append(
            Problem(
                "username",
                "use 2–50 lower-case letters, digits, '.', '-' or '_', starting with a letter "
                "or digit",
            )
        )
    elif find_staff(session, username) is not None:
        problems.append(Problem("username", f"there is already an account '{username}'"))
    if role not in role_codes():
        problems.append(Problem("role", f"unknown role '{role}': use {', '.join(role_codes())}"))
    if hub is not None and hub not in known_hubs:
        problems.append(Problem("hub", f"unknown hub '{hub}'"))
    return problems


@overload
def add_user(
    session: Session,
    by: None,
    *,
    username: str,
    role: str,
    password: str,
    now: datetime,
    policy: AccountPolicy,
    known_hubs: Collection[str],
    display_name: str | None = None,
    hub: str | None = None,
) -> StaffRecord: ...


@overload
def add_user(
    session: Session,
    by: Actor,
    *,
    username: str,
    role: str,
    password: str,
    now: datetime,
    policy: AccountPolicy,
    known_hubs: Collection[str],
    display_name: str | None = None,
    hub: str | None = None,
) -> StaffRecord | PendingChange: ...


def add_user(
    session: Session,
    by: Actor | None,
    *,
    username: str,
    role: str,
    password: str,
    now: datetime,
    policy: AccountPolicy,
    known_hubs: Collection[str],
    display_name: str | None = None,
    hub: str | None = None,
) -> StaffRecord | PendingChange:
    """Create an account; ``by`` is None only for the first administrator.

    An account with a record-reading role waits for a second administrator's approval
    (returned as a ``PendingChange``) unless the service has only one and a setting allows it.

    Raises:
        NotPermitted: not an administrator; a demo database; no second administrator.
        InvalidInput: the name, role, hub or password will not do (each problem named).
    """
    name = normalise_username(username)
    if db_settings.is_demo(session):
        raise NotPermitted(
            "this is a demo database, holding synthetic requests only: staff accounts are "
            "never added to it (use a database of its own for real work)"
        )
    if by is None:
        if not needs_first_administrator(session):
            raise NotPermitted("adding an account needs an administrator to sign in")
        if role != ADMINISTRATOR:
            raise NotPermitted("the first account must be an administrator")
    else:
        require(by, "manage_accounts")
    problems = _new_account_problems(session, name, role, hub, known_hubs)
    problems += password_problems(password, name, policy)
    if problems:
        raise InvalidInput(problems)
    hashed = hash_password(password, ScryptParams.of(policy))
    note = None
    if by is not None:
        if needs_approval_for(session, by, role, f"adding an account with the role {role}"):
            clean = (display_name or "").strip() or None
            return ask_approval(
                session,
                by,
                kind=ADD,
                username=name,
                password_hash=hashed,
                now=now,
                role=role,
                hub=hub,
                display_name=clean,
            )
        note = BY_SETTING if reads_records(role) else None
    reason = "first administrator" if by is None else f"role {role}"
    if note:
        reason += f"; {note}"
    return create_account(
        session,
        by,
        username=name,
        role=role,
        password_hash=hashed,
        set_by=None if by is None else by.username,
        now=now,
        display_name=display_name,
        hub=hub,
        reason=reason,
        note=note,
    )


def create_account(
    session: Session,
    by: Actor | None,
    *,
    username: str,
    role: str,
    password_hash: str,
    set_by: str | None,
    now: datetime,
    display_name: str | None,
    hub: str | None,
    reason: str,
    note: str | None = None,
) -> StaffRecord:
    """Add the row and its audit entry; a password ``set_by`` someone else is for one sign-in."""
    row = Staff(
        username=username,
        display_name=(display_name or "").strip() or username,
        role=role,
        hub=hub,
        password_hash=password_hash,
        disabled=False,
        failed_attempts=0,
        created_at=now,
        password_changed_at=now,
        must_change_password=set_by is not None,
        password_set_by=set_by,
    )
    session.add(row)
    session.flush()
    who = by or Actor(username=username, role=role)
    audit.append(
        session, who, "user_added", at=now, record_ref=account_ref(username), reason=reason
    )
    return record_of(row, note)


def _active_administrators(session: Session) -> int:
    query = select(func.count(Staff.id)).where(
        Staff.role == ADMINISTRATOR, Staff.disabled.is_(False)
    )
    return int(session.execute(query).scalar() or 0)


def disable_user(session: Session, by: Actor, username: str, *, now: datetime) -> StaffRecord:
    """Stop an account signing in; refused for the last administrator, who could not undo it."""
    require(by, "manage_accounts")
    row = existing_staff(session, username)
    if row.disabled:
        return record_of(row)
    if row.role == ADMINISTRATOR and _active_administrators(session) == 1:
        raise TriageError(
            "this is the last administrator who can sign in; add another one before disabling it"
        )
    row.disabled = True
    audit.append(session, by, "user_disabled", at=now, record_ref=account_ref(row.username))
    return record_of(row)


def enable_user(session: Session, by: Actor, username: str, *, now: datetime) -> StaffRecord:
    require(by, "manage_accounts")
    row = existing_staff(session, username)
    if row.disabled:
        row.disabled = False
        row.failed_attempts = 0
        row.locked_until = None
        audit.append(session, by, "user_enabled", at=now, record_ref=account_ref(row.username))
    return record_of(row)


def reset_password(
    session: Session,
    by: Actor,
    username: str,
    new_password: str,
    *,
    now: datetime,
    policy: AccountPolicy,
) -> StaffRecord | PendingChange:
    """Set a one-time password (a forgotten one, or after a lockout) and lift any lock.

    For an account with a record-reading role this waits for a second administrator's
    approval (a ``PendingChange``) unless the service has only one and a setting allows it.
    """
    require(by, "manage_accounts")
    row = existing_staff(session, username)
    check_new_password(new_password, row.username, policy)
    hashed = hash_password(new_password, ScryptParams.of(policy))
    note = None
    what = f"resetting the password of a {row.role}'s account"
    if by.username != row.username:
        if needs_approval_for(session, by, row.role, what, target=row.username):
            return ask_approval(
                session, by, kind=RESET, username=row.username, password_hash=hashed, now=now
            )
        note = BY_SETTING if reads_records(row.role) else None
    apply_reset(session, by, row, hashed, set_by=by.username, now=now, reason=note)
    return record_of(row, note)


def apply_reset(
    session: Session,
    by: Actor,
    row: Staff,
    password_hash: str,
    *,
    set_by: str,
    now: datetime,
    reason: str | None,
) -> None:
    """Put in a one-time password, lift any lock, and audit it."""
    row.password_hash = password_hash
    row.password_changed_at = now
    row.must_change_password = True
    row.password_set_by = set_by
    row.failed_attempts = 0
    row.locked_until = None
    audit.append(
        session, by, "password_reset", at=now, record_ref=account_ref(row.username), reason=reason
    )


def new_own_password(
    row: Staff, old_password: str, new_password: str, *, now: datetime, policy: AccountPolicy
) -> None:
    """The owner's own password in place of a one-time one (the caller audits it).

    Raises:
        InvalidInput: the new password breaks a rule or is the one-time password again.
    """
    problems = password_problems(new_password, row.username, policy)
    if new_password == old_password:
        problems.append(Problem("new password", "must differ from the one you were given"))
    if problems:
        raise InvalidInput([Problem("new password", p.message) for p in problems])
    row.password_hash = hash_password(new_password, ScryptParams.of(policy))
    row.password_changed_at = now
    row.must_change_password = False
    row.password_set_by = None


def list_users(session: Session, by: Actor) -> list[StaffRecord]:
    require(by, "manage_accounts")
    rows = session.execute(select(Staff).order_by(Staff.username)).scalars()
    return [record_of(r) for r in rows]
