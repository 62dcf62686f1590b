"""The focus goes back to where the typist was when any dialog of the window closes.

Qt gives the focus back to the window's last focus widget only when the window manager
re-activates it, which some desktops (and remote sessions) do late or not at all, and a
dialog opened from another dialog hands it back to neither. One watcher on the application
covers every dialog the window opens, its own and Qt's (file, print, message boxes), with
no code in each dialog: when a dialog belonging to the window is shown it notes the widget
with the focus, and when it is hidden it puts the focus back there and re-activates that
widget's window. Code that moves the focus on purpose after the dialog (a restored draft
goes to its first field) runs later and wins.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid


def _belongs_to(dialog: QWidget, window: QWidget) -> bool:
    parent = dialog.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False


class FocusReturn(QObject):
    """Watches ``window``'s dialogs; installed on the application for the window's lifetime."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._was: dict[int, QWidget] = {}  # by dialog; checked with isValid before use
        self._given: dict[int, QWidget] = {}  # the focus given back, by closed dialog
        #: where the focus was given back, until some window has the focus again
        self._pending: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.installEventFilter(self)
            app.focusWindowChanged.connect(self._focus_window_changed)

    def _focus_window_changed(self, focus_window: QWindow | None) -> None:
        """A closed dialog left no window with the focus: the typist's gets it back, once."""
        typing, self._pending = self._pending, None
        if focus_window is None or not focus_window.isVisible():
            QTimer.singleShot(0, lambda: self._activate(typing))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        watching = (QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.WindowActivate)
        if (
            kind in watching
            and isinstance(watched, QDialog)
            and watched.isWindow()
            and _belongs_to(watched, self._window)
        ):
            if kind == QEvent.Type.Show:
                self._note(watched)
            elif kind == QEvent.Type.Hide:
                self._give_back(watched)
            elif not watched.isVisible():  # activated once already closed: hand it on
                self._pending = self._given.get(id(watched))
        return False

    def _note(self, dialog: QDialog) -> None:
        self._given.clear()
        typing = QApplication.focusWidget()
        if typing is None or typing.window() is dialog:
            parent = dialog.parentWidget()
            typing = parent.window().focusWidget() if parent is not None else None
        if typing is not None:
            self._was[id(dialog)] = typing

    def _give_back(self, dialog: QDialog) -> None:
        typing = self._was.pop(id(dialog), None)
        if typing is None or not isValid(typing) or not typing.isVisible():
            return
        if not typing.isEnabled():
            return
        typing.setFocus(Qt.FocusReason.PopupFocusReason)
        self._given[id(dialog)] = typing
        self._pending = typing
        self._activate(typing)

    @staticmethod
    def _activate(typing: QWidget | None) -> None:
        if typing is not None and isValid(typing) and typing.isVisible():
            typing.window().activateWindow()
