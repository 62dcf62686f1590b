"""The focus goes back to where the typist was when any dialog of the window closes.

Qt gives the focus back to the window's last focus widget only when the window manager
re-activates it, which some desktops (and remote sessions) do late or not at all, and a
dialog opened from another dialog hands it back to neither. One watcher covers every dialog
the window opens, its own and Qt's (file, print, message boxes), with no code in each
dialog: when a dialog belonging to the window is shown it notes the widget with the focus,
and when it is hidden it puts the focus back there and re-activates that widget's window.
Code that moves the focus on purpose after the dialog (a restored draft goes to its first
field) runs later and wins.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import getCppPointer, isValid


def _belongs_to(dialog: QWidget, window: QWidget) -> bool:
    parent = dialog.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False


def _key(dialog: QWidget) -> int:
    """The dialog itself, not its Python wrapper.

    A dialog Qt made (a file dialog) may be met through a new wrapper at each event.
    """
    return int(getCppPointer(dialog)[0])


class FocusReturn(QObject):
    """Watches ``window``'s dialogs for the window's lifetime.

    Every dialog of the window is modal (``exec`` or ``open``), and showing a modal dialog
    blocks the windows under it: Qt tells each one (``WindowBlocked``) as the dialog is shown,
    before the desktop activates it. So the watcher listens to the window itself, and to each
    dialog it has seen until that dialog is hidden, rather than to every event of the
    application: that cost a Python call for each of the thousands a form sends as it is
    built and shown, a third of the time an amendment took to open.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._was: dict[int, QWidget] = {}  # by dialog; checked with isValid before use
        window.installEventFilter(self)

    def stop(self) -> None:
        """Stop watching: the window is closing."""
        if isValid(self._window):
            self._window.removeEventFilter(self)
        self._was.clear()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.WindowBlocked, QEvent.Type.Hide):
            return False
        if not isValid(self._window) or not self._window.isVisible():
            return False  # nothing to do, or the window is closing: nobody is typing
        if kind == QEvent.Type.WindowBlocked:
            dialog = QApplication.activeModalWidget()  # the one just shown
            if (
                isinstance(dialog, QDialog)
                and _key(dialog) not in self._was
                and _belongs_to(dialog, self._window)
            ):
                self._watch(dialog)
        elif isinstance(watched, QDialog) and watched is not self._window:
            watched.removeEventFilter(self)
            self._give_back(watched)
        return False

    def _watch(self, dialog: QDialog) -> None:
        """Note where the typist was; hear the dialog hide, and block a dialog of its own."""
        self._note(dialog)
        key = _key(dialog)
        dialog.installEventFilter(self)
        dialog.destroyed.connect(lambda: self._was.pop(key, None))

    def _note(self, dialog: QDialog) -> None:
        typing = QApplication.focusWidget()
        if typing is None or typing.window() is dialog:
            parent = dialog.parentWidget()
            typing = parent.window().focusWidget() if parent is not None else None
        if typing is not None:
            self._was[_key(dialog)] = typing

    def _give_back(self, dialog: QDialog) -> None:
        typing = self._was.pop(_key(dialog), None)
        if typing is None or not isValid(typing):
            return
        if not typing.isVisible() or not typing.isEnabled():
            return  # what the dialog did took it away (a saved form, a row gone)
        typing.setFocus(Qt.FocusReason.PopupFocusReason)
        typing.window().activateWindow()
