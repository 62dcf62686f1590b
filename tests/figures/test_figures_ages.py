"""A child's age in the figures is counted on the request's day in Coventry, not in UTC.

A request taken at 00:30 on a sixteenth birthday in British Summer Time is received at
23:30 UTC the day before: the form and the caller say sixteen, and so must the figures
("aged 16 and over", the age bands). Across the clock changes too.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from tests.services.requests_data import HOUSING, LEADER, save
from triage_app.domain.months import Month
from triage_app.domain.request import Child
from triage_app.figures import monthly_figures

NOW = datetime(2027, 1, 5, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("received", "born", "aged_16"),
    [
        (datetime(2026, 6, 14, 23, 30, tzinfo=UTC), date(2010, 6, 15), 1),  # 00:30 BST, the day
        (datetime(2026, 6, 14, 22, 30, tzinfo=UTC), date(2010, 6, 15), 0),  # 23:30 BST, the eve
        (datetime(2026, 12, 14, 23, 30, tzinfo=UTC), date(2010, 12, 15), 0),  # GMT: 23:30, eve
        (datetime(2026, 3, 29, 0, 30, tzinfo=UTC), date(2010, 3, 29), 1),  # before 01:00 change
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2010, 10, 25), 1),  # last BST night
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), date(2010, 10, 26), 0),  # first GMT night
    ],
)
def test_sixteen_on_the_local_day_the_request_came(any_db, rules, vocab, received, born, aged_16):
    child = Child(first_name="Tam", last_name="Testerson", date_of_birth=born)
    save(any_db, rules, vocab, replace(HOUSING, children=(child,)), received=received, actor=LEADER)
    with any_db.read() as s:
        figures = monthly_figures(s, Month.containing(received), None, vocab, NOW)
    assert figures.children == 1
    assert figures.children_aged_16_and_over == aged_16
