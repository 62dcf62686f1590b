"""The one background-operation helper: known conditions put plainly, bugs logged safely."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from triage_app.errors import TriageError
from ui.ops import BUG_MESSAGE, run_op


def boxes(parent: QWidget) -> list[QMessageBox]:
    return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]


def test_result_is_delivered(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    got = []
    assert run_op(widget, lambda: 41 + 1, got.append)
    assert got == [42]


def test_known_condition_is_a_plain_message(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()

    def fail() -> None:
        raise TriageError("the database is locked by another desk; try again")

    assert not run_op(widget, fail, lambda _r: None)
    (box,) = boxes(widget)
    assert box.text() == "the database is locked by another desk; try again"
    box.close()


def test_known_condition_can_be_shown_inline(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    seen = []

    def fail() -> None:
        raise TriageError("inline")

    run_op(widget, fail, lambda _r: None, lambda e: seen.append(str(e)) or True)
    assert seen == ["inline"] and boxes(widget) == []


def test_a_bug_is_logged_without_personal_data(qtbot, caplog):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()

    def bug() -> None:
        raise ValueError("Ann Testcase, 1 Example Road")

    with caplog.at_level(logging.ERROR):
        assert not run_op(widget, bug, lambda _r: None)
    assert "ValueError" in caplog.text and "Testcase" not in caplog.text
    (box,) = boxes(widget)
    assert box.text() == BUG_MESSAGE and "Traceback" not in box.text()
    box.close()
