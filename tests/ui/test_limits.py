"""The window holds what it saves to the same limits as ``record``: dates and text lengths.

Its form allowed a date of birth of 01/01/0001, and a narrative of any length (``record``
takes 20,000 characters at most). Each is now a problem beside its field, and nothing is
saved until it is fixed.
"""

from __future__ import annotations

from sqlalchemy import func, select

from tests.ui.forms import child, complete_values
from tests.ui.test_validation import shown
from triage_app.store.models import Request


def _saved(db) -> int:
    with db.read() as s:
        return int(s.execute(select(func.count()).select_from(Request)).scalar_one())


def test_a_date_of_birth_before_1900_is_pointed_out_and_not_saved(window, db):
    page = window.capture
    page.form.set_values(complete_values(children=[child("Ada", "Testcase", "01/01/0001")]))
    assert not page.save()
    assert shown(page) == {"Child 1 date of birth or age": "is before 1900"}
    assert _saved(db) == 0


def test_a_narrative_longer_than_a_request_may_bring_is_pointed_out_and_not_saved(window, db):
    page = window.capture
    page.form.set_values(complete_values(narrative="Said on the phone. " * 1100))
    assert not page.save()
    [(field, problem)] = shown(page).items()
    assert problem == "is too long: at most 20000 characters"
    assert field == page.form.story.text.accessibleName()
    assert _saved(db) == 0
    page.form.set_values(complete_values(narrative="Said on the phone. " * 1000))
    assert page.save()
    assert _saved(db) == 1
