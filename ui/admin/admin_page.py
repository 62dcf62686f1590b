"""The Administration page: staff accounts, changes waiting for approval, this desk, a setting.

Everything an administrator once did with ``triage-app users …`` and the desk settings,
done in the window. Wiring only: every rule (who may, what waits for a second
administrator, the last administrator kept) is the accounts service's, and every change is
audited there. Each call goes through :func:`ui.ops.run_op`.

Signals:
    status(str): a short message for the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_app.accounts.account_changes import change_role, unlock_user
from triage_app.accounts.approvals import approve_change, pending_changes, refuse_change
from triage_app.accounts.grants import (
    PendingChange,
    set_sole_administrator_grants,
    sole_grants_allowed,
)
from triage_app.accounts.roles import allowed
from triage_app.accounts.users import (
    StaffRecord,
    add_user,
    disable_user,
    enable_user,
    list_users,
    reset_password,
)
from triage_app.settings import describe
from ui.admin.account_dialogs import NewAccount, NewAccountDialog, RoleDialog
from ui.admin.account_lists import AccountsModel, PendingModel, said_of
from ui.context import WindowContext
from ui.new_password_dialog import NewPasswordDialog
from ui.ops import run_op
from ui.table_model import rows_table

Outcome = StaffRecord | PendingChange


@dataclass(frozen=True)
class AdminView:
    users: list[StaffRecord]
    pending: list[PendingChange]
    sole_grants: bool


def _button(text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text.replace("&", "").rstrip("…"))
    button.setToolTip(tip)
    button.clicked.connect(slot)
    return button


def _heading(text: str, buddy: QWidget | None = None) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    if buddy is not None:
        label.setBuddy(buddy)
    return label


class AdminPage(QWidget):
    status = Signal(str)

    def __init__(self, context: Callable[[], WindowContext], edit_desk: Callable[[], None]) -> None:
        super().__init__()
        self.setAccessibleName("Administration")
        self._context = context
        ctx = context()
        self.accounts = AccountsModel(ctx.vocab.hub.label, self)
        self.accounts_table = rows_table(self.accounts, "Staff accounts")
        self.pending = PendingModel(self)
        self.pending_table = rows_table(self.pending, "Changes waiting for approval")
        self.add_button = _button("&Add account…", "A new member of staff", self.add_account)
        self.disable_button = _button("&Disable", "Stop this account signing in", self.disable)
        self.enable_button = _button("&Enable", "Let this account sign in again", self.enable)
        self.reset_button = _button(
            "Reset &password…", "A password for one sign-in, lifting any lock", self.new_password
        )
        self.unlock_button = _button(
            "Un&lock", "Lift the lock after too many wrong passwords", self.unlock
        )
        self.role_button = _button("Change r&ole or hub…", "Another role or hub", self.change_role)
        self.approve_button = _button("Appro&ve", "Carry out this change", self.approve)
        self.refuse_button = _button("De&cline", "Drop this change", self.refuse)
        self.desk_text = QLabel()
        self.desk_text.setWordWrap(True)
        self.desk_button = _button(
            "Set &up this desk…", "Freephone line or a hub's reception (Ctrl+,)", edit_desk
        )
        self.sole_grants = QCheckBox(
            "A &sole administrator may give roles that read families' records "
            "(each time recorded in the audit trail)"
        )
        self.sole_grants.setAccessibleName("A sole administrator may give record-reading roles")
        self.sole_grants.clicked.connect(self.set_sole_grants)
        self._lay_out()

    def _lay_out(self) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(_heading("Staff accounts", self.accounts_table))
        layout.addWidget(self.accounts_table, 3)
        row = QHBoxLayout()
        for button in (
            self.add_button,
            self.disable_button,
            self.enable_button,
            self.reset_button,
            self.unlock_button,
            self.role_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(_heading("&Waiting for a second administrator", self.pending_table))
        layout.addWidget(self.pending_table, 1)
        row = QHBoxLayout()
        row.addWidget(self.approve_button)
        row.addWidget(self.refuse_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(_heading("This desk"))
        row = QHBoxLayout()
        row.addWidget(self.desk_text, 1)
        row.addWidget(self.desk_button)
        layout.addLayout(row)
        layout.addWidget(_heading("Settings"))
        layout.addWidget(self.sole_grants)

    # --- reading -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def reset(self) -> None:
        """Forget what was shown (someone else signed in); read again when shown."""
        self.accounts.set_rows([])
        self.pending.set_rows([])
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        ctx = self._context()
        self._show_desk()
        if not allowed(ctx.actor.role, "manage_accounts"):
            return

        def op() -> AdminView:
            with ctx.db.read() as session:
                return AdminView(
                    list_users(session, ctx.actor),
                    pending_changes(session, ctx.actor),
                    sole_grants_allowed(session),
                )

        run_op(self, op, self._show, title="Administration")

    def _show(self, view: AdminView) -> None:
        self.accounts.now = self._context().now()
        self.accounts.set_rows(view.users)
        self.pending.set_rows(view.pending)
        self.sole_grants.setChecked(view.sole_grants)
        self.approve_button.setEnabled(bool(view.pending))
        self.refuse_button.setEnabled(bool(view.pending))

    def _show_desk(self) -> None:
        ctx = self._context()
        where = describe(ctx.desk) if ctx.desk_configured else "not set up yet (freephone line)"
        self.desk_text.setText(f"This PC: {where}.")

    def selected_account(self) -> StaffRecord | None:
        index = self.accounts_table.currentIndex()
        return self.accounts.row_at(index.row()) if index.isValid() else None

    def _chosen_account(self) -> StaffRecord | None:
        """The account chosen in the list; if none, the status bar asks for one."""
        record = self.selected_account()
        if record is None:
            self.status.emit("Choose an account in the list first.")
        return record

    def selected_change(self) -> PendingChange | None:
        index = self.pending_table.currentIndex()
        return self.pending.row_at(index.row()) if index.isValid() else None

    def select_account(self, username: str) -> None:
        for row in range(self.accounts.rowCount()):
            if self.accounts.row_at(row).username == username:
                self.accounts_table.selectRow(row)
                return

    # --- changing ------------------------------------------------------------------------

    def _change(self, op: Callable[[], object], said: Callable[[object], str]) -> bool:
        """Run one audited change, then say what happened and show the lists again."""

        def done(outcome: object) -> None:
            self.refresh()
            self.status.emit(said(outcome))

        return run_op(self, op, done, title="Administration")

    def _account_op(self, what: str, service: Callable[..., Outcome]) -> None:
        record = self._chosen_account()
        if record is None:
            return
        ctx = self._context()

        def op() -> Outcome:
            with ctx.db.write() as session:
                return service(session, ctx.actor, record.username, now=ctx.now())

        self._change(op, lambda outcome: said_of(outcome, what))
        self.select_account(record.username)

    def disable(self) -> None:
        self._account_op("disabled", disable_user)

    def enable(self) -> None:
        self._account_op("enabled", enable_user)

    def unlock(self) -> None:
        self._account_op("unlocked", unlock_user)

    def add_account(self) -> Outcome | None:
        ctx = self._context()

        def create(account: NewAccount) -> Outcome:
            with ctx.db.write() as session:
                return add_user(
                    session,
                    ctx.actor,
                    username=account.username,
                    role=account.role,
                    password=account.password,
                    now=ctx.now(),
                    policy=ctx.accounts,
                    known_hubs=ctx.vocab.hub.codes,
                    display_name=account.display_name,
                    hub=account.hub,
                )

        outcome: Outcome | None = NewAccountDialog(ctx.vocab, create, self).run()
        self._after(outcome, "added")
        return outcome

    def change_role(self) -> Outcome | None:
        record = self._chosen_account()
        if record is None:
            return None
        ctx = self._context()

        def change(role: str, hub: str | None) -> Outcome:
            with ctx.db.write() as session:
                return change_role(
                    session,
                    ctx.actor,
                    record.username,
                    role=role,
                    hub=hub,
                    now=ctx.now(),
                    known_hubs=ctx.vocab.hub.codes,
                )

        current = (record.username, record.role, record.hub)
        outcome: Outcome | None = RoleDialog(ctx.vocab, current, change, self).run()
        self._after(outcome, "changed")
        return outcome

    def new_password(self) -> Outcome | None:
        """A one-time password for the chosen account (typed twice), lifting any lock."""
        record = self._chosen_account()
        if record is None:
            return None
        password = NewPasswordDialog.ask(
            self,
            f"A password for {record.username}'s next sign-in only: they choose their own at "
            "once. Tell it to them in person",
            title=f"New password for {record.username}",
        )
        if password is None:
            return None
        ctx = self._context()
        outcome: list[Outcome] = []

        def op() -> Outcome:
            with ctx.db.write() as session:
                outcome.append(
                    reset_password(
                        session,
                        ctx.actor,
                        record.username,
                        password,
                        now=ctx.now(),
                        policy=ctx.accounts,
                    )
                )
            return outcome[0]

        self._change(op, lambda o: said_of(o, "reset"))
        self.select_account(record.username)
        return outcome[0] if outcome else None

    def _decide(self, decide: Callable[..., object], what: str) -> None:
        change = self.selected_change()
        if change is None:
            self.status.emit("Choose a change in the list first.")
            return
        ctx = self._context()

        def op() -> object:
            with ctx.db.write() as session:
                return decide(session, ctx.actor, change.id, now=ctx.now())

        self._change(op, lambda _o: f"Change {change.id:,} {what}.")

    def approve(self) -> None:
        self._decide(approve_change, "approved and carried out")

    def refuse(self) -> None:
        self._decide(refuse_change, "refused")

    def set_sole_grants(self, on: bool) -> None:
        ctx = self._context()

        def op() -> None:
            with ctx.db.write() as session:
                set_sole_administrator_grants(session, ctx.actor, on, now=ctx.now())

        said = "may" if on else "may no longer"
        if not self._change(
            op, lambda _o: f"A sole administrator {said} give record-reading roles."
        ):
            self.sole_grants.setChecked(not on)

    def _after(self, outcome: Outcome | None, what: str) -> None:
        if outcome is not None:
            self.refresh()
            self.select_account(outcome.username)
            self.status.emit(said_of(outcome, what))
