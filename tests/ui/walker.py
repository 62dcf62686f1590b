"""Walk every page of the main window and every dialog it opens, as a typist would.

Nothing is listed here. The pages are the window's tabs; the dialogs are whatever opens when
each menu entry is chosen, each button on each page is pressed (with the first row of every
list selected) and each "…" button in a dialog is pressed, plus the drafts offered at start.
A page or dialog added later is walked with no change to the tests.

For each window met (the main window on each page, and each dialog) the walker records the
Alt+letters in reach, the focusable controls without an accessible name and, for a dialog,
where the focus was before it opened and where it is once the dialog is closed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAccessible, QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTabBar,
    QWidget,
)
from shiboken6 import getCppPointer, isValid


def letter(text: str) -> str | None:
    """The mnemonic of a plain label ("Post&code" → "c"); rich text ("&#x27;") has none."""
    if text.lstrip().startswith("<"):
        return None
    plain = text.replace("&&", "")
    at = plain.find("&")
    found = plain[at + 1 : at + 2].lower() if 0 <= at < len(plain) - 1 else ""
    return found if found.isalnum() else None


def _mine(widget: QWidget, window: QWidget) -> bool:
    """Shown, and part of ``window`` itself (not a dialog or pop-up of its own)."""
    return widget.isVisible() and widget.window() is window


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Each Alt+letter in reach in ``window``: labels, buttons, groups, tabs and menu titles."""
    owners: dict[str, list[str]] = defaultdict(list)
    for w in window.findChildren(QWidget):
        if not _mine(w, window):
            continue
        if isinstance(w, QGroupBox):
            text = w.title()
        elif isinstance(w, QLabel | QAbstractButton):
            text = w.text()
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                if found := letter(w.tabText(i)):
                    owners[found].append(f"tab {w.tabText(i)!r}")
            continue
        else:
            continue
        if found := letter(text):
            owners[found].append(f"{type(w).__name__} {text!r}")
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            if found := letter(action.text()):
                owners[found].append(f"menu {action.text()!r}")
    return owners


def clashes(owners: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: places for key, places in owners.items() if len(places) > 1}


def menu_clashes(window: QMainWindow) -> dict[str, list[str]]:
    """Letters shared by two entries of one menu (each open menu is a window of its own)."""
    found: dict[str, list[str]] = {}
    for menu in _menus(window):
        owners: dict[str, list[str]] = defaultdict(list)
        for action in menu.actions():
            if action.isVisible() and (key := letter(action.text())):
                owners[key].append(f"{menu.title()!r} ▸ {action.text()!r}")
        found.update({f"{menu.title()}:{k}": v for k, v in clashes(owners).items()})
    return found


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces: the accessibility tree's, not just the property."""
    if widget.accessibleName():
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def _qt_internal(widget: QWidget) -> bool:
    """Qt's own parts, named by what holds them: scroll bars, a line edit's or a tab bar's
    buttons, a combo box's pop-up list, a spin box's editor."""
    parent = widget.parentWidget()
    return (
        widget.objectName().startswith("qt_")
        or (parent is not None and parent.objectName().startswith("qt_"))
        or isinstance(parent, QLineEdit | QTabBar | QAbstractItemView)
    )


def unnamed(window: QWidget) -> list[str]:
    """Every control on screen that takes the focus but has no name to announce."""
    missing = []
    for w in window.findChildren(QWidget):
        if not _mine(w, window) or w.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if _qt_internal(w):
            continue
        if not accessible_name(w).strip():
            missing.append(f"{type(w).__name__} {w.objectName()!r} in {_where(w)}")
    return missing


def _where(widget: QWidget) -> str:
    names = []
    parent = widget.parentWidget()
    while parent is not None and len(names) < 3:
        if parent.accessibleName():
            names.append(parent.accessibleName())
        parent = parent.parentWidget()
    return " / ".join(names) or type(widget.window()).__name__


def _menus(window: QMainWindow) -> Iterator[QMenu]:
    pending = [a.menu() for a in window.menuBar().actions() if a.menu() is not None]
    while pending:
        menu = pending.pop(0)
        yield menu
        pending += [a.menu() for a in menu.actions() if a.menu() is not None]


def menu_actions(window: QMainWindow) -> list[QAction]:
    """Every entry of every menu, except Quit (it would end the walk)."""
    quit_keys = {QKeySequence(QKeySequence.StandardKey.Quit), QKeySequence("Ctrl+Q")}
    return [
        action
        for menu in _menus(window)
        for action in menu.actions()
        if not action.isSeparator()
        and action.menu() is None
        and action.isEnabled()
        and action.shortcut() not in quit_keys
    ]


def settle(qtbot, ms: int = 30) -> None:
    QCoreApplication.processEvents()
    qtbot.wait(ms)


@dataclass
class Seen:
    """One window met on the walk, and what the walker found in it."""

    name: str
    kind: str
    #: the dialog's class and the classes it is made from, by name
    kinds: tuple[str, ...] = ()
    opened_by: str = ""
    clashes: dict[str, list[str]] = field(default_factory=dict)
    unnamed: list[str] = field(default_factory=list)
    focus_before: str = ""
    focus_after: str = ""
    focus_returned: bool = True


