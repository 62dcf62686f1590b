"""Every Alt+letter on the capture page leads to one place only."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QWidget

from tests.ui.forms import complete_values


def _letter(text: str) -> str | None:
    """The mnemonic of a plain label ("Post&code" → "c"); rich text ("&#x27;") has none."""
    if text.lstrip().startswith("<"):
        return None
    plain = text.replace("&&", "")
    at = plain.find("&")
    letter = plain[at + 1 : at + 2].lower() if 0 <= at < len(plain) - 1 else ""
    return letter if letter.isalnum() else None


def _mnemonics(window) -> dict[str, list[str]]:
    """Each Alt+letter in reach on screen: visible labels, buttons, groups, menus and tabs."""
    owners: dict[str, list[str]] = defaultdict(list)
    widgets: list[QWidget] = [
        *window.findChildren(QLabel),
        *window.findChildren(QAbstractButton),
        *window.findChildren(QGroupBox),
    ]
    for w in widgets:
        if w.isVisible():
            text = w.title() if isinstance(w, QGroupBox) else w.text()
            if letter := _letter(text):
                owners[letter].append(text)
    for action in window.menuBar().actions():
        if letter := _letter(action.text()):
            owners[letter].append(f"menu {action.text()}")
    bar = window.tabs.tabBar()
    for i in range(bar.count()):
        if letter := _letter(bar.tabText(i)):
            owners[letter].append(f"tab {bar.tabText(i)}")
    return owners


def test_no_two_places_share_a_letter_on_the_capture_page(window, qtbot) -> None:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.capture
    for answers in ({}, {"immediate_danger": True}):  # the 999 bar brings a key of its own
        page.form.set_values(complete_values(answers=answers))
        page.refresh_now()
        clashes = {k: v for k, v in _mnemonics(window).items() if len(v) > 1}
        assert clashes == {}, clashes
    assert "n" in _mnemonics(window)  # Alt+N: presenting needs
