"""The one way the window runs an operation: result or error delivered back to the widget.

Every service call from the window goes through :func:`run_op`, which runs the operation at
once on the GUI thread: each is a few milliseconds against a local database, kept so by
reading indexes and kept counts (a month's figures are a few hundred rows at a million
requests). A Python thread beside PySide is not safe, so nothing runs on one. The operation
never touches a widget.

Errors split two ways. A :class:`~triage_app.errors.TriageError` is a known condition with a
plain message: the caller's ``on_error`` may show it inline (returning True), otherwise it is
shown in a message box. Anything else is a bug: logged without personal data (type and code
locations only) and put plainly to the user, never as a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from triage_app.cli.logs import scrubbed_traceback
from triage_app.errors import TriageError

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
