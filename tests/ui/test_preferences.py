"""Text size and high contrast: each person's own, set from the window, kept with the account
and applied whenever they sign in, at any desk."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette

from tests.ui.conftest import FREEPHONE_DESK, RECEPTION_DESK
from tests.ui.signin_helpers import (
    NEVER_MS,
    add_account,
    lockable_window,
    signed_in,
    when_modal,
)
from triage_app.accounts.preferences import Preferences, preferences_of
from ui.main_window import MainWindow
from ui.preferences import PreferencesDialog


def open_window(qtbot, make_context, db, username: str, desk=FREEPHONE_DESK) -> MainWindow:
    return lockable_window(qtbot, make_context, signed_in(db, username, desk), desk, NEVER_MS)


def test_a_person_sets_their_own_and_finds_them_at_another_desk(qtbot, make_context, db, qapp):
    add_account(db, "c.handler", "call_handler")
    add_account(db, "r.ception", "receptionist", hub="mosaic")
    window = open_window(qtbot, make_context, db, "c.handler")
    system = qapp.font().pointSizeF()
    assert window.look.action.isEnabled()  # no administrator needed

    def larger_and_contrasting(dialog: PreferencesDialog) -> None:
        dialog.text_size.setCurrentIndex(dialog.text_size.findData(150))
        dialog.high_contrast.setChecked(True)
        dialog.accept()

    when_modal([(PreferencesDialog, larger_and_contrasting)])
    window.look.action.trigger()
    assert qapp.font().pointSizeF() == system * 1.5
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert "text at 150 %" in window.statusBar().currentMessage()
    with db.read() as s:
        assert preferences_of(s, "c.handler") == Preferences(150, True)

    window.set_actor(signed_in(db, "r.ception", FREEPHONE_DESK))  # someone else: their own
    assert qapp.font().pointSizeF() == system
    assert qapp.property("highContrast") is False
    window.close()

    elsewhere = open_window(qtbot, make_context, db, "c.handler", RECEPTION_DESK)
    assert qapp.font().pointSizeF() == system * 1.5  # applied at sign-in, at another desk
    assert qapp.property("highContrast") is True
    elsewhere.close()
    elsewhere.look.preferences = Preferences()
    elsewhere.look.apply()  # leave the application as the next test expects it


def test_signing_in_with_the_same_look_restyles_nothing_and_a_change_does(qapp, monkeypatch):
    """Setting the style sheet, even the same one, restyles every widget (0.3 to 1 s at each
    sign-in): the same look applied again sets nothing; high contrast chosen sets its own."""
    from ui.theme import apply_theme

    apply_theme(qapp, high_contrast=False, text_size=100)
    sets: list[str] = []
    monkeypatch.setattr(qapp, "setStyleSheet", sets.append)
    apply_theme(qapp, high_contrast=False, text_size=100)
    assert sets == []
    apply_theme(qapp, high_contrast=True, text_size=100)
    assert len(sets) == 1 and "#ffff00" in sets[0]
    monkeypatch.undo()
    apply_theme(qapp, high_contrast=False, text_size=100)
    assert "#ffff00" not in qapp.styleSheet()


def test_a_new_text_size_reaches_widgets_already_shown(qtbot, qapp):
    """Under a style sheet, a widget shown keeps its font until the sheet is set again:
    a new text size sets it again, so the window's text grows at once."""
    from PySide6.QtWidgets import QLineEdit

    from ui.theme import apply_theme

    apply_theme(qapp, high_contrast=False, text_size=100)
    box = QLineEdit()
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    before = box.font().pointSizeF()
    try:
        apply_theme(qapp, high_contrast=False, text_size=150)
        assert box.font().pointSizeF() == pytest.approx(before * 1.5, rel=0.05)
    finally:
        apply_theme(qapp, high_contrast=False, text_size=100)
    assert box.font().pointSizeF() == pytest.approx(before)
