"""The forms an administrator fills in for an account: a new one, and a new role or hub.

Each returns plain values (``ask(...) -> values | None``); the accounts service decides
whether they will do, and the page shows its problems beside the fields when it refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from triage_app.accounts.roles import ROLES
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import InvalidInput, TriageError
from ui.capture.fields import ErrorLabel
from ui.ops import run_op
from ui.signin_dialog import sentence


@dataclass(frozen=True)
class NewAccount:
    username: str
    display_name: str
    role: str
    hub: str | None
    password: str


def role_box(name: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    for role in ROLES:
        box.addItem(role.label[:1].upper() + role.label[1:], role.code)
    return box


def hub_box(vocab: Vocabularies, name: str) -> QComboBox:
    box = QComboBox()
    box.setAccessibleName(name)
    box.addItem("No hub", None)
    for hub in vocab.hubs:
        box.addItem(hub.name, hub.code)
    return box


class FieldsDialog(QDialog):
    """A form of captioned fields, each with its problem beside it, and Save / Cancel."""

    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Here to Help — {title[:1].lower()}{title[1:]}")
        self.setAccessibleName(title)
        self.errors: dict[str, ErrorLabel] = {}
        self.general_error = ErrorLabel()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept_if_complete)
        self.buttons.rejected.connect(self.reject)
        text = QLabel(intro)
        text.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(self.form)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def add_field(self, caption: str, field: QWidget, key: str) -> None:
        label = QLabel(caption)
        label.setBuddy(field)
        self.form.addRow(label, field)
        error = ErrorLabel()
        error.field = field
        self.errors[key] = error
        self.form.addRow("", error)

    def clear_problems(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear_problem()

    def show_refusal(self, e: TriageError) -> None:
        """Each of the service's problems beside its field; the rest below the form."""
        self.clear_problems()
        problems = e.problems if isinstance(e, InvalidInput) else ()
        first: QWidget | None = None
        for p in problems:
            label = self.errors.get(p.field.replace(" ", "_"), self.general_error)
            label.show_problem(sentence(p.message))
            first = first or label.field
        if not problems:
            self.general_error.show_problem(sentence(str(e)))
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept_if_complete(self) -> None:
        self.carry_out()

    def carry_out(self) -> bool:
        """Hand the form to the service; closes with its outcome, or shows why it refused."""
        return run_op(self, self.submit, self._done, self._refused)

    def submit(self) -> Any:
        raise NotImplementedError

    def _done(self, outcome: object) -> None:
        self.outcome = outcome
        self.accept()

    def _refused(self, e: TriageError) -> bool:
        self.show_refusal(e)
        return True

    def run(self) -> Any:
        """The service's outcome once saved; None when cancelled."""
        self.outcome = None
        accepted = self.exec() == QDialog.DialogCode.Accepted
        self.deleteLater()
        return self.outcome if accepted else None


class NewAccountDialog(FieldsDialog):
    """A new account: its name, role, hub and a password for its owner's first sign-in."""

    def __init__(
        self,
        vocab: Vocabularies,
        create: Callable[[NewAccount], object],
        parent: QWidget | None = None,
    ) -> None:
        self._create = create
        super().__init__(
            "Add an account",
            "The password is for one sign-in: its owner chooses their own at once. Tell it "
            "to them in person, not by email.",
            parent,
        )
        self.username = QLineEdit()
        self.username.setAccessibleName("User name")
        self.username.setMaxLength(50)
        self.display_name = QLineEdit()
        self.display_name.setAccessibleName("Display name")
        self.display_name.setMaxLength(80)
        self.role = role_box("Role")
        self.hub = hub_box(vocab, "Hub")
        self.password = QLineEdit()
        self.password_again = QLineEdit()
        for secret, name in ((self.password, "Password"), (self.password_again, "Password again")):
            secret.setEchoMode(QLineEdit.EchoMode.Password)
            secret.setMaxLength(256)
            secret.setAccessibleName(name)
        fields: tuple[tuple[str, QWidget, str], ...] = (
            ("&User name", self.username, "username"),
            ("&Display name", self.display_name, "display_name"),
            ("&Role", self.role, "role"),
            ("&Hub", self.hub, "hub"),
            ("&Password", self.password, "password"),
            ("Password &again", self.password_again, "password_again"),
        )
        for caption, field, key in fields:
            self.add_field(caption, field, key)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def fill(self, account: NewAccount, again: str | None = None) -> None:
        """Type into every field at once (for tests and scripted set-ups)."""
        self.username.setText(account.username)
        self.display_name.setText(account.display_name)
        self.role.setCurrentIndex(max(self.role.findData(account.role), 0))
        self.hub.setCurrentIndex(max(self.hub.findData(account.hub), 0) if account.hub else 0)
        self.password.setText(account.password)
        self.password_again.setText(account.password if again is None else again)

    def account(self) -> NewAccount:
        return NewAccount(
            self.username.text().strip(),
            self.display_name.text().strip(),
            str(self.role.currentData()),
            self.hub.currentData(),
            self.password.text(),
        )

    def accept_if_complete(self) -> None:
        self.clear_problems()
        if self.password.text() != self.password_again.text():
            self.errors["password_again"].show_problem("The two passwords differ; type it again.")
            self.password_again.clear()
            self.password_again.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.carry_out()

    def submit(self) -> object:
        return self._create(self.account())


class RoleDialog(FieldsDialog):
    """Another role or hub for an account."""

    def __init__(
        self,
        vocab: Vocabularies,
        current: tuple[str, str, str | None],
        change: Callable[[str, str | None], object],
        parent: QWidget | None = None,
    ) -> None:
        username, role, hub = current
        self._change = change
        super().__init__(
            f"Role and hub of {username}",
            "A role that reads families' records waits for a second administrator's approval "
            "where there is one.",
            parent,
        )
        self.role = role_box("Role")
        self.hub = hub_box(vocab, "Hub")
        self.role.setCurrentIndex(max(self.role.findData(role), 0))
        self.hub.setCurrentIndex(max(self.hub.findData(hub), 0) if hub else 0)
        self.add_field("&Role", self.role, "role")
        self.add_field("H&ub", self.hub, "hub")
        self.role.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen(self) -> tuple[str, str | None]:
        return str(self.role.currentData()), self.hub.currentData()

    def submit(self) -> object:
        return self._change(*self.chosen())
