"""The words of names search finds people by, and the Soundex code of each."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage_app.domain.name_words import COMPOUND, name_keys, name_words, soundex, word_keys


@pytest.mark.parametrize(
    ("word", "code"),
    [
        # The standard's own examples (US National Archives, "The Soundex Indexing System").
        ("robert", "R163"),
        ("rupert", "R163"),
        ("rubin", "R150"),
        ("ashcraft", "A261"),
        ("ashcroft", "A261"),
        ("tymczak", "T522"),
        ("pfister", "P236"),
        ("honeyman", "H555"),
        ("lee", "L000"),
        # What staff mishear.
        ("okafor", "O216"),
        ("okafur", "O216"),
        ("smith", "S530"),
        ("smyth", "S530"),
    ],
)
def test_soundex(word, code):
    assert soundex(word) == code


def test_a_word_without_letters_has_no_sound():
    assert soundex("2024") is None
    assert soundex("") is None


def test_a_compound_name_is_each_part_and_the_whole():
    assert name_words("Walsh-Okafor") == ["walsh", "okafor"]
    assert name_keys("Walsh-Okafor") == ["walsh", "okafor", "=walshokafor"]
    assert name_words("O Neill") == ["o", "neill", "oneill"]
    assert name_words("De La Cruz") == ["de", "la", "cruz", "delacruz"]
    assert name_words("O'Neill") == ["oneill"]
    assert name_words("Zoë") == ["zoe"]
    assert name_words(None) == name_words("  ") == []


@given(st.lists(st.text(max_size=20), max_size=6))
def test_the_keys_are_each_word_once_then_each_sound_once_and_never_meet(names):
    keys = word_keys(names)
    words = list(dict.fromkeys(w for name in names for w in name_words(name)))
    sounds = list(dict.fromkeys(s for s in map(soundex, words) if s))
    wholes = [k for name in names for k in name_keys(name) if k.startswith(COMPOUND)]
    assert keys == words + sounds + list(dict.fromkeys(wholes))
    assert not set(words) & set(sounds)  # a word is lower case, a sound starts upper case
