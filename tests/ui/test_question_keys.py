"""Alt+I, Alt+H and Alt+K reach the three safeguarding questions, in view, and nothing else."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import focused, press
from tests.ui.walker import mnemonics

ALT = Qt.KeyboardModifier.AltModifier


@pytest.mark.parametrize(
    ("letter", "key", "answer"),
    [
        ("i", Qt.Key.Key_I, "immediate_danger"),
        ("h", Qt.Key.Key_H, "significant_harm"),
        ("k", Qt.Key.Key_K, "domestic_abuse_high_risk"),
    ],
)
def test_one_key_reaches_each_question_and_brings_it_into_view(
    window, qtbot, letter: str, key: Qt.Key, answer: str
) -> None:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    assert len(mnemonics(window)[letter]) == 1, mnemonics(window)[letter]
    form = window.capture.form
    form.verticalScrollBar().setValue(0)
    press(key, ALT)
    question = form.safeguarding.answers[answer]
    qtbot.waitUntil(lambda: question.isAncestorOf(QApplication.focusWidget()))
    # The question about to be answered is on screen, not below the fold.
    shown = focused()
    top_left = shown.mapTo(form.viewport(), shown.rect().topLeft())
    assert 0 <= top_left.y() < form.viewport().height()
    press(Qt.Key.Key_Y)
    assert question.value() is True
