"""Long work done a part per turn of the event loop, so the window goes on taking keys.

Nothing runs on a thread beside PySide (:mod:`ui.ops`), so work too long for one go (a
million waiting versions counted, a month's traces read) is cut into parts the caller can
do in a few tens of milliseconds. Each part goes through :func:`ui.ops.run_op` like any
other operation and never touches a widget; what it gives is handed to the caller, who
shows it and says whether there is more. An error stops the work, reported as
``run_op`` reports it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from ui.ops import run_op

T = TypeVar("T")


class InParts(QObject):
    """Runs a part on each turn of the event loop until the caller says it is done."""

    def __init__(self, widget: QWidget, title: str) -> None:
        super().__init__(widget)
        self._widget = widget
        self._title = title
        self._part: Callable[[], Any] | None = None
        self._shown: Callable[[Any], bool] = lambda _result: False
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)  # after whatever input is waiting
        self._next.timeout.connect(self._turn)

    @property
    def running(self) -> bool:
        """Whether parts are still to come."""
        return self._part is not None

    def start(self, part: Callable[[], T], shown: Callable[[T], bool]) -> None:
        """Do ``part`` on the next turn of the loop, and again while ``shown`` says there is more.

        ``shown`` gets each part's result and returns True when another part is to come.
        Whatever ran before is dropped.
        """
        self._part, self._shown = part, shown
        self._next.start()

    def stop(self) -> None:
        """Drop what is left: nothing more runs until :meth:`start`."""
        self._next.stop()
        self._part = None

    def _turn(self) -> None:
        part, shown = self._part, self._shown
        if part is None:
            return

        def done(result: Any) -> None:
            more = shown(result)
            if self._part is part:  # not stopped or started afresh meanwhile
                if more:
                    self._next.start()
                else:
                    self._part = None

        if not run_op(self._widget, part, done, title=self._title):
            self.stop()
