"""Dates of birth as staff type them: "12/3/16", "18 months"; a bad one blocks nothing else.

Driven through the real window: the child's box is typed into, the route panel and the
message beside the field are read, and what is saved is read back from the database.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.conftest import FIXED_NOW
from tests.services.requests_data import HOUSING
from tests.ui.forms import child, complete_values
from triage_app.domain.dates import HOW_TO_TYPE_BIRTH
from triage_app.domain.request import Child
from triage_app.store.stored import load_request
from ui.pages.amend_dialog import form_values

#: Domestic abuse with a child in the household: at least early help (contract rule 5).
ABUSE = {"needs": ["domestic_abuse"], "primary_need": "domestic_abuse"}


def _typed_and_saved(window, db, born: str) -> tuple[str, Child]:
    """Type ``born`` as the only child's date, save; (the age shown, the child as stored)."""
    page = window.capture
    page.form.set_values(complete_values(children=[child("Kit", "Testcase", born)]))
    page.refresh_now()
    shown = page.form.children_list.rows[0].age.text()
    assert page.save()
    with db.read() as s:
        return shown, load_request(s, page.last_saved.reference).request.children[0]


def test_a_two_digit_year_is_read_as_the_child_s_and_saved(window, db):
    shown, saved = _typed_and_saved(window, db, "12/3/16")
    assert shown == "Age 10"
    assert saved.date_of_birth == date(2016, 3, 12)
    assert not saved.date_of_birth_estimated


def test_an_age_in_months_is_saved_as_an_estimated_birth_date_and_says_so(window, db):
    shown, saved = _typed_and_saved(window, db, "18 months")
    assert shown == "Age 1 (date of birth estimated)"
    assert saved.date_of_birth == date(2024, 9, 16)  # 18 months before 16 March 2026
    assert saved.date_of_birth_estimated
    # Opened for amendment, the box says the date is an estimate, and keeps it one.
    values = form_values(replace(HOUSING, children=(saved,)))
    assert values["children"][0]["born"] == "about 16/09/2024"


def test_a_bad_date_shows_one_message_and_the_route_for_what_is_known(window, db):
    page = window.capture
    values = complete_values(**ABUSE, children=[child("Ada", "Testcase", "12/13/16")])
    page.form.set_values(values)
    page.refresh_now()
    # The child whose date cannot be read counts as a child of unknown age (rule 11): the
    # route is shown, at early help, not lowered to a signpost for want of a child.
    assert page.route_panel.current is not None
    assert page.route_panel.current.pathway == "early_help"
    assert not page.save()
    row = page.form.children_list.rows[0]
    assert row.born_error.message == "is not a real date: there is no 12/13/2016"
    points = page.route_panel.points.text()
    assert points.count("Child 1") == 1, points
    assert row.born.text() == "12/13/16"  # nothing typed is lost


def test_words_that_are_no_date_say_how_to_type_one(window):
    page = window.capture
    page.form.set_values(complete_values(children=[child("Bo", "Testcase", "next week")]))
    assert not page.save()
    assert page.form.children_list.rows[0].born_error.message == HOW_TO_TYPE_BIRTH
    assert FIXED_NOW.date() == date(2026, 3, 16)  # the day the estimates above count from
