"""The real main window over a real, migrated SQLite file, driven as staff would drive it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.conftest import FIXED_NOW
from triage_app.domain.actor import Actor
from triage_app.settings import FREEPHONE, RECEPTION, DeskSettings
from ui.context import WindowContext
from ui.main_window import MainWindow

FREEPHONE_DESK = DeskSettings(kind=FREEPHONE, hub=None, desk_name="freephone-1")
RECEPTION_DESK = DeskSettings(kind=RECEPTION, hub="mosaic", desk_name="mosaic-reception")


@pytest.fixture
def make_context(db, vocab, rules, resources, tmp_path) -> Callable[..., WindowContext]:
    def make(desk: DeskSettings = FREEPHONE_DESK, *, configured: bool = True) -> WindowContext:
        base = WindowContext(
            db=db,
            vocab=vocab,
            rules=rules,
            actor=Actor(username="test.handler"),
            desk=desk,
            desk_configured=configured,
            config_dir=tmp_path / "config",
            resources=resources,
            clock=lambda: FIXED_NOW,
        )
        ctx = base.with_desk(desk)
        return replace(ctx, desk_configured=configured)

    return make


@pytest.fixture
def sheets_dir(tmp_path) -> Path:
    return tmp_path / "sheets"


@pytest.fixture
def make_window(qtbot, make_context, sheets_dir) -> Iterator[Callable[..., MainWindow]]:
    def write_sheet(_parent: QWidget, reference: str, pdf: bytes) -> Path:
        sheets_dir.mkdir(exist_ok=True)
        path = sheets_dir / f"{reference}.pdf"
        path.write_bytes(pdf)
        return path

    made: list[MainWindow] = []

    def make(desk: DeskSettings = FREEPHONE_DESK, *, configured: bool = True) -> MainWindow:
        window = MainWindow(make_context(desk, configured=configured), sheet_output=write_sheet)
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.ready):
            window.start()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        made.append(window)
        return window

    yield make
    for window in made:
        window.capture.autosave.stop()


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(text: str) -> None:
    QTest.keyClicks(focused(), text)


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def tab(times: int = 1) -> None:
    for _ in range(times):
        press(Qt.Key.Key_Tab)


def tab_to(name: str, limit: int = 60) -> QWidget:
    """Press Tab until the control named ``name`` (its accessible name) has the focus."""
    for _ in range(limit):
        if focused().accessibleName() == name:
            return focused()
        tab()
    raise AssertionError(
        f"Tab never reached {name!r} (stuck at {focused()!r} {focused().accessibleName()!r})"
    )
