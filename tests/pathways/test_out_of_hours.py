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
from triage_app.pathways.due import CLOSES, due_at, out_of_hours

SAME_DAY = "the same working day"
moments = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)


@given(when=moments)
def test_a_same_day_route_says_out_of_hours_exactly_when_no_hub_is_open_to_act_on_it(when):
    """At a weekend (due a later day) or after the hubs close on a working day."""
    notice = out_of_hours(when, SAME_DAY)
    due = due_at(when, SAME_DAY)
    assert due is not None
    local = when.astimezone(LOCAL_ZONE)
    due_day = (due - timedelta(microseconds=1)).astimezone(LOCAL_ZONE).date()
    weekend = due_day != local.date()
    evening = local.time() >= CLOSES
    assert (notice is not None) == (weekend or evening)
    if notice is not None:
        assert "out-of-hours service now" in notice
    if weekend:
        assert f"{due_day:%A}" in notice


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


def test_a_friday_evening_names_monday():
    """27 November 2026, 21:00 in Coventry: due by midnight, the hubs shut until Monday."""
    friday = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)
    assert out_of_hours(friday, SAME_DAY) == (
        "This came in after 17:00, when the Family Hubs have closed: no one will act on it "
        "before Monday 30 November. If a child may be at risk before then, contact Children's "
        "Social Care's out-of-hours service now (999 if anyone is in immediate danger), and "
        "record that you did."
    )


def test_a_weekday_afternoon_says_nothing():
    assert out_of_hours(datetime(2026, 11, 27, 14, 0, tzinfo=UTC), SAME_DAY) is None
