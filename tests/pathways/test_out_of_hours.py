"""A same-day route taken when the office is shut says who to contact now.

Contract rule 14 counts "the same working day" in working days, so a social-care route
taken on a Saturday is due by the end of Monday; the handler is told to contact the
out-of-hours service now if a child may be at risk before then.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from triage_app.domain.localtime import LOCAL_ZONE
from triage_app.pathways.due import due_at, out_of_hours

SAME_DAY = "the same working day"
moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@given(when=moments)
def test_a_same_day_route_says_out_of_hours_exactly_when_its_due_day_is_a_later_day(when):
    notice = out_of_hours(when, SAME_DAY)
    due = due_at(when, SAME_DAY)
    assert due is not None
    received_day = when.astimezone(LOCAL_ZONE).date()
    due_day = (due - timedelta(microseconds=1)).astimezone(LOCAL_ZONE).date()
    assert (notice is not None) == (due_day != received_day)
    if notice is not None:
        assert f"{due_day:%A}" in notice and "out-of-hours service now" in notice


OTHERS = ["immediately", "the next working day", "5 working days", None]


@given(when=moments, within=st.sampled_from(OTHERS))
def test_other_routes_never_say_it(when, within):
    assert out_of_hours(when, within) is None


def test_a_sunday_evening_names_monday():
    sunday = datetime(2026, 12, 6, 21, 30, tzinfo=UTC)
    assert out_of_hours(sunday, SAME_DAY) == (
        "This came in on a Sunday: the same working day is Monday 7 December. If a child may "
        "be at risk before then, contact Children's Social Care's out-of-hours service now "
        "(999 if anyone is in immediate danger), and record that you did."
    )
