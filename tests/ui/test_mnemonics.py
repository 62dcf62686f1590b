"""Every Alt+letter on the capture page leads to one place only."""

from __future__ import annotations

from tests.ui.forms import complete_values
from tests.ui.walker import clashes, mnemonics


def test_no_two_places_share_a_letter_on_the_capture_page(window, qtbot) -> None:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = window.capture
    for answers in ({}, {"immediate_danger": True}):  # the 999 bar brings a key of its own
        page.form.set_values(complete_values(answers=answers))
        page.refresh_now()
        assert clashes(mnemonics(window)) == {}
    assert "n" in mnemonics(window)  # Alt+N: presenting needs
