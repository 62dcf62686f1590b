"""Work done in a process of its own: its answer comes to the widget as ``run_op``'s would,
the window takes keys meanwhile, and a bug, a refusal or a process that died is put plainly."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget

from tests.ui import apart_work
from ui.ops import BUG_MESSAGE, STOPPED, run_op_apart

WAIT_MS = 30_000


def _widget(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _message(widget: QWidget) -> str:
    (box,) = [b for b in widget.findChildren(QMessageBox) if b.isVisible()]
    text = box.text()
    box.close()
    return text


def test_the_answer_comes_back_and_typing_goes_on_meanwhile(qtbot) -> None:
    widget = _widget(qtbot)
    field = QLineEdit(widget)
    field.show()
    field.setFocus()
    got: list[str] = []
    work = run_op_apart(widget, apart_work.slow, (1.5,), got.append)
    qtbot.keyClicks(field, "Ann")
    assert field.text() == "Ann" and not work.done and got == []
    qtbot.waitUntil(lambda: work.done, timeout=WAIT_MS)
    assert got == ["late"]
    quick: list[int] = []
    run_op_apart(widget, apart_work.answer, (41,), quick.append)
    qtbot.waitUntil(lambda: quick == [42], timeout=WAIT_MS)


def test_a_refusal_is_its_plain_message(qtbot) -> None:
    widget = _widget(qtbot)
    work = run_op_apart(widget, apart_work.refuse, (), lambda _r: None)
    qtbot.waitUntil(lambda: work.done, timeout=WAIT_MS)
    assert _message(widget) == "no figures for a month still to come"


def test_a_bug_is_logged_without_personal_data(qtbot, caplog) -> None:
    widget = _widget(qtbot)
    with caplog.at_level(logging.ERROR):
        work = run_op_apart(widget, apart_work.bug, (), lambda _r: None)
        qtbot.waitUntil(lambda: work.done, timeout=WAIT_MS)
    assert _message(widget) == BUG_MESSAGE
    assert "ValueError" in caplog.text and "apart_work.py" in caplog.text
    assert "Ann Testcase" not in caplog.text and "Example Road" not in caplog.text


def test_a_process_that_dies_is_said_so(qtbot) -> None:
    widget = _widget(qtbot)
    work = run_op_apart(widget, apart_work.die, (), lambda _r: None)
    qtbot.waitUntil(lambda: work.done, timeout=WAIT_MS)
    assert _message(widget) == STOPPED


def test_forgotten_work_is_stopped_and_its_answer_dropped(qtbot) -> None:
    widget = _widget(qtbot)
    got: list[str] = []
    work = run_op_apart(widget, apart_work.slow, (30.0,), got.append)
    process = work._process
    work.forget()
    assert work.done and not process.is_alive()
    qtbot.wait(100)
    assert got == [] and not [b for b in widget.findChildren(QMessageBox) if b.isVisible()]
