"""A password someone else set opens one sign-in at the window, which asks for a new one.

The sign-in screen and the lock screen both ask, saying who set the password and when; the
account service saves the new one as part of the sign-in.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from tests.conftest import FIXED_NOW
from tests.ui.conftest import FREEPHONE_DESK
from tests.ui.signin_helpers import CHEAP, add_account, when_modal
from triage_app.accounts.desk import sign_in_at_desk
from triage_app.accounts.signin_errors import SignInFailed
from triage_app.accounts.users import reset_password
from triage_app.domain.actor import Actor
from ui.new_password_dialog import NewPasswordDialog
from ui.signin_dialog import SignInDialog

ADMIN = Actor("a.admin", "administrator", "office")
GIVEN = "given by admin 1"
OWN = "my very own phrase"


def _signer(db):
    def sign(name: str, password: str, new_password: str | None = None) -> Actor:
        return sign_in_at_desk(
            db, name, password, desk=FREEPHONE_DESK, now=FIXED_NOW, policy=CHEAP,
            new_password=new_password,
        )  # fmt: skip

    return sign


def _reset(db) -> None:
    add_account(db, "a.helper", "administrator")
    with db.write() as s:
        reset_password(s, ADMIN, "a.helper", GIVEN, now=FIXED_NOW, policy=CHEAP)


def test_the_window_asks_for_a_new_password_and_says_who_set_it(db, qtbot) -> None:
    _reset(db)
    dialog = SignInDialog(_signer(db))
    qtbot.addWidget(dialog)
    seen: list[str] = []

    def choose(asked: QDialog) -> None:
        assert isinstance(asked, NewPasswordDialog)
        seen.append(asked.message.text())
        asked.first.setText(OWN)
        asked.second.setText("typed differently")
        asked.check()
        assert asked.error.message == "The two passwords typed differ."
        asked.second.setText(OWN)
        asked.check()

    when_modal([(NewPasswordDialog, choose)])
    assert dialog.try_sign_in("a.helper", GIVEN)
    assert dialog.actor is not None and dialog.actor.username == "a.helper"
    assert "set by a.admin on 16 Mar 2026" in seen[0]
    # The given password is spent; the chosen one signs in with no question.
    with pytest.raises(SignInFailed, match=r"^wrong user name or password$"):
        _signer(db)("a.helper", GIVEN)
    assert _signer(db)("a.helper", OWN).username == "a.helper"


def test_cancelling_signs_nobody_in(db, qtbot) -> None:
    _reset(db)
    dialog = SignInDialog(_signer(db))
    qtbot.addWidget(dialog)
    when_modal([(NewPasswordDialog, lambda d: d.reject())])
    assert not dialog.try_sign_in("a.helper", GIVEN)
    assert dialog.actor is None
    assert "choose a new password now" in dialog.form.error.message
