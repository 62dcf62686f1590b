"""When an administrator may grant access to families' records on their own, and when not.

Administrators do not read families' records, so one administrator alone must not be able
to make themselves a reader: add an account with a record-reading role, or reset the
password of such an account and sign in as it. Where the service has a second active
administrator, such a change waits for their approval (``AccountChange``); with only one,
it is refused unless the database setting ``sole_administrator_grants`` allows it — then
it goes ahead, and the command, the audit entry and the account's owner all say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage_app.accounts.roles import ADMINISTRATOR, NotPermitted, reads_records, require
from triage_app.domain.actor import Actor
from triage_app.store import audit, db_settings
from triage_app.store.access_models import AccountChange, Staff

CHANGE_SETTING = "setting_changed"
CHANGE_ASKED = "account_change_asked"
CHANGE_APPROVED = "account_change_approved"
CHANGE_REFUSED = "account_change_refused"
ADD, RESET, ROLE = "add", "reset", "role"
#: Said by the command and the audit whenever the setting let a change through.
BY_SETTING = "no second administrator to approve: allowed by the sole_administrator_grants setting"


def active_administrators(session: Session, *, besides: str | None = None) -> int:
    query = select(func.count(Staff.id)).where(
        Staff.role == ADMINISTRATOR, Staff.disabled.is_(False)
    )
    if besides is not None:
        query = query.where(Staff.username != besides)
    return int(session.execute(query).scalar() or 0)


def sole_grants_allowed(session: Session) -> bool:
    return db_settings.get(session, db_settings.SOLE_ADMINISTRATOR_GRANTS) == "yes"


def needs_approval(session: Session, by: Actor, what: str) -> bool:
    """Whether a second administrator must approve ``what`` (False: the setting allows it).

    Raises:
        NotPermitted: there is no second administrator and the setting does not allow it.
    """
    if active_administrators(session, besides=by.username):
        return True
    if sole_grants_allowed(session):
        return False
    raise NotPermitted(
        f"{what} needs a second administrator's approval, and there is no other administrator "
        "who can sign in: add one, or let a sole administrator do it (the setting on the "
        "Administration page, or 'triage-app users sole-administrator on'; recorded in the "
        "audit trail)"
    )


def needs_approval_for(
    session: Session, by: Actor, role: str, what: str, *, target: str | None = None
) -> bool:
    """Whether changing an account with ``role`` waits for a second administrator.

    A record-reading role: see :func:`needs_approval`. An administrator's account (adding
    one, resetting one's password) gives power to approve, so it waits for another
    administrator where there is one besides ``by`` and the account itself; otherwise it goes
    ahead (a sole administrator must be able to add the second).
    """
    if reads_records(role):
        return needs_approval(session, by, what)
    if role != ADMINISTRATOR:
        return False
    others = select(func.count(Staff.id)).where(
        Staff.role == ADMINISTRATOR,
        Staff.disabled.is_(False),
        Staff.username != by.username,
        Staff.username != (target or ""),
    )
    return bool(session.execute(others).scalar())


def set_sole_administrator_grants(
    session: Session, by: Actor, allowed: bool, *, now: datetime
) -> None:
    """Let (or stop) a sole administrator grant record-reading roles; audited."""
    require(by, "manage_accounts")
    value = "yes" if allowed else "no"
    db_settings.put(session, db_settings.SOLE_ADMINISTRATOR_GRANTS, value, now=now)
    audit.append(session, by, CHANGE_SETTING, at=now, reason=f"sole_administrator_grants: {value}")


@dataclass(frozen=True)
class PendingChange:
    """A change waiting for a second administrator: ``triage-app users approve ID``."""

    id: int
    kind: str
    username: str
    role: str | None
    requested_by: str
    requested_at: datetime


def pending_of(row: AccountChange) -> PendingChange:
    return PendingChange(
        row.id, row.kind, row.username, row.role, row.requested_by, row.requested_at
    )


def ask_approval(
    session: Session,
    by: Actor,
    *,
    kind: str,
    username: str,
    password_hash: str,
    now: datetime,
    role: str | None = None,
    hub: str | None = None,
    display_name: str | None = None,
) -> PendingChange:
    """Record a change for a second administrator to approve; audited, nothing else done."""
    row = AccountChange(
        kind=kind,
        username=username,
        role=role,
        hub=hub,
        display_name=display_name,
        password_hash=password_hash,
        requested_by=by.username,
        requested_at=now,
    )
    session.add(row)
    session.flush()
    audit.append(
        session,
        by,
        CHANGE_ASKED,
        at=now,
        record_ref=f"user:{username}",
        reason=f"change {row.id}: {describe_change(kind, role)}",
    )
    return pending_of(row)


def describe_change(kind: str, role: str | None) -> str:
    if kind == ADD:
        return f"add as {role}"
    return f"change role to {role}" if kind == ROLE else "reset password"
