"""Staff accounts: add, disable, enable, reset a password, list — each by an administrator.

The one exception is the first administrator: while there are no accounts at all, anyone at
the machine may create one (the window asks for it on first start; ``triage-app users add
NAME --role administrator`` does it from the command line). Every change is audited under
``user:NAME`` so ``triage-app audit --record user:NAME`` shows an account's history.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage_app.accounts.passwords import (
    ScryptParams,
    check_new_password,
    hash_password,
    password_problems,
)
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.roles import ADMINISTRATOR, NotPermitted, require, role_codes
from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput, Problem, TriageError
from triage_app.store import audit
from triage_app.store.models import Staff

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


def record_of(row: Staff) -> StaffRecord:
    return StaffRecord(
        row.username,
        row.display_name,
        row.role,
        row.hub,
        row.disabled,
        row.locked_until,
        row.created_at,
        row.password_changed_at,
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


def _staff(session: Session, username: str) -> Staff:
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
) -> StaffRecord:
    """Create an account; ``by`` is None only for the first administrator."""
    name = normalise_username(username)
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
    row = Staff(
        username=name,
        display_name=(display_name or "").strip() or name,
        role=role,
        hub=hub,
        password_hash=hash_password(password, ScryptParams.of(policy)),
        disabled=False,
        failed_attempts=0,
        created_at=now,
        password_changed_at=now,
    )
    session.add(row)
    session.flush()
    who = by or Actor(username=name, role=role)
    reason = "first administrator" if by is None else f"role {role}"
    audit.append(session, who, "user_added", at=now, record_ref=account_ref(name), reason=reason)
    return record_of(row)


def _active_administrators(session: Session) -> int:
    query = select(func.count(Staff.id)).where(
        Staff.role == ADMINISTRATOR, Staff.disabled.is_(False)
    )
    return int(session.execute(query).scalar() or 0)


def disable_user(session: Session, by: Actor, username: str, *, now: datetime) -> StaffRecord:
    """Stop an account signing in; refused for the last administrator, who could not undo it."""
    require(by, "manage_accounts")
    row = _staff(session, username)
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
    row = _staff(session, username)
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
) -> StaffRecord:
    """Set a new password (a forgotten one, or after a lockout) and lift any lock."""
    require(by, "manage_accounts")
    row = _staff(session, username)
    check_new_password(new_password, row.username, policy)
    row.password_hash = hash_password(new_password, ScryptParams.of(policy))
    row.password_changed_at = now
    row.failed_attempts = 0
    row.locked_until = None
    audit.append(session, by, "password_reset", at=now, record_ref=account_ref(row.username))
    return record_of(row)


def list_users(session: Session, by: Actor) -> list[StaffRecord]:
    require(by, "manage_accounts")
    rows = session.execute(select(Staff).order_by(Staff.username)).scalars()
    return [record_of(r) for r in rows]
