"""Finding a need (or a concern) by the words a caller uses, Enter picking the first."""

from __future__ import annotations

import logging
from dataclasses import replace

from PySide6.QtCore import Qt

from tests.ui.conftest import press, type_text
from ui.capture.needs import no_match_text


def find(window, typed: str) -> None:
    picker = window.capture.form.needs.picker
    picker.search.setFocus()
    type_text(typed)
    press(Qt.Key.Key_Return)


def test_behav_picks_managing_childrens_behaviour(window):
    picker = window.capture.form.needs.picker
    picker.search.setFocus()
    type_text("behav")
    shown = [picker.matches.item(i).text() for i in range(picker.matches.count())]
    assert shown[0] == "Managing children's behaviour"
    assert any("anti-social behaviour" in s for s in shown[1:])
    press(Qt.Key.Key_Return)
    assert picker.values()["needs"] == ["child_behaviour"]
    assert picker.search.text() == ""


def test_dv_picks_domestic_abuse(window):
    find(window, "DV")
    assert window.capture.form.needs.picker.values()["needs"] == ["domestic_abuse"]


def test_nonsense_says_so_in_the_form_and_offers_other(window):
    picker = window.capture.form.needs.picker
    find(window, "xqzvy")
    assert picker.values()["needs"] == []
    assert picker.no_match.isVisible()
    assert picker.no_match.message == no_match_text("xqzvy")
    assert "No need matches 'xqzvy' — choose Other and describe it" in picker.no_match.text()
    assert picker.matches.currentItem().text() == "Other"
    press(Qt.Key.Key_Return)  # Enter again takes the suggestion
    assert picker.values()["needs"] == ["other"]
    assert not picker.no_match.isVisible()


def test_a_concern_is_found_too_and_enter_ticks_its_box(window):
    page = window.capture
    picker = page.form.needs.picker
    picker.search.setFocus()
    type_text("neglect")
    assert picker.matches.currentItem().text().startswith("⚠ Safeguarding concern: Neglect")
    press(Qt.Key.Key_Return)
    assert page.form.concerns.boxes["neglect"].isChecked()
    assert picker.values()["needs"] == []
    assert "Neglect" in picker.note.text() and picker.note.isVisible()
    find(window, "self harm")
    assert page.form.concerns.boxes["self_harm"].isChecked()


def test_a_need_already_chosen_is_not_called_a_mismatch(window):
    picker = window.capture.form.needs.picker
    find(window, "DV")
    find(window, "domestic violence")
    assert picker.values()["needs"] == ["domestic_abuse"]
    assert not picker.no_match.isVisible()
    assert picker.note.text() == "Already chosen: Domestic abuse"


def test_a_damaged_search_words_file_leaves_the_labels_to_search_by(make_context, tmp_path, caplog):
    """The window still opens and finds needs by their names; the log says which file."""
    broken = tmp_path / "resources"
    broken.mkdir()
    (broken / "search_words.toml").write_text("[needs\n", encoding="utf-8")
    ctx = replace(make_context(), resources=broken)
    with caplog.at_level(logging.WARNING, logger="ui"):
        words = ctx.search_words
    assert [f.code for f in words.rank("domestic abuse")][:1] == ["domestic_abuse"]
    assert words.rank("DV") == []  # a caller's word comes from the file alone
    assert "search_words.toml: not valid TOML" in caplog.text
    assert ctx.search_words is words  # read once, not by every form that opens
