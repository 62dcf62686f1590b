"""The one way the window runs an operation: result or error delivered back to the widget.

Every service call from the window goes through :func:`run_op`, which runs the operation at
once on the GUI thread (most are a few milliseconds against a local database). One that may
take longer than a screen should (counting a million waiting versions, a month's figures)
goes through :func:`run_op_later` instead: it runs on a worker thread and its result comes
back to the widget by the same path, so the page is drawn at once and the window keeps
taking keys meanwhile. The operation itself never touches a widget.

Errors split two ways. A :class:`~triage_app.errors.TriageError` is a known condition with a
plain message: the caller's ``on_error`` may show it inline (returning True), otherwise it is
shown in a message box. Anything else is a bug: logged without personal data (type and code
locations only) and put plainly to the user, never as a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QMessageBox, QWidget
from shiboken6 import isValid

from triage_app.cli.logs import scrubbed_traceback
from triage_app.errors import TriageError
from ui.opening import Background

T = TypeVar("T")
log = logging.getLogger("ui")

BUG_MESSAGE = (
    "Something went wrong inside the program (a bug). What you typed is kept as a draft, "
    "and nothing you saved is affected. The details, without anything personal, are in the "
    "application log."
)


def show_message(parent: QWidget, title: str, text: str, *, warning: bool = True) -> QMessageBox:
    """A window-modal message that does not block the caller (tests can close it)."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    box.setObjectName("opMessage")
    box.open()
    return box


def run_op(
    widget: QWidget,
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[TriageError], bool] | None = None,
    *,
    title: str = "Here to Help",
) -> bool:
    """Run ``fn``; hand its result to ``on_done`` or report its error. True if it succeeded."""
    try:
        result = fn()
    except TriageError as e:
        if on_error is None or not on_error(e):
            show_message(widget, title, str(e))
        return False
    except Exception as e:  # a bug: logged without personal data, put plainly
        log.error("unexpected error in the window: %s", scrubbed_traceback(e))
        show_message(widget, title, BUG_MESSAGE)
        return False
    on_done(result)
    return True


#: Every operation still running: each is let go on the GUI thread once it has ended.
_RUNNING: set[Later] = set()


class Later(QObject):
    """An operation running on a worker thread for :func:`run_op_later`.

    It lives on the GUI thread, so its slot runs there (a queued call from the worker).
    :meth:`forget` (a newer reading was asked for, or the page was reset) drops the result
    when it arrives; ``done`` says whether it was delivered or forgotten.

    It is held in :data:`_RUNNING` until the work has ended, not by the widget (which may
    be closed first); then the worker is joined (it has only its last lines left to run)
    and let go here. Were the worker the last to hold it, its Qt signal object would be
    deleted on the worker thread, which Qt does not allow (the interpreter was seen to crash).
    """

    def __init__(self, widget: QWidget, work: Background[Any], deliver: Callable[[], object]):
        super().__init__()
        self._widget = widget
        self._work: Background[Any] | None = work
        self._deliver: Callable[[], object] | None = deliver
        self.forgotten = False
        self.delivered = False
        _RUNNING.add(self)

    @Slot()
    def arrived(self) -> None:
        if self._work is not None:
            self._work.join()
        deliver, self._work, self._deliver = self._deliver, None, None
        _RUNNING.discard(self)
        if not self.forgotten and deliver is not None and isValid(self._widget):
            self.delivered = True
            deliver()
        else:
            self.forgotten = True
        self.deleteLater()

    @property
    def done(self) -> bool:
        return self.delivered or self.forgotten

    def forget(self) -> None:
        self.forgotten = True


def run_op_later(
    widget: QWidget,
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_error: Callable[[TriageError], bool] | None = None,
    *,
    title: str = "Here to Help",
) -> Later:
    """Run ``fn`` on a worker thread; then, on the GUI thread, as :func:`run_op` would.

    ``fn`` must open its own session (``ctx.db.read()``) and touch no widget. Keep the
    returned :class:`Later` to forget it if a newer reading supersedes it.
    """
    work: Background[T] = Background(fn, name="page-read")
    later = Later(widget, work, lambda: run_op(widget, work.result, on_done, on_error, title=title))
    work.finished.connect(later.arrived)
    work.start()
    return later
