"""What the window benchmarks share: the window's context over a filled database, and timing
what staff see (a page, or a dialog opened as staff open it).

A page counts as shown when what was asked for is in its model and the event loop has
drawn it and has nothing left to do (layouts, paints). While it is being shown a 1 ms
heartbeat runs, so the longest gap between two beats is the longest time the window could
not take a key press: that is the figure for a page that shows its first screenful and
loads the rest without freezing input. The baseline is a bare ``QTableView`` over rows read
with plain ``sqlite3``, shown and refreshed the same way. Nothing here asserts a time.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEventLoop, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QTableView, QWidget

from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import load_rules
from triage_app.settings import DeskSettings
from triage_app.store.database import Database
from ui.context import WindowContext

#: Longest a page may wait for its rows, in seconds, before the benchmark gives up on it.
GIVE_UP_S = 120.0


def window_context(
    db: Database, actor: Actor, desk: DeskSettings, now: datetime, config_dir: Path
) -> WindowContext:
    """The context the window is built with, as ``ui.app`` builds it after sign-in."""
    resources = resources_dir()
    vocab = load_vocabularies(resources)
    return WindowContext(
        db=db,
        vocab=vocab,
        rules=load_rules(resources / "pathways", vocab),
        actor=actor,
        desk=desk,
        desk_configured=True,
        config_dir=config_dir,
        resources=resources,
        clock=lambda: now,
    )


def settle() -> None:
    """Let the event loop do all it has to do now: posted events, layouts, paints."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


class Heartbeat:
    """A 1 ms timer; the longest gap between its beats is the longest the loop was blocked."""

    def __init__(self) -> None:
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._beat)
        self._last = 0.0
        self.longest_ms = 0.0

    def _beat(self) -> None:
        now = time.perf_counter()
        self.longest_ms = max(self.longest_ms, (now - self._last) * 1000)
        self._last = now

    def start(self) -> None:
        self._last = time.perf_counter()
        self.longest_ms = 0.0
        self._timer.start()

    def stop(self) -> float:
        self._timer.stop()
        self._beat()
        return self.longest_ms


@dataclass(frozen=True)
class Shown:
    """One showing: until the first screenful was drawn, until everything was, the longest block."""

    first_ms: float
    all_ms: float
    blocked_ms: float


def _wait(condition: Callable[[], bool], started: float) -> None:
    """Run the event loop until ``condition`` holds, looking every millisecond.

    One event loop, not ``processEvents`` called over and over: thousands of calls a second
    into Qt only to wait would be measured with the page.
    """
    if condition():
        return
    loop = QEventLoop()
    look = QTimer()
    look.setInterval(1)

    def check() -> None:
        if condition() or time.perf_counter() - started > GIVE_UP_S:
            loop.quit()

    look.timeout.connect(check)
    look.start()
    loop.exec()
    look.stop()
    if not condition():
        raise SystemExit(f"gave up after {GIVE_UP_S:.0f} s waiting for a page")


def show_once(
    action: Callable[[], object],
    first: Callable[[], bool] = lambda: True,
    complete: Callable[[], bool] | None = None,
) -> Shown:
    """Do ``action`` (open or refresh a page) and time it until ``first`` holds and it is drawn,
    then until ``complete`` holds (default: ``first``) and it is drawn."""
    settle()
    beat = Heartbeat()
    beat.start()
    started = time.perf_counter()
    action()
    _wait(first, started)
    settle()
    first_ms = (time.perf_counter() - started) * 1000
    _wait(complete or first, started)
    settle()
    all_ms = (time.perf_counter() - started) * 1000
    return Shown(first_ms, all_ms, beat.stop())


def show_runs(
    runs: int,
    action: Callable[[], object],
    first: Callable[[], bool] = lambda: True,
    complete: Callable[[], bool] | None = None,
    before: Callable[[], object] = lambda: None,
) -> list[Shown]:
    """``runs`` showings, ``before`` run (untimed) ahead of each, e.g. to leave the page."""
    out = []
    for _ in range(runs):
        before()
        settle()
        out.append(show_once(action, first, complete))
    return out


class PlainModel(QAbstractTableModel):
    """The simplest table model: tuples, each value shown as it is."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[Any, ...]] = []
        self.width = 0

    def set_rows(self, rows: Sequence[tuple[Any, ...]]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.width = len(self.rows[0]) if self.rows else 0
        self.endResetModel()

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.width

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return str(self.rows[index.row()][index.column()])
        return None


#: A screenful of the newest requests, as a list shows them: the baseline's rows.
NEWEST_SQL = (
    "SELECT r.reference, v.received_at, v.family_last_name, v.primary_need, v.pathway, v.hub,"
    " v.status, v.assigned_to, v.version FROM request_versions v"
    " JOIN requests r ON r.id = v.request_id"
    " WHERE v.is_current = 1 ORDER BY v.received_at DESC LIMIT ?"
)


class BareTable:
    """The baseline: a bare ``QTableView`` over ``rows`` rows read with plain ``sqlite3``."""

    def __init__(self, path: str, rows: int, size: tuple[int, int] = (1366, 700)) -> None:
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self._rows = rows
        self._size = size
        self.view: QTableView | None = None
        self.model = PlainModel()

    def _read(self) -> None:
        self.model.set_rows(self._con.execute(NEWEST_SQL, (self._rows,)).fetchall())

    def open(self) -> None:
        """A new view and model, filled and shown: a page opened."""
        self.close()
        self.model = PlainModel()
        self._read()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.resize(*self._size)
        self.view.show()

    def refresh(self) -> None:
        """The same rows read again into the shown view: a page refreshed."""
        self._read()

    def close(self) -> None:
        if self.view is not None:
            self.view.close()
            self.view.deleteLater()
            self.view = None

    def filled(self) -> bool:
        return self.model.rowCount() > 0


def time_dialog(trigger: Callable[[], object], kind: type[QWidget]) -> Shown:
    """Time ``trigger`` until a ``kind`` window is up, drawn and idle; then close it.

    A dialog run with ``exec()`` returns only once closed, so the timing is taken inside its
    own event loop, by a timer that waits for it.
    """
    beat = Heartbeat()
    taken: list[float] = []
    started = 0.0

    def look() -> None:
        up = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
        if not up:
            QTimer.singleShot(1, look)
            return
        settle()
        taken.append((time.perf_counter() - started) * 1000)
        for w in up:
            if isinstance(w, QDialog):
                w.reject()
            else:
                w.close()

    QTimer.singleShot(0, look)
    beat.start()
    started = time.perf_counter()
    trigger()
    while not taken:
        if time.perf_counter() - started > GIVE_UP_S:
            raise SystemExit(f"gave up waiting for {kind.__name__}")
        QApplication.processEvents()
    blocked = beat.stop()
    settle()
    return Shown(taken[0], taken[0], blocked)
