"""Changes to an existing account besides its password: unlock it, move it to a role or hub.

Each is an administrator's, audited under ``user:NAME``. A new role follows the rule for
adding an account with that role (``triage_app.accounts.grants``): a role that reads
families' records, or the administrator's role, waits for a second administrator where the
service has one, so no administrator can make themselves, or an account they hold, a reader
alone. The last administrator who can sign in keeps that role, as they keep their account.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy.orm import Session

from triage_app.accounts.grants import (
    BY_SETTING,
    ROLE,
    PendingChange,
    active_administrators,
    ask_approval,
    needs_approval_for,
)
from triage_app.accounts.passwords import UNUSABLE
from triage_app.accounts.roles import ADMINISTRATOR, reads_records, require, role_codes
from triage_app.accounts.users import StaffRecord, account_ref, existing_staff, record_of
from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput, Problem, TriageError
from triage_app.store import audit
from triage_app.store.access_models import Staff

USER_UNLOCKED = "user_unlocked"
ROLE_CHANGED = "user_role_changed"
HUB_CHANGED = "user_hub_changed"


def unlock_user(session: Session, by: Actor, username: str, *, now: datetime) -> StaffRecord:
    """Lift a lock after too many wrong passwords, keeping the password as it is."""
    require(by, "manage_accounts")
    row = existing_staff(session, username)
    if row.locked_until is not None or row.failed_attempts:
        row.locked_until = None
        row.failed_attempts = 0
        audit.append(session, by, USER_UNLOCKED, at=now, record_ref=account_ref(row.username))
    return record_of(row)


def change_role(
    session: Session,
    by: Actor,
    username: str,
    *,
    role: str,
    hub: str | None,
    now: datetime,
    known_hubs: Collection[str],
) -> StaffRecord | PendingChange:
    """Give an account another role or hub; a new role may wait for a second administrator.

    Raises:
        NotPermitted: not an administrator; no second administrator to approve the role.
        InvalidInput: an unknown role or hub (each named).
        TriageError: no such account; the last administrator losing that role.
    """
    require(by, "manage_accounts")
    row = existing_staff(session, username)
    problems = []
    if role not in role_codes():
        problems.append(Problem("role", f"unknown role '{role}': use {', '.join(role_codes())}"))
    if hub is not None and hub not in known_hubs:
        problems.append(Problem("hub", f"unknown hub '{hub}'"))
    if problems:
        raise InvalidInput(problems)
    if role == row.role:
        if hub != row.hub:
            row.hub = hub
            audit.append(
                session,
                by,
                HUB_CHANGED,
                at=now,
                record_ref=account_ref(row.username),
                reason=f"hub {hub or 'none'}",
            )
        return record_of(row)
    if row.role == ADMINISTRATOR and not row.disabled and active_administrators(session) == 1:
        raise TriageError(
            "this is the last administrator who can sign in; add another one before giving "
            "it another role"
        )
    what = f"giving an account the role {role}"
    if needs_approval_for(session, by, role, what, target=row.username):
        return ask_approval(
            session,
            by,
            kind=ROLE,
            username=row.username,
            password_hash=UNUSABLE,
            now=now,
            role=role,
            hub=hub,
        )
    note = BY_SETTING if reads_records(role) else None
    apply_role(session, by, row, role, hub, now=now, reason=note)
    return record_of(row, note)


def apply_role(
    session: Session,
    by: Actor,
    row: Staff,
    role: str,
    hub: str | None,
    *,
    now: datetime,
    reason: str | None,
) -> None:
    """Put in the new role and hub, and audit it."""
    was = row.role
    row.role, row.hub = role, hub
    why = f"{was} → {role}" + (f"; {reason}" if reason else "")
    audit.append(
        session, by, ROLE_CHANGED, at=now, record_ref=account_ref(row.username), reason=why
    )
