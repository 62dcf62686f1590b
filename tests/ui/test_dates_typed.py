"""Dates of birth as staff type them: "12/3/16", "18 months"; a bad one blocks nothing else.

Driven through the real window: the child's box is typed into, the route panel and the
message beside the field are read, and what is saved is read back from the database.
"""

from __future__ import annotations

from datetime import date

from tests.conftest import FIXED_NOW
from tests.ui.forms import child, complete_values
from triage_app.domain.dates import HOW_TO_TYPE_BIRTH
from triage_app.store.stored import load_request
from ui.pages.amend_dialog import form_values

#: Domestic abuse with a child in the household: at least early help (contract rule 5).
ABUSE = {"needs": ["domestic_abuse"], "primary_need": "domestic_abuse"}


def _saved_children(db, reference):
    with db.read() as s:
        return load_request(s, reference).request.children


def test_a_two_digit_year_is_read_as_the_child_s_and_saved(window, db):
    page = window.capture
    page.form.set_values(complete_values(children=[child("Lily", "Testcase", "12/3/16")]))
    page.refresh_now()
    assert page.form.children_list.rows[0].age.text() == "Age 10"
    assert page.save()
    saved = _saved_children(db, page.last_saved.reference)
    assert saved[0].date_of_birth == date(2016, 3, 12)
    assert not saved[0].date_of_birth_estimated


def test_an_age_in_months_is_saved_as_an_estimated_birth_date_and_says_so(window, db):
    page = window.capture
    page.form.set_values(complete_values(children=[child("Kit", "Testcase", "18 months")]))
    page.refresh_now()
    assert page.form.children_list.rows[0].age.text() == "Age 1 (date of birth estimated)"
    assert page.save()
    saved = _saved_children(db, page.last_saved.reference)
    assert saved[0].date_of_birth == date(2024, 9, 16)  # 18 months before 16 March 2026
    assert saved[0].date_of_birth_estimated
    # Opened for amendment, the box says the date is an estimate, and keeps it one.
    with db.read() as s:
        values = form_values(load_request(s, page.last_saved.reference).request)
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
