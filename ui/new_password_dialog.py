"""Choosing one's own password at a sign-in whose password someone else set.

A new account's first password and a reset password are for one sign-in only
(``triage_app.accounts.signin_errors.PasswordChangeRequired``). The sign-in screen and the lock
screen both come here: the message says who set the password and when, the new one is typed
twice, and the accounts service checks the rules and saves it as part of the sign-in.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from triage_app.accounts.signin_errors import PasswordChangeRequired
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from ui.capture.fields import ErrorLabel
from ui.ops import run_op


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]) if text else text


class NewPasswordDialog(QDialog):
    """The new password, typed twice; Cancel signs nobody in.

    An administrator setting someone's one-time password uses it too, under its own ``title``.
    """

    def __init__(
        self, message: str, parent: QWidget | None = None, *, title: str = "Choose your password"
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Here to Help — {title[:1].lower()}{title[1:]}")
        self.setAccessibleName(title)
        self.message = QLabel(_sentence(message) + ".")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.first = QLineEdit()
        self.second = QLineEdit()
        for field, name in ((self.first, "New password"), (self.second, "New password again")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(256)
            field.setAccessibleName(name)
        self.error = ErrorLabel()
        self.error.field = self.first
        form = QFormLayout()
        form.addRow("&New password", self.first)
        form.addRow("&Type it again", self.second)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.first.setFocus(Qt.FocusReason.OtherFocusReason)

    def check(self) -> None:
        """Accept when both are typed alike; the rules are the service's, checked next."""
        if not self.first.text():
            self.error.show_problem("Type the new password.")
        elif self.first.text() != self.second.text():
            self.error.show_problem("The two passwords typed differ.")
            self.second.clear()
            self.second.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, message: str, *, title: str = "Choose your password"
    ) -> str | None:
        dialog = cls(message, parent, title=title)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.first.text()
        dialog.deleteLater()
        return chosen if accepted else None


class ChangingSigner(Protocol):
    """(user name, password[, a new password]) → the signed-in actor, or raises."""

    def __call__(self, username: str, password: str, new_password: str | None = None, /) -> Actor:
        """Sign in; with ``new_password``, in place of a one-time password."""


def sign_in_changing_password(
    parent: QWidget,
    sign: ChangingSigner,
    username: str,
    password: str,
    *,
    on_done: Callable[[Actor], None],
    on_refused: Callable[[TriageError], bool],
) -> bool:
    """Sign in; if the password is a one-time one, ask for a new one and sign in with it.

    Returns True if signed in (either way).
    """
    changed: list[bool] = []

    def refused(e: TriageError) -> bool:
        if not isinstance(e, PasswordChangeRequired):
            return on_refused(e)
        new = NewPasswordDialog.ask(parent, str(e))
        if new is None:
            return on_refused(e)
        changed.append(run_op(parent, lambda: sign(username, password, new), on_done, on_refused))
        return True

    return run_op(parent, lambda: sign(username, password), on_done, refused) or any(changed)
