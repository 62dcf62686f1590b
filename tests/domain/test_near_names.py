"""Near-miss surnames: what a practitioner would accept as one family's name written two ways,
and what they would not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage_app.domain.keys import name_key
from triage_app.domain.near_names import MIN_EDITED, one_edit_apart, similar_surnames, sound_key


def similar(a: str, b: str) -> bool:
    return similar_surnames(name_key(a), name_key(b))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Penhaligon", "Penhalligon"),  # a letter doubled
        ("Okafor", "Okafur"),  # a vowel heard wrong
        ("Mohammed", "Muhammad"),  # two vowels: sounds the same
        ("Khan", "Kahn"),  # two letters swapped
        ("Smith", "Smyth"),
        ("Jones", "Jobes"),  # a key next to the right one
        ("Walsh-Okafor", "Walsh Okafur"),  # hyphen or space: the same key, then a vowel
        ("O'Neill", "ONeil"),
        ("Kowalski", "Kowalsky"),
    ],
)
def test_one_family_written_two_ways_is_similar(a: str, b: str) -> None:
    assert similar(a, b) and similar(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Robertson", "Rupert"),  # the same four-character Soundex code, R163
        ("Walsh-Okafor", "Walsh-Okonkwo"),  # W422 cut to four: the whole codes differ
        ("Khan", "Kim"),  # K5 both: one sound is too little to go on
        ("Li", "Lu"),  # one letter of two is a different name
        ("Lee", "Leo"),
        ("Ali", "Alt"),
        ("Patel", "Pateman"),
        ("Okafor", "Okonkwo"),
        ("Walsh-Okafor", "Okafor"),  # half a double-barrelled name is not the family's name
    ],
)
def test_names_that_only_look_alike_are_not(a: str, b: str) -> None:
    assert not similar(a, b) and not similar(b, a)


def test_a_name_missing_is_never_similar() -> None:
    assert not similar_surnames(None, "smith")
    assert not similar_surnames("smith", None)
    assert not similar_surnames(None, None)


def test_the_stored_sound_is_the_whole_code_when_long_enough() -> None:
    assert sound_key("penhaligon") == "P5425"
    assert sound_key("robertson") == "R16325"
    assert sound_key("khan") is None  # K5
    assert sound_key(None) is None and sound_key("") is None


_letters = st.text("abcdefghijklmnopqrstuvwxyz", min_size=MIN_EDITED + 1, max_size=14)


@st.composite
def edited(draw: st.DrawFn) -> tuple[str, str]:
    """A name and the same name with one letter changed, added, left out, or two swapped."""
    name = draw(_letters)
    at = draw(st.integers(0, len(name) - 1))
    letter = draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    kind = draw(st.sampled_from(["change", "add", "drop", "swap"]))
    if kind == "change":
        other = name[:at] + letter + name[at + 1 :]
    elif kind == "add":
        other = name[:at] + letter + name[at:]
    elif kind == "drop":
        other = name[:at] + name[at + 1 :]
    else:
        at = min(at, len(name) - 2)
        other = name[:at] + name[at + 1] + name[at] + name[at + 2 :]
    return name, other


@given(edited())
def test_any_one_edit_keeps_a_name_similar(pair: tuple[str, str]) -> None:
    a, b = pair
    assert similar_surnames(a, b) and similar_surnames(b, a)
    assert one_edit_apart(a, b) == (a != b)


@given(_letters, _letters)
def test_one_edit_apart_is_symmetric_and_means_what_it_says(a: str, b: str) -> None:
    assert one_edit_apart(a, b) == one_edit_apart(b, a)
    if one_edit_apart(a, b):
        assert abs(len(a) - len(b)) <= 1 and a != b
        # A change or a swap leaves the same length; an added letter, all the rest in order.
        if len(a) == len(b):
            differ = [i for i in range(len(a)) if a[i] != b[i]]
            assert len(differ) == 1 or (
                len(differ) == 2 and differ[1] == differ[0] + 1 and sorted(a) == sorted(b)
            )
        else:
            short, long = sorted((a, b), key=len)
            assert any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
