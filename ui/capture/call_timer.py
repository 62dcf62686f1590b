"""The call time above the form at a freephone desk: minutes and seconds since typing began.

A widget of its own so the page only says when a call starts and ends; a reception desk's
visitors are not timed, so the label stays empty there.
"""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QLabel, QWidget


class CallTimer(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callTimer")
        self.setAccessibleName("Call time")
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show)
        self._elapsed = QElapsedTimer()

    def start(self) -> None:
        """Count from now, unless already counting."""
        if not self._elapsed.isValid():
            self._elapsed.start()
            self._tick.start()
            self._show()

    def stop(self) -> None:
        """Keep the time shown, counting no further (the request was saved)."""
        self._tick.stop()

    def clear(self) -> None:
        """No call yet: nothing counted, nothing shown."""
        self._elapsed.invalidate()
        self._tick.stop()
        self.setText("")

    def _show(self) -> None:
        if self._elapsed.isValid():
            seconds = self._elapsed.elapsed() // 1000
            self.setText(f"Call {seconds // 60:02d}:{seconds % 60:02d}")
