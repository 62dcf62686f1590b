"""Opening the database behind the sign-in screen, so staff can start typing at once.

Importing SQLAlchemy and the rules engine, opening (and, after an update, upgrading) the
database and loading the guidance rules take most of a second; the sign-in screen needs none
of it until the password is sent. So the screen is shown first and this work runs on a worker
thread; whoever needs its outcome asks :meth:`Background.result`, which keeps the event loop
running while it waits, so what is being typed still appears.

The work never touches a widget, nor anything of Qt: the worker only sets a flag, which a
timer on the GUI thread watches, so PySide is called from the GUI thread alone, never from a
thread Qt did not start. The outcome (a value, or the exception the work raised) is re-raised
on the GUI thread, so errors take the same path as if the work had run in place.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QTimer, Signal, SignalInstance

T = TypeVar("T")


#: How often the GUI thread looks whether the work has ended (milliseconds).
WATCH_MS = 15


class _Finished(QObject):
    """Says "done" on the GUI thread, once its timer has seen the worker's flag set."""

    finished = Signal()


class Background(Generic[T]):
    """``work`` run once on a worker thread, started by :meth:`start` or the first wait."""

    def __init__(self, work: Callable[[], T], *, name: str = "background") -> None:
        self._work = work
        self._name = name
        self._signal = _Finished()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._watch = QTimer()
        self._watch.setInterval(WATCH_MS)
        self._watch.timeout.connect(self._check)
        self._scheduled = False
        self._value: T | None = None
        self._error: BaseException | None = None

    @property
    def finished(self) -> SignalInstance:
        """Emitted on the GUI thread once the work has ended, whether it succeeded or not."""
        return self._signal.finished

    def start(self) -> None:
        """Begin the work, unless it has begun already."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()
            self._watch.start()

    def _check(self) -> None:
        if self._done.is_set():
            self._watch.stop()
            self._signal.finished.emit()

    def start_when_idle(self) -> None:
        """Begin once the event loop has drawn what is on screen (the work competes for the CPU)."""
        self._scheduled = True
        QTimer.singleShot(0, self.start)

    def is_done(self) -> bool:
        return self._done.is_set()

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as e:
            self._error = e
        finally:
            self._done.set()

    def result(self) -> T:
        """The work's value, waiting for it with the event loop running; re-raises its error."""
        if not self._scheduled:
            self.start()
        if not self._done.is_set():
            loop = QEventLoop()
            self._signal.finished.connect(loop.quit)
            if not self._done.is_set():  # it may have ended while connecting
                loop.exec()
            self._signal.finished.disconnect(loop.quit)
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # set when no error was raised

    def join(self) -> None:
        """Wait for the work without an event loop (leaving): a database is never left half-open."""
        if self._thread is not None:
            self._thread.join()
