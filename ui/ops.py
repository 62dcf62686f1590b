"""The one way the window runs an operation: result or error delivered back to the widget.

Every service call from the window goes through :func:`run_op`, which runs the operation at
once on the GUI thread (most are a few milliseconds against a local database). One that may
take longer than a screen should (a month's figures at a million requests) goes through
:func:`run_op_apart` instead: it runs in a process of its own (a Python thread beside PySide
is not safe) and its answer comes back to the widget by the same path, so the page is drawn
at once and the window keeps taking keys meanwhile. The operation never touches a widget.

Errors split two ways. A :class:`~triage_app.errors.TriageError` is a known condition with a
plain message: the caller's ``on_error`` may show it inline (returning True), otherwise it is
shown in a message box. Anything else is a bug: logged without personal data (type and code
locations only) and put plainly to the user, never as a traceback.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from triage_app.cli.logs import scrubbed_traceback
from triage_app.errors import TriageError
from triage_app.work_apart import DONE, FAILED, REFUSED, serve

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


#: How often the window looks for the answer of work done apart (milliseconds).
LOOK_MS = 20
STOPPED = (
    "The work stopped before it had finished (the computer may be short of memory): try again."
)


class Apart(QObject):
    """Work running in a process of its own for :func:`run_op_apart`.

    The process is spawned (a fresh interpreter: nothing of Qt's is copied into it) and sends
    one answer through a pipe, which a timer on the GUI thread looks for, so nothing of Qt is
    ever called from another thread. :meth:`forget` (a newer reading was asked for, or the
    page was reset) stops the process and drops its answer.
    """

    def __init__(
        self,
        parent: QWidget,
        work: Callable[..., Any],
        args: tuple[Any, ...],
        answer: Callable[[str, Any], None],
    ) -> None:
        super().__init__(parent)
        context = multiprocessing.get_context("spawn")
        self._answers, send = context.Pipe(duplex=False)
        self._process = context.Process(target=serve, args=(send, work, args), daemon=True)
        self._process.start()
        send.close()  # this end is the process's: once it has gone, the pipe reports so
        self._answer: Callable[[str, Any], None] | None = answer
        self._look = QTimer(self)
        self._look.setInterval(LOOK_MS)
        self._look.timeout.connect(self._check)
        self._look.start()

    @property
    def done(self) -> bool:
        return self._answer is None

    def _check(self) -> None:
        if not self._answers.poll():
            if self._process.is_alive():
                return
            kind, value = "", None  # gone without a word
        else:
            try:
                kind, value = self._answers.recv()
            except (EOFError, OSError):
                kind, value = "", None
        answer = self._answer
        self.forget()
        if answer is not None:
            answer(kind, value)

    def forget(self) -> None:
        """Drop the answer, and stop the process if it is still at work."""
        self._answer = None
        self._look.stop()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(1)
        self._answers.close()


def run_op_apart(
    widget: QWidget,
    work: Callable[..., T],
    args: tuple[Any, ...],
    on_done: Callable[[T], None],
    on_error: Callable[[TriageError], bool] | None = None,
    *,
    title: str = "Here to Help",
) -> Apart:
    """Run ``work(*args)`` in a process of its own; then, on the GUI thread, as :func:`run_op`.

    ``work`` must be a module-level function of ``triage_app`` and ``args`` picklable: the
    process imports them afresh and opens its own connection. Keep the returned
    :class:`Apart` to forget it if a newer reading supersedes it.
    """

    def answer(kind: str, value: Any) -> None:
        if kind == FAILED:  # a bug in the process: its scrubbed traceback, logged here
            log.error("unexpected error in work done apart: %s", value)
            show_message(widget, title, BUG_MESSAGE)
            return

        def result() -> T:
            if kind == DONE:
                return value  # type: ignore[no-any-return]
            raise TriageError(value if kind == REFUSED else STOPPED)

        run_op(widget, result, on_done, on_error, title=title)

    return Apart(widget, work, args, answer)
