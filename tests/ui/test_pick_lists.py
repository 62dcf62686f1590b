"""Typing in a pick list, as a call handler types: letters narrow, a slip starts again, the
same letter again steps on, a pause starts a new search."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from ui.capture.fields import CodeCombo, search_pause_ms


def pick_list(qtbot, name: str, vocabulary) -> CodeCombo:
    combo = CodeCombo(name, vocabulary)
    qtbot.addWidget(combo)
    combo.show()
    combo.setFocus()
    return combo


@pytest.fixture
def gender(qtbot, vocab) -> CodeCombo:
    return pick_list(qtbot, "Child's gender", vocab.gender)


@pytest.fixture
def ethnicity(qtbot, vocab) -> CodeCombo:
    return pick_list(qtbot, "Child's ethnicity", vocab.ethnicity)


def typed(combo: CodeCombo, text: str) -> str:
    QTest.keyClicks(combo, text)  # one key after another, no pause between
    return combo.currentText()


def pause(qtbot) -> None:
    qtbot.wait(search_pause_ms() + 100)


def test_one_letter_picks_the_label_it_starts(gender) -> None:
    assert typed(gender, "f") == "Female"
    assert gender.code() == "female"


def test_a_slip_is_corrected_by_the_next_letter_at_once(gender) -> None:
    assert typed(gender, "m") == "Male"
    assert typed(gender, "f") == "Female"  # "mf" matches nothing: "f" on its own
    assert typed(gender, "i") == "Indeterminate"


def test_the_same_letter_again_steps_to_the_next_label_with_it(ethnicity) -> None:
    assert typed(ethnicity, "w") == "White and Asian"
    assert typed(ethnicity, "w") == "White and Black African"
    assert typed(ethnicity, "ww") == "White British"


def test_letters_typed_together_narrow_the_choice(ethnicity, qtbot) -> None:
    assert typed(ethnicity, "White B") == "White British"
    pause(qtbot)
    assert typed(ethnicity, "irish") == "Traveller of Irish heritage"  # any part of a label
    pause(qtbot)
    assert typed(ethnicity, "white i") == "White Irish"


def test_after_a_pause_a_letter_starts_a_new_search(gender, qtbot) -> None:
    assert typed(gender, "n") == "Not recorded"
    pause(qtbot)
    assert typed(gender, "m") == "Male"  # not "nm"
    assert QApplication.keyboardInputInterval() == search_pause_ms()
