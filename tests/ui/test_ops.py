"""The one background-operation helper: known conditions put plainly, bugs logged safely."""

from __future__ import annotations

import logging
import threading

from PySide6.QtWidgets import QMessageBox, QWidget

from triage_app.errors import TriageError
from ui.ops import BUG_MESSAGE, run_op, run_op_later


def boxes(parent: QWidget) -> list[QMessageBox]:
    return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]


def test_result_is_delivered(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    got = []
    assert run_op(widget, lambda: 41 + 1, got.append)
    assert got == [42]


def test_a_later_operation_runs_on_a_worker_and_returns_to_the_gui_thread(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    gui = threading.get_ident()
    ran_on: list[int] = []
    got: list[tuple[int, int]] = []

    def work(i: int) -> int:
        ran_on.append(threading.get_ident())
        return i

    laters = [
        run_op_later(widget, lambda i=i: work(i), lambda r: got.append((r, threading.get_ident())))
        for i in range(40)
    ]
    laters[0].forget()  # superseded: its result is dropped when it comes
    qtbot.waitUntil(lambda: all(later.done for later in laters))
    qtbot.waitUntil(lambda: len(got) == 39)
    assert gui not in ran_on
    assert sorted(r for r, _ in got) == list(range(1, 40))
    assert {t for _, t in got} == {gui}


def test_a_later_known_condition_is_a_plain_message(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()

    def fail() -> None:
        raise TriageError("the database is locked by another desk; try again")

    later = run_op_later(widget, fail, lambda _r: None)
    qtbot.waitUntil(lambda: later.done and bool(boxes(widget)))
    (box,) = boxes(widget)
    assert box.text() == "the database is locked by another desk; try again"
    box.close()


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
