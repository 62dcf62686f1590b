"""The idle lock and switch user: everything hidden, the draft kept, the right person back."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
)
from sqlalchemy import select

from tests.ui.conftest import FREEPHONE_DESK, RECEPTION_DESK
from tests.ui.signin_helpers import NEVER_MS, PASSWORD, add_account, lockable_window, signed_in
from triage_app.services import drafts
from triage_app.settings import DeskSettings
from triage_app.store.audit_models import AuditEntry
from triage_app.store.draft_models import Draft
from ui.lock import DEFAULT_IDLE_MINUTES, IDLE_ENV, LOCKED_TITLE, idle_minutes
from ui.ops import show_message

SURNAME = "Testcase-Locksmith"  # synthetic
NARRATIVE = "Synthetic story typed before the lock."


@pytest.fixture
def staff(db):
    add_account(db, "r.one", "receptionist", hub="mosaic")
    add_account(db, "r.two", "receptionist", hub="mosaic")


@pytest.fixture
def window(db, staff, qtbot, make_context):
    actor = signed_in(db, "r.one", RECEPTION_DESK)
    return lockable_window(qtbot, make_context, actor, RECEPTION_DESK, NEVER_MS)


def type_a_request(window) -> None:
    family = window.capture.form.family
    family.last_name.setFocus()
    QTest.keyClicks(family.last_name, SURNAME)
    window.capture.form.values()  # what the form would save now


def shown_text() -> list[str]:
    """Every piece of text any visible window shows: fields, labels, buttons, titles."""
    texts: list[str] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        texts.append(top.windowTitle())
        for w in top.findChildren(QLineEdit) + top.findChildren(QLabel):
            if w.isVisible():
                texts.append(w.text())
        for w in top.findChildren(QPlainTextEdit):
            if w.isVisible():
                texts.append(w.toPlainText())
        for w in top.findChildren(QTextEdit):
            if w.isVisible():
                texts.append(w.toPlainText())
        for w in top.findChildren(QAbstractButton):
            if w.isVisible():
                texts.append(w.text())
    return texts


def open_drafts(db) -> list[Draft]:
    with db.read() as s:
        return list(s.execute(select(Draft).where(Draft.status == drafts.OPEN)).scalars())


def unlock(qtbot, lock, username: str, password: str = PASSWORD) -> None:
    form = lock.screen.form
    form.username.setText(username)
    form.password.setText(password)
    with qtbot.waitSignal(lock.unlocked):
        form.submit()


def test_idle_lock_hides_everything_and_keeps_the_draft(window, db, qtbot):
    type_a_request(window)
    lock = window.screen_lock
    with qtbot.waitSignal(lock.locked):
        lock.watch.set_timeout_ms(50)  # a few idle minutes, injected short

    assert not window.capture.isVisible()
    assert not window.capture.form.family.last_name.isVisible()
    assert window.centralWidget() is lock.screen and lock.screen.isVisible()
    assert window.windowTitle() == LOCKED_TITLE
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert not any(SURNAME in text for text in shown_text())
    assert QApplication.focusWidget() is lock.screen.form.password  # "r.one" filled in
    [draft] = open_drafts(db)  # written when it locked, before the autosave's pause
    assert (draft.author, draft.desk) == ("r.one", RECEPTION_DESK.desk_name)
    assert draft.payload["family"]["last_name"] == SURNAME


def test_same_user_gets_everything_back(window, db, qtbot):
    type_a_request(window)
    window.capture.form.story.text.setPlainText(NARRATIVE)
    window.capture.form.story.text.setFocus()
    lock = window.screen_lock
    lock.lock()
    [before] = open_drafts(db)

    unlock(qtbot, lock, "r.one")

    assert window.centralWidget() is not lock.screen
    qtbot.waitUntil(window.capture.form.family.last_name.isVisible)
    assert window.capture.form.family.last_name.text() == SURNAME
    assert window.capture.form.story.text.toPlainText() == NARRATIVE
    assert window.capture.autosave.draft_id == before.draft_id
    assert window.windowTitle() != LOCKED_TITLE and window.menuBar().isVisible()
    assert QApplication.focusWidget() is window.capture.form.story.text
    assert window.ctx.actor.username == "r.one"
    with db.read() as s:
        signins = s.execute(select(AuditEntry.actor).where(AuditEntry.action == "sign_in"))
        assert list(signins.scalars()) == ["r.one", "r.one"]  # the unlock is a sign-in


def test_another_user_starts_clean_and_the_draft_stays_with_its_author(window, db, qtbot):
    type_a_request(window)
    lock = window.screen_lock
    with qtbot.waitSignal(lock.locked):
        QTest.keySequence(window, QKeySequence("Ctrl+Shift+L"))  # switch user
    assert lock.screen.form.username.text() == ""  # ready for the next person

    unlock(qtbot, lock, "r.two")

    assert window.ctx.actor.username == "r.two"
    assert window.capture.form.family.last_name.text() == ""
    assert not window.capture.has_unsaved()
    assert window.desk_status.staff.text() == "Signed in: r.two (receptionist)"
    [draft] = open_drafts(db)
    assert draft.author == "r.one" and draft.payload["family"]["last_name"] == SURNAME
    # r.two's typing is a draft of its own, never written over r.one's
    window.capture.form.family.last_name.setText("Othercase")
    window.capture.autosave.flush()
    authors = sorted((d.author, d.payload["family"]["last_name"]) for d in open_drafts(db))
    assert authors == [("r.one", SURNAME), ("r.two", "Othercase")]


def test_wrong_password_keeps_it_locked(window, db, qtbot):
    type_a_request(window)
    lock = window.screen_lock
    lock.lock()
    lock.screen.form.password.setText("not it at all")
    lock.screen.form.submit()
    assert lock.is_locked
    assert lock.screen.form.error.message == "Wrong user name or password."
    assert not window.capture.isVisible()
    with db.read() as s:
        failed = s.execute(select(AuditEntry).where(AuditEntry.action == "sign_in_failed"))
        assert [e.actor for e in failed.scalars()] == ["r.one"]


def test_ctrl_l_locks_and_shortcuts_stop_while_locked(window, db, qtbot):
    type_a_request(window)
    lock = window.screen_lock
    with qtbot.waitSignal(lock.locked):
        QTest.keySequence(window, QKeySequence("Ctrl+L"))
    assert not window.menus.save_action.isEnabled() and not window.menus.new_action.isEnabled()
    QTest.keySequence(window, QKeySequence("Ctrl+S"))
    QTest.keySequence(window, QKeySequence("Ctrl+1"))
    assert lock.is_locked and window.capture.last_saved is None
    unlock(qtbot, lock, "r.one")
    assert window.menus.save_action.isEnabled()


def test_a_message_open_at_lock_time_is_hidden_and_comes_back(window, qtbot):
    box = show_message(window, "Something", f"About {SURNAME}")
    qtbot.waitUntil(box.isVisible)
    lock = window.screen_lock
    lock.lock()
    assert not box.isVisible()
    assert not any(SURNAME in text for text in shown_text())
    unlock(qtbot, lock, "r.one")
    qtbot.waitUntil(box.isVisible)
    box.close()


def test_a_message_is_closed_when_someone_else_signs_in(window, qtbot):
    box = show_message(window, "Something", f"About {SURNAME}")
    qtbot.waitUntil(box.isVisible)
    lock = window.screen_lock
    lock.lock()
    unlock(qtbot, lock, "r.two")
    assert not box.isVisible()


def test_input_keeps_it_unlocked(window, qtbot):
    """Typing restarts the idle count: the lock comes only after input stops."""
    lock = window.screen_lock
    lock.watch.set_timeout_ms(NEVER_MS)
    field = window.capture.form.family.last_name
    field.setFocus()
    for letter in "Typing":
        QTest.keyClick(field, letter)
        assert lock.watch._timer.remainingTime() > NEVER_MS - 60_000  # restarted by the key
    assert not lock.is_locked


@pytest.mark.parametrize(
    ("desk", "environ", "minutes"),
    [
        (RECEPTION_DESK, {}, 3.0),
        (FREEPHONE_DESK, {}, DEFAULT_IDLE_MINUTES),
        (RECEPTION_DESK, {IDLE_ENV: "5"}, 5.0),
        (FREEPHONE_DESK, {IDLE_ENV: "0.5"}, 0.5),
        (RECEPTION_DESK, {IDLE_ENV: "soon"}, 3.0),
        (RECEPTION_DESK, {IDLE_ENV: "0"}, 3.0),
        (RECEPTION_DESK, {IDLE_ENV: "-2"}, 3.0),
        (RECEPTION_DESK, {IDLE_ENV: "nan"}, 3.0),
        (FREEPHONE_DESK, {IDLE_ENV: "1e9"}, 24 * 60.0),
    ],
)
def test_idle_minutes(desk: DeskSettings, environ, minutes):
    assert idle_minutes(desk, environ) == minutes
