"""The Administration page's two lists, accounts and waiting changes, and what it says.

Plain words for each account's state (what its owner will meet at the sign-in screen) and
for what a change did or is waiting for.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QWidget

from triage_app.accounts.grants import PendingChange, describe_change
from triage_app.accounts.roles import role_label
from triage_app.accounts.users import StaffRecord
from ui.table_model import RowsModel


def account_state(record: StaffRecord, now: datetime) -> str:
    """An account's state in words: what its owner will meet at the sign-in screen."""
    if record.disabled:
        return "Disabled"
    if record.locked_until is not None and record.locked_until > now:
        return f"Locked until {record.locked_until.astimezone().strftime('%H:%M')}"
    if record.one_time_password:
        return "Must choose a password at next sign-in"
    return "Active"


class AccountsModel(RowsModel[StaffRecord]):
    COL_USERNAME, COL_NAME, COL_ROLE, COL_HUB, COL_STATE = range(5)
    HEADERS = ("User name", "Name", "Role", "Hub", "State")

    def __init__(self, hub_label: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hub_label = hub_label
        self.now: datetime | None = None

    def text(self, item: StaffRecord, column: int) -> str:
        if column == self.COL_USERNAME:
            return item.username
        if column == self.COL_NAME:
            return item.display_name
        if column == self.COL_ROLE:
            return role_label(item.role).capitalize()
        if column == self.COL_HUB:
            return self._hub_label(item.hub) if item.hub else "—"
        return account_state(item, self.now or item.created_at)


class PendingModel(RowsModel[PendingChange]):
    COL_ID, COL_CHANGE, COL_ACCOUNT, COL_ASKED_BY = range(4)
    HEADERS = ("Number", "Change", "Account", "Asked by")
    NUMBERS = (COL_ID,)

    def text(self, item: PendingChange, column: int) -> str:
        if column == self.COL_ID:
            return f"{item.id:,}"
        if column == self.COL_CHANGE:
            return describe_change(item.kind, role_label(item.role)).capitalize()
        if column == self.COL_ACCOUNT:
            return item.username
        return item.requested_by


def said_of(outcome: object, what: str) -> str:
    """What the status bar says after a change: done, or waiting for whom."""
    if isinstance(outcome, PendingChange):
        return (
            f"Change {outcome.id:,} ({describe_change(outcome.kind, role_label(outcome.role))} for "
            f"{outcome.username}) waits for a second administrator's approval."
        )
    if isinstance(outcome, StaffRecord):
        note = f" ({outcome.note})" if outcome.note else ""
        return f"Account {outcome.username} {what}{note}."
    return "Done."
