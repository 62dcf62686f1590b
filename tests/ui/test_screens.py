"""A 1366×768 laptop at 100 % and 150 % text, and at Qt's 150 % scale: everything needed in view.

Each size is the real window, opened as staff open it, in a process of its own (the screen
and the text size are fixed when Qt starts): ``scripts/screenshot.py --measure`` prints what
fits, with an earlier request for the same family and two needs chosen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import focused, press, type_text
from ui.theme import apply_text_size

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshot.py"


def measured(*options: str, scale: str | None = None) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    if scale is not None:
        env["QT_SCALE_FACTOR"] = scale
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--measure", "--screen", "1366x768", "--earlier", *options],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("options", "scale"),
    [((), None), (("--text", "150"), None), ((), "1.5")],
    ids=["100% text", "150% text", "Qt scale 1.5"],
)
def test_a_laptop_screen_shows_the_form_the_route_and_the_earlier_requests(
    options: tuple[str, ...], scale: str | None
) -> None:
    shown = measured(*options, scale=scale)
    screen_w, screen_h = shown["screen"]
    window_w, window_h = shown["window"]
    assert window_w <= screen_w and window_h <= screen_h, shown  # never opens larger
    smallest_w, smallest_h = shown["smallest"]
    assert smallest_w <= screen_w and smallest_h <= screen_h, shown
    assert shown["route_panel_shown"] and shown["route_panel_width"] >= 280, shown
    assert not shown["form_sideways"], shown
    assert shown["chosen_needs"] == 2 and shown["chosen_needs_in_view"], shown
    assert shown["earlier_rows"] == 1 and shown["earlier_shown"], shown
    assert not shown["earlier_sideways"], shown
    assert not shown["reference_cut"] and not shown["matched_on_heading_cut"], shown


@pytest.fixture
def large_text(qapp):
    apply_text_size(qapp, 150)
    yield
    apply_text_size(qapp, 100)


def test_at_150_percent_a_need_added_by_keyboard_shows_the_chosen_list(
    large_text, make_window, qtbot
) -> None:
    window = make_window()
    window.resize(1366, 768)
    form = window.capture.form
    form.verticalScrollBar().setValue(0)
    form.needs.picker.search.setFocus()
    qtbot.waitUntil(lambda: focused() is form.needs.picker.search)
    for word in ("rent", "school"):
        type_text(word)
        press(Qt.Key.Key_Return)
    chosen = form.needs.picker.chosen
    assert chosen.count() == 2
    top = chosen.mapTo(form.viewport(), chosen.rect().topLeft()).y()
    assert top >= 0 and top + chosen.height() <= form.viewport().height()
