"""Signing in: a user name and password checked by ``triage_app.accounts``, errors in plain words.

:class:`SignInForm` is the two fields and the button; the start-up :class:`SignInDialog` and
the lock screen (``ui.lock``) both use it. The check itself — failure count, lockout, audit
entry — is :func:`triage_app.accounts.signin.sign_in`; this module only asks it, through
:func:`ui.ops.run_op`, and shows its message.

Signals:
    SignInForm.submitted(str, str): the user name and password typed, when both are given.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from ui.capture.fields import ErrorLabel
from ui.new_password_dialog import ChangingSigner, sign_in_changing_password

#: (user name, password[, a new password]) → the signed-in actor, or raises ``SignInFailed``
#: (a ``TriageError``); ``PasswordChangeRequired`` asks for the new one.
Signer = ChangingSigner


def sentence(text: str) -> str:
    """A service message as a sentence: capital first letter, full stop."""
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


class SignInForm(QWidget):
    submitted = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Sign in")
        self.username = QLineEdit()
        self.username.setAccessibleName("User name")
        self.username.setMaxLength(50)
        self.username.setInputMethodHints(Qt.InputMethodHint.ImhNoAutoUppercase)
        self.password = QLineEdit()
        self.password.setAccessibleName("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(256)
        self.error = ErrorLabel()
        self.error.field = self.password
        self.sign_in_button = QPushButton("&Sign in")
        self.sign_in_button.setAccessibleName("Sign in")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setAutoDefault(True)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.sign_in_button)
        form = QFormLayout()
        for text, field in (("&User name", self.username), ("&Password", self.password)):
            caption = QLabel(text)
            caption.setBuddy(field)
            form.addRow(caption, field)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(self.buttons)
        self.sign_in_button.clicked.connect(self.submit)
        self.username.returnPressed.connect(self._next)
        self.password.returnPressed.connect(self.submit)

    def _next(self) -> None:
        if self.password.text():
            self.submit()
        else:
            self.password.setFocus(Qt.FocusReason.TabFocusReason)

    def submit(self) -> None:
        """Hand on what was typed; an empty field is pointed out, never sent to be audited."""
        name, password = self.username.text().strip(), self.password.text()
        if not name:
            self.show_error("Type your user name.")
            self.username.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not password:
            self.show_error("Type your password.")
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.submitted.emit(name, password)

    def show_error(self, message: str) -> None:
        self.error.show_problem(sentence(message))

    def refused(self, message: str) -> None:
        """A refused sign-in: the message, the password cleared and ready to type again."""
        self.show_error(message)
        self.password.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def reset(self, username: str = "") -> None:
        """Empty (or with ``username`` filled in), no message, focus where typing starts."""
        self.error.clear_problem()
        self.username.setText(username)
        self.password.clear()
        self.focus_first()

    def focus_first(self) -> None:
        field = self.password if self.username.text() else self.username
        field.setFocus(Qt.FocusReason.OtherFocusReason)


class SignInDialog(QDialog):
    """The start-up sign-in. Escape (or Quit) leaves the program: nothing opens unsigned."""

    def __init__(
        self, signer: Signer, *, username: str = "", note: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Here to Help — sign in")
        self.setAccessibleName("Sign in to Here to Help")
        self._signer = signer
        self.actor: Actor | None = None
        heading = QLabel("<b>Sign in to Here to Help</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.form = SignInForm()
        self.quit_button = QPushButton("&Quit")
        self.quit_button.setAccessibleName("Quit")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        self.form.buttons.insertWidget(0, self.quit_button)
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.note.setVisible(bool(note))
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.note)
        layout.addWidget(self.form)
        self.form.submitted.connect(self.try_sign_in)
        self.form.reset(username)
        self.setMinimumWidth(420)

    def set_note(self, note: str) -> None:
        """A line above the fields, e.g. that the first administrator has been created."""
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def try_sign_in(self, username: str, password: str) -> bool:
        """Ask the accounts service; accept with the actor, or show why not. True if signed in."""
        signer = self._signer

        def refused(e: TriageError) -> bool:
            self.form.refused(str(e))
            return True

        return sign_in_changing_password(
            self, signer, username, password, on_done=self._signed_in, on_refused=refused
        )

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, signer: Signer, *, username: str = "", note: str = ""
    ) -> Actor | None:
        """The signed-in actor, or None when staff chose to quit."""
        dialog = cls(signer, username=username, note=note, parent=parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        actor = dialog.actor
        dialog.deleteLater()
        return actor if accepted else None
