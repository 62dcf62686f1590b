"""The first start: while no account exists, whoever installs the program creates an administrator.

The accounts service checks the user name and password rules and audits the new account
(``user_added``, reason "first administrator"); each problem it finds is shown beside its
field. Escape (or Quit) leaves the program without creating anything.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime

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

from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.roles import ADMINISTRATOR
from triage_app.accounts.users import StaffRecord, add_user, needs_first_administrator
from triage_app.errors import InvalidInput, TriageError
from triage_app.store.database import Database
from ui.capture.fields import ErrorLabel
from ui.ops import run_op
from ui.signin_dialog import sentence

#: (user name, display name, password) → the new account, or raises a ``TriageError``.
Creator = Callable[[str, str, str], StaffRecord]

INTRO = (
    "Nobody has an account yet. Create the first one: an <b>administrator</b>, who adds "
    "the other staff and sets up each desk on the Administration page. An administrator "
    "does not record or read families' requests; someone who does both jobs has two accounts."
)


def needs_first_admin(db: Database) -> bool:
    with db.read() as session:
        return needs_first_administrator(session)


def create_first_admin(
    db: Database,
    username: str,
    display_name: str,
    password: str,
    *,
    now: datetime,
    policy: AccountPolicy,
    known_hubs: Collection[str],
) -> StaffRecord:
    """The first administrator, created and audited by the accounts service."""
    with db.write() as session:
        return add_user(
            session,
            None,
            username=username,
            role=ADMINISTRATOR,
            password=password,
            now=now,
            policy=policy,
            known_hubs=known_hubs,
            display_name=display_name,
        )


class FirstAdminDialog(QDialog):
    def __init__(self, create: Creator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Here to Help — first start")
        self.setAccessibleName("Create the first administrator")
        self._create = create
        self.created: StaffRecord | None = None
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.username = self._field("User name")
        self.display_name = self._field("Display name")
        self.password = self._field("Password", secret=True)
        self.password_again = self._field("Password again", secret=True)
        self.errors = {
            "username": ErrorLabel(),
            "display_name": ErrorLabel(),
            "password": ErrorLabel(),
            "password_again": ErrorLabel(),
        }
        self.general_error = ErrorLabel()
        form = QFormLayout()
        rows = (
            ("&User name", self.username, "username"),
            ("&Display name", self.display_name, "display_name"),
            ("&Password", self.password, "password"),
            ("Password &again", self.password_again, "password_again"),
        )
        for text, field, key in rows:
            caption = QLabel(text)
            caption.setBuddy(field)
            form.addRow(caption, field)
            self.errors[key].field = field
            form.addRow("", self.errors[key])
        hint = QLabel("User names are lower-case (for example <tt>a.admin</tt>); passwords "
                      "at least 10 characters — a pass-phrase is best.")  # fmt: skip
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.create_button = self.buttons.addButton(
            "&Create administrator", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.quit_button = self.buttons.addButton("&Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.try_create)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    @staticmethod
    def _field(name: str, *, secret: bool = False) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setMaxLength(256 if secret else 80)
        if secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def fill(self, username: str, display_name: str, password: str, again: str) -> None:
        """Type into every field at once (for tests and scripted set-ups)."""
        self.username.setText(username)
        self.display_name.setText(display_name)
        self.password.setText(password)
        self.password_again.setText(again)

    def _clear_errors(self) -> None:
        for label in (*self.errors.values(), self.general_error):
            label.clear_problem()

    def try_create(self) -> bool:
        """Create the account, or show each problem beside its field. True if created."""
        self._clear_errors()
        if self.password.text() != self.password_again.text():
            self.errors["password_again"].show_problem("The two passwords differ; type it again.")
            self.password_again.clear()
            self.password_again.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        create = self._create
        name, shown, password = (
            self.username.text().strip(),
            self.display_name.text().strip(),
            self.password.text(),
        )
        return run_op(self, lambda: create(name, shown, password), self._created, self._refused)

    def _refused(self, e: TriageError) -> bool:
        problems = e.problems if isinstance(e, InvalidInput) else ()
        first: QWidget | None = None
        for p in problems:
            label = self.errors.get(p.field, self.general_error)
            label.show_problem(sentence(p.message))
            first = first or label.field
        if not problems:
            self.general_error.show_problem(sentence(str(e)))
        (first or self.username).setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _created(self, record: StaffRecord) -> None:
        self.created = record
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, create: Creator) -> StaffRecord | None:
        """The new administrator's account, or None when staff chose to quit."""
        dialog = cls(create, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        created = dialog.created
        dialog.deleteLater()
        return created if accepted else None
