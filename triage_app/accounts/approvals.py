"""A second administrator's decision on a change that grants access to families' records.

``triage-app users pending`` lists what waits, ``users approve ID`` carries a change out
and ``users refuse ID`` drops it. The administrator who asked cannot approve their own
change (they may refuse it, to withdraw it). Each decision is audited; an approved change is
also audited as what it did (``user_added``, ``password_reset``, ``user_role_changed``),
naming both people, and
the account's owner is told at their next sign-in who set their password.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.accounts.account_changes import apply_role
from triage_app.accounts.grants import (
    ADD,
    CHANGE_APPROVED,
    CHANGE_REFUSED,
    ROLE,
    PendingChange,
    describe_change,
    pending_of,
)
from triage_app.accounts.roles import NotPermitted, require
from triage_app.accounts.users import (
    StaffRecord,
    account_ref,
    apply_reset,
    create_account,
    find_staff,
    record_of,
)
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.store import audit
from triage_app.store.access_models import AccountChange
from triage_app.store.audit_models import AuditEntry


def pending_changes(session: Session, by: Actor) -> list[PendingChange]:
    require(by, "manage_accounts")
    rows = session.execute(
        select(AccountChange).where(AccountChange.outcome.is_(None)).order_by(AccountChange.id)
    ).scalars()
    return [pending_of(r) for r in rows]


def _last_reset_by(session: Session, username: str) -> str | None:
    """Who asked for the latest reset of this account's password (None: never reset).

    Someone who reset an administrator's password could have signed in as them, so that
    administrator's approval of their changes would be no second person's. Resetting one's
    own password does not count: whoever holds the account could do that.
    """
    latest = session.execute(
        select(AuditEntry.actor, AuditEntry.reason)
        .where(
            AuditEntry.record_ref == account_ref(username),
            AuditEntry.action == "password_reset",
            AuditEntry.actor != username,
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return None
    actor, reason = latest
    asked = re.search(r"asked by (\S+)", reason or "")
    return asked.group(1) if asked else actor


def _waiting(session: Session, change_id: int) -> AccountChange:
    row = session.get(AccountChange, change_id, with_for_update=True)
    if row is None:
        raise TriageError(f"there is no account change {change_id}")
    if row.outcome is not None:
        raise TriageError(f"account change {change_id} was already {row.outcome}")
    return row


def _decide(session: Session, by: Actor, row: AccountChange, outcome: str, now: datetime) -> None:
    row.outcome, row.decided_by, row.decided_at = outcome, by.username, now
    action = CHANGE_APPROVED if outcome == "approved" else CHANGE_REFUSED
    what = describe_change(row.kind, row.role)
    audit.append(
        session,
        by,
        action,
        at=now,
        record_ref=account_ref(row.username),
        reason=f"change {row.id}: {what}, asked by {row.requested_by}",
    )


def approve_change(session: Session, by: Actor, change_id: int, *, now: datetime) -> StaffRecord:
    """Carry out a waiting change as its second administrator.

    Raises:
        NotPermitted: not an administrator, or the one who asked for it.
        TriageError: no such change, already decided, or the account is taken or gone.
    """
    require(by, "manage_accounts")
    row = _waiting(session, change_id)
    if row.requested_by == by.username:
        raise NotPermitted(
            f"you asked for change {change_id}: another administrator must approve it"
        )
    if _last_reset_by(session, by.username) == row.requested_by:
        raise NotPermitted(
            f"{row.requested_by} last reset your password, so your approval of their change "
            "would not be a second person's: another administrator must approve it"
        )
    set_by = f"{row.requested_by} (approved by {by.username})"
    reason = f"change {row.id}, asked by {row.requested_by}"
    _decide(session, by, row, "approved", now)
    staff = find_staff(session, row.username)
    if row.kind == ADD:
        if staff is not None:
            raise TriageError(f"there is already an account '{row.username}'")
        return create_account(
            session,
            by,
            username=row.username,
            role=row.role or "",
            password_hash=row.password_hash,
            set_by=set_by,
            now=now,
            display_name=row.display_name,
            hub=row.hub,
            reason=f"role {row.role}; {reason}",
        )
    if staff is None:
        raise TriageError(f"there is no account '{row.username}'")
    if row.kind == ROLE:
        apply_role(session, by, staff, row.role or "", row.hub, now=now, reason=reason)
        return record_of(staff)
    apply_reset(session, by, staff, row.password_hash, set_by=set_by, now=now, reason=reason)
    return record_of(staff)


def refuse_change(session: Session, by: Actor, change_id: int, *, now: datetime) -> PendingChange:
    """Drop a waiting change (the administrator who asked may withdraw it this way)."""
    require(by, "manage_accounts")
    row = _waiting(session, change_id)
    _decide(session, by, row, "refused", now)
    return pending_of(row)
