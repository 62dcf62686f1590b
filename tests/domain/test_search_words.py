"""Finding a need or a concern by what a caller says: the shipped search words, and ranking."""

from __future__ import annotations

import tomllib

import pytest

from triage_app.domain.search_words import (
    SEARCH_WORDS_FILE,
    build_search_words,
    load_search_words,
)
from triage_app.errors import TriageError


@pytest.fixture(scope="module")
def search(resources, vocab):
    return load_search_words(resources, vocab)


def shipped_words(resources):
    with (resources / SEARCH_WORDS_FILE).open("rb") as f:
        data = tomllib.load(f)
    return [
        (kind, code, word) for kind in data for code, words in data[kind].items() for word in words
    ]


def test_each_search_word_finds_its_own_code_first(search, resources):
    wrong = []
    for kind, code, word in shipped_words(resources):
        found = search.first(word)
        if found is None or (found.kind, found.code) != (kind, code):
            wrong.append(f"{word!r}: {kind} {code} expected, got {found and found.code}")
    assert wrong == []


def test_each_label_finds_its_own_code_first(search, vocab):
    for kind in ("need", "concern"):
        for term in getattr(vocab, kind):
            found = search.first(term.label)
            assert (found.kind, found.code) == (kind, term.code), term.label


def test_every_need_and_concern_has_search_words(search, vocab):
    for kind in ("need", "concern"):
        for term in getattr(vocab, kind):
            assert search.words(kind, term.code), f"{kind} {term.code} has no search words"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("behav", "child_behaviour"),
        ("DV", "domestic_abuse"),
        ("drugs", "substance_misuse"),
        ("alcohol", "substance_misuse"),
        ("ADHD", "learning_development"),
        ("autism", "learning_development"),
        ("bully", "anxiety_low_mood"),
        ("evict", "housing_rent"),
        ("benefits", "money_debt"),
        ("self harm", "self_harm"),
        ("Self-harm", "self_harm"),
        ("depress", "mental_ill_health"),
        ("neglect", "neglect"),
        ("county lines", "child_exploitation"),
    ],
)
def test_what_callers_say_finds_the_likely_code_first(search, typed, code):
    assert search.first(typed).code == code


@pytest.mark.parametrize(
    ("typed", "kind", "code"),
    [
        ("bully", "need", "anxiety_low_mood"),
        ("can't cope", "need", "anxiety_low_mood"),
        ("cant cope", "need", "anxiety_low_mood"),
        ("can’t cope", "need", "anxiety_low_mood"),  # a curly apostrophe, as pasted
        ("overwhelmed", "need", "anxiety_low_mood"),
        ("dad drinks", "need", "substance_misuse"),
        ("mum drinks", "need", "substance_misuse"),
        ("drunk", "need", "substance_misuse"),
        ("overdose", "concern", "self_harm"),
        ("took an overdose", "concern", "self_harm"),
        ("self harm", "concern", "self_harm"),
        ("suicide", "concern", "self_harm"),
        ("kicked out", "concern", "homeless_16_17"),
        ("chucked out", "concern", "homeless_16_17"),
        ("no gas", "need", "money_debt"),
        ("no electric", "need", "money_debt"),
        ("skint", "need", "money_debt"),
        ("won't go to school", "need", "school_attendance"),
        ("wont go to school", "need", "school_attendance"),
        ("bunking off", "need", "school_attendance"),
        ("sleeping rough", "need", "homelessness"),
        ("scared of my partner", "need", "domestic_abuse"),
        ("kicking off", "need", "child_behaviour"),
        ("out of control", "need", "child_behaviour"),
        ("gone missing", "need", "missing_child"),
        ("hearing voices", "need", "mental_ill_health"),
        ("no food", "need", "food_practical"),
        ("no food in the house", "concern", "neglect"),
        ("left on their own", "concern", "neglect"),
        ("hits the kids", "concern", "physical_abuse"),
    ],
)
def test_what_a_call_handler_types_finds_the_right_need_or_concern(search, typed, kind, code):
    found = search.first(typed)
    assert (found.kind, found.code) == (kind, code)


def test_an_apostrophe_joins_a_word_rather_than_splitting_it():
    from triage_app.domain.search_words import normalise

    assert normalise("Can't  cope") == normalise("cant cope") == "cant cope"
    assert normalise("self-harm") == "self harm"


def test_a_match_at_the_start_of_a_word_ranks_before_one_inside_a_word(search):
    codes = [e.code for e in search.rank("behav")]
    assert codes[0] == "child_behaviour"
    assert codes.index("child_behaviour") < codes.index("crime_asb")
    # Inside a word only ("iour" in "behaviour"), neither is preferred: the list's order holds.
    inside = [e.code for e in search.rank("iour")]
    assert inside.index("crime_asb") < inside.index("child_behaviour")


def test_several_words_each_match_somewhere(search):
    assert search.first("money worries").code == "money_debt"
    assert search.first("young carer").code == "young_carer"


def test_nothing_matches_nonsense_or_nothing(search):
    assert search.rank("xqzv") == []
    assert search.rank("   ") == []
    assert search.first("xqzv") is None


def test_the_words_given_are_kept_apart_from_label_and_code(search):
    assert search.words("need", "other") == ("something else", "not listed")
    assert "dv" in search.words("need", "domestic_abuse")


def test_kinds_can_be_limited(search):
    assert search.rank("neglect", kinds=("need",)) == []
    assert [e.kind for e in search.rank("neglect", kinds=("concern",))] == ["concern"]


def test_an_unknown_code_stops_loading_naming_the_file_and_code(vocab):
    with pytest.raises(TriageError, match=r"words\.toml: \[need\] unknown need 'domestic_abuze'"):
        build_search_words({"need": {"domestic_abuze": ["DV"]}}, vocab, "words.toml")
    with pytest.raises(TriageError, match=r"\[concern\] neglect must be a list of words"):
        build_search_words({"concern": {"neglect": "left alone"}}, vocab, "words.toml")
