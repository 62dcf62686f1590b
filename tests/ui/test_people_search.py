"""The requests page finds people: any name, part of a compound surname, a near miss, ranked.

The real window over a real database file, typed into as staff type; the list is read back.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from tests.services.requests_data import HOUSING, save
from tests.ui.conftest import type_text
from tests.ui.test_requests_page import go_to_requests, shown
from triage_app.domain.request import Child, Family


def _family(first: str, last: str, *children: tuple[str, str]):
    return replace(
        HOUSING,
        family=Family(first_name=first, last_name=last, phone="07700 900999"),
        children=tuple(
            Child(first_name=f, last_name=s, date_of_birth=date(2018, 5, 1)) for f, s in children
        ),
    )


@pytest.fixture
def people(db, rules, vocab, now):
    """A double-barrelled family, an Okafor, and a child with a name of her own."""
    return {
        "walsh_okafor": save(
            db,
            rules,
            vocab,
            _family("Ngozi", "Walsh-Okafor", ("Tobi", "Walsh-Okafor")),
            received=now - timedelta(hours=3),
        ),
        "okafor": save(
            db, rules, vocab, _family("Chidi", "Okafor"), received=now - timedelta(hours=2)
        ),
        "brennan": save(
            db,
            rules,
            vocab,
            _family("Siobhan", "Brennan", ("Aoife", "Kelly")),
            received=now - timedelta(hours=1),
        ),
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Walsh", ["walsh_okafor"]),  # half of a double-barrelled surname
        ("Walsh Okafor", ["walsh_okafor"]),  # both halves, as two words
        ("Okafor", ["okafor", "walsh_okafor"]),  # both hold it exactly: newest first
        ("Tobi", ["walsh_okafor"]),  # a child's first name
        ("Siobhan", ["brennan"]),  # a parent's first name
        ("Aoife Kelly", ["brennan"]),  # a child with another surname than the family's
        ("Okafur", ["okafor", "walsh_okafor"]),  # a near miss, by sound
    ],
)
def test_the_search_box_finds_people_by_any_name(window, qtbot, people, typed, expected):
    page = go_to_requests(window, qtbot)
    with qtbot.waitSignal(page.results_shown):
        type_text(typed)
    assert shown(page) == [people[key] for key in expected]


def test_exact_names_come_before_names_that_only_sound_alike(
    window, qtbot, db, rules, vocab, now, people
):
    # Newer than every Okafor, but only sounds like one: listed after them.
    okafur = save(db, rules, vocab, _family("Ada", "Okafur"), received=now)
    page = go_to_requests(window, qtbot)
    with qtbot.waitSignal(page.results_shown):
        type_text("Okafor")
    assert shown(page) == [people["okafor"], people["walsh_okafor"], okafur]
