"""Long work a part per turn of the event loop: other events run between parts, the caller
says when it is done, stopping drops the rest, and an error stops it with a plain message."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from triage_app.errors import TriageError
from ui.in_parts import InParts


def _widget(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_parts_run_one_per_turn_until_the_caller_says_done(qtbot):
    parts = InParts(_widget(qtbot), "Counting")
    log: list[str] = []
    numbers = iter(range(1, 4))
    QTimer.singleShot(0, lambda: log.append("a key pressed"))

    def shown(n: int) -> bool:
        log.append(f"part {n}")
        return n < 3

    parts.start(lambda: next(numbers), shown)
    assert parts.running and log == []  # nothing runs before the next turn
    qtbot.waitUntil(lambda: not parts.running)
    assert log == ["a key pressed", "part 1", "part 2", "part 3"]


def test_stopping_drops_what_is_left(qtbot):
    parts = InParts(_widget(qtbot), "Counting")
    done: list[int] = []
    parts.start(lambda: 1, lambda n: done.append(n) is None)  # never done by itself
    qtbot.waitUntil(lambda: len(done) >= 2)
    parts.stop()
    stopped_at = len(done)
    qtbot.wait(30)
    assert len(done) == stopped_at and not parts.running


def test_an_error_stops_the_work_and_says_why(qtbot):
    widget = _widget(qtbot)
    parts = InParts(widget, "Counting")

    def fail() -> int:
        raise TriageError("the database is locked by another desk; try again")

    parts.start(fail, lambda _n: True)
    qtbot.waitUntil(lambda: not parts.running)
    (box,) = [b for b in widget.findChildren(QMessageBox) if b.isVisible()]
    assert (box.windowTitle(), box.text()) == (
        "Counting",
        "the database is locked by another desk; try again",
    )
    box.close()
