"""The keys list (Help, F1) and docs/window.md are one scheme, and it is the window's own."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from tests.services.requests_data import HOUSING, save
from tests.ui.test_walk import fullest
from tests.ui.walker import mnemonics
from ui.keys import SCHEME, scheme_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs" / "window.md"


def listed_letters() -> set[str]:
    """Every Alt+letter or digit the scheme names ("Alt+1 … Alt+9" names the digits between)."""
    keys = " ".join(k for _section, rows in SCHEME for k, _what in rows)
    found = {m.lower() for m in re.findall(r"Alt\+([A-Z0-9])\b", keys)}
    if "Alt+1 … Alt+9" in keys:
        found |= {str(d) for d in range(10)}
    return found


def test_the_docs_print_the_scheme_the_window_shows() -> None:
    assert scheme_markdown() in DOCS.read_text(encoding="utf-8")


def test_f1_shows_the_scheme(window, qtbot) -> None:
    window.menus.show_shortcuts()
    box = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox))
    assert "Alt+O" in box.text() and "Alt+G" in box.text() and "Alt+1 … Alt+9" in box.text()
    box.reject()


def test_every_letter_in_reach_on_the_new_request_page_is_in_the_scheme(
    window, qtbot, db, rules, vocab, now
) -> None:
    save(db, rules, vocab, HOUSING, received=now - timedelta(days=3))
    window.resize(1366, 768)
    fullest(window.capture)  # an earlier request listed, the 999 bar shown
    in_reach = set(mnemonics(window))
    window.capture.emergency_save.save_button.click()  # saved: the reference and Copy
    qtbot.waitUntil(lambda: window.capture.last_saved is not None)
    in_reach |= set(mnemonics(window))
    assert in_reach == listed_letters()
