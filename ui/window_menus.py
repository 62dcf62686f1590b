"""The window's menu bar: File, Go and Help, and the window-wide shortcuts behind them.

Apart from the window's composition so the window only says which pages it holds: the
actions here call the window's own slots, and which of them the signed-in role may use is
gated here too, each disabled action saying why (``ui.permissions``). The pages' Go-menu
entries are added to :attr:`WindowMenus.go_menu` by :meth:`MainWindow.add_page`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from triage_app.domain.actor import Actor
from ui.keys import scheme_html
from ui.ops import show_message
from ui.permissions import gate

if TYPE_CHECKING:
    from ui.main_window import MainWindow


class WindowMenus:
    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._tips: dict[QAction, str] = {}  # each gated action's own tooltip
        menu = window.menuBar().addMenu("&File")
        self.new_action = self._action("&New request", "Ctrl+N", window.new_request)
        self.save_action = self._action("&Save", "Ctrl+S", window.save)
        self.print_action = self._action(
            "Save and &print advice sheet…", "Ctrl+P", window.save_and_print
        )
        self.settings_action = self._action(
            "Se&ttings for this desk…", "Ctrl+,", window.edit_settings
        )
        self.quit_action = self._action("&Quit", "Ctrl+Q", window.close)
        for action in (self.new_action, self.save_action, self.print_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.settings_action)
        menu.addAction(window.look.action)
        menu.addSeparator()
        if window.screen_lock is not None:
            menu.addAction(window.screen_lock.lock_action)
            menu.addAction(window.screen_lock.switch_action)
            menu.addSeparator()
        menu.addAction(self.quit_action)
        # No mnemonic: Alt+G is the Figures tab; Ctrl+1… and the tabs' letters reach the pages.
        self.go_menu = window.menuBar().addMenu("Go")
        self.find_service_action = self._action("Find a service…", "Ctrl+F", window.find_service)
        self.go_menu.addAction(self.find_service_action)
        self.go_menu.addSeparator()
        # No mnemonic: Alt+H is the significant-harm question; F1 opens the keys.
        help_menu = window.menuBar().addMenu("Help")
        help_menu.addAction(self._action("&Keyboard shortcuts", "F1", self.show_shortcuts))

    def _action(self, text: str, shortcut: str | None, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._window)
        plain = text.replace("&", "").rstrip("…")
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{plain} ({shortcut})")
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self._window.addAction(action)
        return action

    def show_shortcuts(self) -> None:
        show_message(self._window, "Keyboard shortcuts", scheme_html(), warning=False)

    def apply_permissions(self, actor: Actor) -> None:
        """Enable the actions ``actor``'s role may use; disable the rest, saying why."""
        for action, permission in (
            (self.new_action, "record_request"),
            (self.save_action, "record_request"),
            (self.print_action, "print_sheet"),
            (self.settings_action, "manage_desks"),
        ):
            gate(action, actor, permission, self._tips.setdefault(action, action.toolTip()))