def _describe(widget: QWidget | None) -> str:
    if widget is None or not isValid(widget):
        return "nothing"
    return f"{type(widget).__name__} {accessible_name(widget)!r}"


def _key(widget: QWidget) -> int:
    """The widget itself: a dialog Qt made may come through a new Python wrapper each time."""
    return int(getCppPointer(widget)[0])


def _dialogs() -> list[QWidget]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog) and w.isVisible() and isValid(w)
    ]


@dataclass
class Walker:
    """Opens every dialog reachable from the window; ``seen`` holds what it found."""

    qtbot: object
    window: QMainWindow
    prepare_page: Callable[[QWidget], None] = lambda _page: None
    seen: list[Seen] = field(default_factory=list)
    depth: int = 3

    def walk(self, extra: Sequence[tuple[str, Callable[[], object]]] = ()) -> list[Seen]:
        """Press ``extra`` (name, trigger) first, then every page's buttons, then the menus."""
        for name, trigger in extra:
            self._press(name, trigger, self._typing_field())
        for page in self.pages():
            title = self.window.tabs.tabText(self.window.tabs.indexOf(page))
            self._look_at(self.window, f"page {title!r}")
            for button in self._buttons(page):
                if not isValid(button):
                    continue  # a button pressed before rebuilt the page (a list refreshed)
                self._press(f"{_describe(button)} on the page", button.click, button)
            self._look_at(self.window, f"page {title!r} once its buttons were pressed")
        for action in menu_actions(self.window):
            self.window.show_page(self.window.capture)
            self._press(f"menu entry {action.text()!r}", action.trigger, self._typing_field())
        return self.seen

    def pages(self) -> Iterator[QWidget]:
        tabs = self.window.tabs
        for i in range(tabs.count()):
            if not tabs.isTabEnabled(i):
                continue
            page = tabs.widget(i)
            self.window.show_page(page)
            settle(self.qtbot, 100)
            self.prepare_page(page)
            for view in page.findChildren(QAbstractItemView):
                model = view.model()
                if view.isVisible() and model is not None and model.rowCount() > 0:
                    view.setCurrentIndex(model.index(0, 0))
            settle(self.qtbot)
            yield page

    def _typing_field(self) -> QWidget:
        """A field on the capture page with the focus, as when a key is pressed mid-call."""
        self.window.show_page(self.window.capture)
        self.window.capture.focus_first_field()
        settle(self.qtbot)
        return QApplication.focusWidget() or self.window.capture

    def _buttons(self, root: QWidget, *, only_ellipsis: bool = False) -> list[QPushButton]:
        return [
            b
            for b in root.findChildren(QPushButton)
            if b.window() is root.window()
            and b.isVisible()
            and b.isEnabled()
            and (not only_ellipsis or b.text().rstrip().endswith("…"))
        ]

    def _look_at(self, window: QWidget, name: str, opened_by: str = "") -> Seen:
        seen = Seen(
            name=name,
            kind=type(window).__name__,
            kinds=tuple(k.__name__ for k in type(window).__mro__),
            opened_by=opened_by,
            clashes=clashes(mnemonics(window)),
            unnamed=unnamed(window)
            if type(window).__module__.startswith("ui.") or window is self.window
            else [],
        )
        if window is self.window:
            seen.clashes.update(menu_clashes(self.window))
        self.seen.append(seen)
        return seen

    def _press(
        self, name: str, trigger: Callable[[], object], origin: QWidget, depth: int = 1
    ) -> None:
        """Press ``trigger`` with the focus on ``origin``; look at and close whatever opens."""
        origin.setFocus(Qt.FocusReason.OtherFocusReason)
        settle(self.qtbot, 10)
        before = {_key(d) for d in _dialogs()}
        met: list[Seen] = []

        def handle() -> None:
            poll.stop()  # a dialog's own "…" buttons are walked by a nested press of their own
            for dialog in _dialogs():
                if _key(dialog) in before or not isValid(dialog):
                    continue
                before.add(_key(dialog))
                title = dialog.windowTitle() or dialog.accessibleName()
                seen = self._look_at(dialog, f"{type(dialog).__name__} {title!r}", name)
                seen.focus_before = _describe(origin)
                met.append(seen)
                if depth < self.depth and type(dialog).__module__.startswith("ui."):
                    for button in self._buttons(dialog, only_ellipsis=True):
                        self._press(
                            f"{_describe(button)} in {title!r}", button.click, button, depth + 1
                        )
                dialog.reject()
            if pressing:
                poll.start()

        pressing = True
        poll = QTimer()
        poll.setInterval(20)
        poll.timeout.connect(handle)
        poll.start()
        try:
            trigger()
            settle(self.qtbot)
            pressing = False
            handle()
            settle(self.qtbot, 60)
        finally:
            pressing = False
            poll.stop()
        gone = not isValid(origin) or not origin.isVisible() or not origin.isEnabled()
        if met and not gone:
            with suppress(Exception):  # reported below, with where the focus went
                self.qtbot.waitUntil(lambda: QApplication.focusWidget() is origin, timeout=1000)
        for seen in met:
            after = QApplication.focusWidget()
            active = QApplication.activeWindow()
            seen.focus_after = f"{_describe(after)} in {_describe(active)}"
            seen.focus_returned = gone or after is origin
