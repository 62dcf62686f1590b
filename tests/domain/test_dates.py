"""The forgiving date reader: every way staff write a day or a child's age, read one way.

Property-based: any real day, written in any of the accepted shapes, reads back as itself
(a two-digit year as the latest such day not after today); an age in months or weeks gives
an estimated date of birth that many months or weeks before today; nothing typed raises.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage_app.domain.ages import age_on
from triage_app.domain.dates import (
    HOW_TO_TYPE_BIRTH,
    MAX_AGE_YEARS,
    BirthReading,
    NotADate,
    birth_text,
    months_before,
    read_birth,
    read_date,
)

TODAY = date(2026, 3, 16)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
todays = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
separators = st.sampled_from(["/", ".", "-", " "])


@given(day=days, sep=separators, pad=st.booleans(), today=todays)
def test_a_day_written_day_month_year_with_four_digits_reads_as_itself(day, sep, pad, today):
    d, m = (f"{day.day:02d}", f"{day.month:02d}") if pad else (str(day.day), str(day.month))
    assert read_date(f"{d}{sep}{m}{sep}{day.year}", today) == day


@given(day=days, today=todays)
def test_an_iso_day_reads_as_itself(day, today):
    assert read_date(day.isoformat(), today) == day


@given(today=todays, back=st.integers(0, 99 * 365), sep=separators)
def test_a_two_digit_year_is_the_latest_such_day_not_after_today(today, back, sep):
    day = today - timedelta(days=back)
    typed = f"{day.day}{sep}{day.month}{sep}{day.year % 100:02d}"
    read = read_date(typed, today)
    assert read <= today
    assert (read.month, read.day, read.year % 100) == (day.month, day.day, day.year % 100)
    assert read == day  # fewer than 100 years back: the day meant


def test_the_issue_examples():
    assert read_birth("12/3/16", TODAY) == BirthReading(date_of_birth=date(2016, 3, 12))
    assert read_birth("12.03.2016", TODAY).date_of_birth == date(2016, 3, 12)
    assert read_birth("2016-03-12", TODAY).date_of_birth == date(2016, 3, 12)
    assert read_birth("5 yrs", TODAY) == BirthReading(age_years=5)
    assert read_birth("5", TODAY) == BirthReading(age_years=5)
    assert read_birth("18 months", TODAY) == BirthReading(date(2024, 9, 16), estimated=True)
    assert read_birth("6 wks", TODAY) == BirthReading(date(2026, 2, 2), estimated=True)
    assert read_birth("17/3/26", TODAY).date_of_birth == date(1926, 3, 17)  # never the future


@given(months=st.integers(0, 300), today=todays)
def test_an_age_in_months_is_an_estimated_birth_that_many_months_back(months, today):
    read = read_birth(f"{months} months", today)
    assert read.estimated and read.age_years is None and read.date_of_birth is not None
    assert age_on(read.date_of_birth, today) == months // 12
    assert read.date_of_birth == months_before(today, months)


@given(weeks=st.integers(0, 260), unit=st.sampled_from(["w", "wk", "wks", "weeks", " weeks"]))
def test_an_age_in_weeks_is_an_estimated_birth_that_many_weeks_back(weeks, unit):
    read = read_birth(f"{weeks}{unit}", TODAY)
    assert read == BirthReading(TODAY - timedelta(weeks=weeks), estimated=True)


@given(years=st.integers(0, MAX_AGE_YEARS), unit=st.sampled_from(["", " yrs", "y", " years old"]))
def test_an_age_in_years_stays_an_age(years, unit):
    assert read_birth(f"{years}{unit}", TODAY) == BirthReading(age_years=years)


@given(text=st.text(max_size=30))
def test_anything_typed_is_read_or_refused_in_words_never_raised(text):
    read = read_birth(text, TODAY)
    if read.problem is not None:
        assert read == BirthReading(problem=read.problem)
    try:
        read_date(text, TODAY)
    except NotADate as e:
        assert str(e)


@pytest.mark.parametrize("typed", ["31/2/16", "30/02/2016", "2016-13-01", "0/1/2016"])
def test_a_day_not_in_the_calendar_says_so(typed):
    assert "is not a real date" in (read_birth(typed, TODAY).problem or "")


@pytest.mark.parametrize("typed", ["soon", "12/3", "20190110", "5 decades", "999"])
def test_what_is_not_a_date_or_an_age_says_how_to_type_one(typed):
    assert read_birth(typed, TODAY).problem == HOW_TO_TYPE_BIRTH


@given(day=days, estimated=st.booleans())
def test_what_the_form_writes_back_reads_back_the_same(day, estimated):
    typed = birth_text(day, None, estimated=estimated)
    assert read_birth(typed, TODAY) == BirthReading(day, estimated=estimated)


MONTHS = [
    "Jan",
    "February",
    "mar",
    "April",
    "MAY",
    "jun",
    "July",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "December",
]


@given(day=days, named=st.booleans(), suffix=st.booleans(), sep=st.sampled_from([" ", "-", "/"]))
def test_a_day_with_its_month_named_reads_as_itself(day, named, suffix, sep):
    month = MONTHS[day.month - 1] if named else _MONTH_FULL[day.month - 1]
    th = "th" if suffix else ""
    assert read_date(f"{day.day}{th}{sep}{month}{sep}{day.year}", TODAY) == day


_MONTH_FULL = [date(2000, m, 1).strftime("%B") for m in range(1, 13)]


AGE_SHAPES = ["{y} yr {m} months", "{y} years and {m} mths old", "{y}y {m}m"]


@given(years=st.integers(0, 24), months=st.integers(0, 11), today=todays,
       typed=st.sampled_from(AGE_SHAPES))  # fmt: skip
def test_an_age_in_years_and_months_is_an_estimated_birth_that_many_months_back(
    years, months, today, typed
):
    read = read_birth(typed.format(y=years, m=months), today)
    assert read == BirthReading(months_before(today, years * 12 + months), estimated=True)


@given(month=st.integers(1, 12), year=st.integers(1990, 2025), named=st.booleans())
def test_a_month_without_a_day_is_the_months_last_day_estimated_the_youngest_the_child_can_be(
    month, year, named
):
    typed = f"{_MONTH_FULL[month - 1]} {year}" if named else f"{month}/{year}"
    read = read_birth(typed, TODAY)
    assert read.estimated and read.date_of_birth is not None
    assert (read.date_of_birth.year, read.date_of_birth.month) == (year, month)
    assert (read.date_of_birth + timedelta(days=1)).month != month  # the month's last day


def test_a_month_and_year_still_to_come_is_not_a_birth_and_this_month_is_not_after_today():
    assert read_birth("April 2026", TODAY).problem == HOW_TO_TYPE_BIRTH
    assert read_birth("March 2026", TODAY) == BirthReading(TODAY, estimated=True)


def test_a_child_born_in_the_month_they_turn_18_counts_as_under_18_until_the_month_ends():
    """Who the route treats as a child, where the day is not known: the youngest reading."""
    read = read_birth("March 2008", TODAY)
    assert read.date_of_birth is not None and age_on(read.date_of_birth, TODAY) == 17


@pytest.mark.parametrize("typed", ["12 foo 2016", "13/2016", "2 months 3 yrs", "5 may"])
def test_a_named_month_or_an_age_that_cannot_be_read_says_how_to_type_one(typed):
    assert read_birth(typed, TODAY).problem == HOW_TO_TYPE_BIRTH
