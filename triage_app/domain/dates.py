"""Reading a date, or a child's age, as staff type it on the phone.

A caller says "the twelfth of March, 2016" and the handler types "12/3/16", "12.03.2016",
"12-3-16" or "2016-03-12"; or the caller only knows "he's five", "18 months", "six weeks".
One reader, here, serves the form and ``triage-app record``, so both accept the same things
and refuse the rest with the same words.

- Day, month, year in that order (the UK's), separated by ``/``, ``.``, ``-`` or a space; or
  ISO ``yyyy-mm-dd``; or with the month named ("12 Mar 2016", "12th March 16").
- A two-digit year is a child's: the latest century that does not put the date after
  ``today`` ("12/3/16" is 2016; "5/6/98" is 1998).
- A date the caller is unsure of ("about 12/3/16", "12/3/16 (estimated)") is marked
  *estimated*, as the form writes such a date back when a request is amended.
- An age: whole years ("5", "5 yrs", "5 years old") are kept as an age, as said; months,
  weeks or days ("18 months", "6 wks", "1 yr 6 months") give a date of birth counted back
  from ``today``, marked *estimated*, so nothing downstream mistakes it for a date someone
  gave.
- A month without a day ("March 2016", "3/2016"), as a parent often remembers it, is an
  estimated date of birth on the month's last day (not after ``today``): the youngest the
  child can be, so a child near an age line (13, 16, 18) is counted on the side that keeps
  them in a child's route.

Nothing here checks a date against the day a request was received: that is
:mod:`triage_app.domain.checks`, for dates typed and imported alike.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date, timedelta

#: The oldest age in years the wire accepts (``age_years``); more is a typing slip.
MAX_AGE_YEARS = 130
#: Ages given in smaller units: beyond these, the caller would have said years.
MAX_MONTHS = 12 * 25
MAX_WEEKS = 52 * 5
MAX_DAYS = 366 * 2

#: What to type, said when what was typed cannot be read.
HOW_TO_TYPE_DATE = "type the date as dd/mm/yyyy (12/03/2016 or 12/3/16) or yyyy-mm-dd"
HOW_TO_TYPE_BIRTH = (
    "type the date of birth as dd/mm/yyyy (12/3/16 and 12 Mar 2016 also work), a month "
    "(March 2016), or an age: 5, 5 yrs, 18 months, 1 yr 6 months, 6 wks"
)

#: "about 12/3/16", "12/3/16 (estimated)": a date the caller was not sure of.
_ABOUT = re.compile(r"^(?:about|approx\.?|approximately|around|c\.|circa|~)\s*")
_ESTIMATED = re.compile(r"\s*\(?(?:est\.?|estimated)\)?$")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4}|\d{2})")
_AGE = re.compile(r"(\d{1,3})\s*([a-z]*)(?:\s*old)?")
#: "1 yr 6 months", "2 years and 3 mths old".
_YEARS_MONTHS = re.compile(
    r"(\d{1,2})\s*([a-z]+)\s*,?\s*(?:and\s*)?(\d{1,2})\s*([a-z]+)(?:\s*old)?"
)
#: "12 Mar 2016", "12th march 16", "12-mar-2016".
_NAMED = re.compile(
    r"(\d{1,2})(?:st|nd|rd|th)?\s*[/.\- ]?\s*([a-z]{3,9})\.?\s*[/.\- ,]?\s*(\d{4}|\d{2})"
)
#: "March 2016", "mar 16", "3/2016": a month and year with no day.
_MONTH_YEAR = re.compile(
    r"(?:([a-z]{3,9})\.?|(\d{1,2}))\s*[/.\- ,]?\s*(\d{4})|([a-z]{3,9})\s+(\d{2})"
)
_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_YEARS = frozenset({"", "y", "yr", "yrs", "year", "years", "yo", "yoa"})
_MONTHS = frozenset({"m", "mo", "mos", "mth", "mths", "mnth", "mnths", "month", "months"})
_WEEKS = frozenset({"w", "wk", "wks", "week", "weeks"})
_DAYS = frozenset({"d", "dy", "dys", "day", "days"})


class NotADate(ValueError):
    """What was typed is not a date this module can read; the message says why."""


@dataclass(frozen=True)
class BirthReading:
    """A child's date of birth or age, as read from one box.

    ``estimated``: the date of birth was counted back from an age in months, weeks or days,
    not given. ``problem``: what is wrong with the text (then nothing else is set).
    """

    date_of_birth: date | None = None
    age_years: int | None = None
    estimated: bool = False
    problem: str | None = None


def _century(two_digits: int, month: int, day: int, today: date) -> int:
    """The year ending ``two_digits`` that puts the day latest without passing ``today``."""
    year = today.year - today.year % 100 + two_digits
    try:
        if date(year, month, day) > today:
            year -= 100
    except ValueError:
        pass  # not a real day in that year: the caller reports it
    return year


def _month_named(name: str) -> int | None:
    """The month a name stands for: its first three letters or more ("Mar", "march", "Sept")."""
    name = name.casefold()
    for number, full in enumerate(_MONTH_NAMES, start=1):
        if len(name) >= 3 and (full.startswith(name) or (name == "sept" and number == 9)):
            return number
    return None


def read_date(text: str, today: date) -> date:
    """A day typed as dd/mm/yyyy, d/m/yy (``/ . -`` or a space), yyyy-mm-dd, or "12 Mar 2016".

    Raises:
        NotADate: not written as a date, or not a day in the calendar (31/02/2016).
    """
    text = text.strip().casefold()
    iso = _ISO.fullmatch(text)
    dmy = _DMY.fullmatch(text)
    named = _NAMED.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif dmy or named:
        found = dmy or named
        assert found is not None
        day, year = int(found.group(1)), int(found.group(3))
        month_named = _month_named(found.group(2)) if named else int(found.group(2))
        if month_named is None:
            raise NotADate(HOW_TO_TYPE_DATE)
        month = month_named
        if len(found.group(3)) == 2:
            year = _century(year, month, day, today)
    else:
        raise NotADate(HOW_TO_TYPE_DATE)
    try:
        return date(year, month, day)
    except ValueError:
        raise NotADate(f"is not a real date: there is no {day}/{month}/{year}") from None


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier (the month's last day if it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def _age(count: int, unit: str, today: date) -> BirthReading | None:
    """An age in ``unit``: years kept as given, smaller units as an estimated birth date."""
    if unit in _YEARS:
        return BirthReading(age_years=count) if count <= MAX_AGE_YEARS else None
    if unit in _MONTHS and count <= MAX_MONTHS:
        return BirthReading(date_of_birth=months_before(today, count), estimated=True)
    if unit in _WEEKS and count <= MAX_WEEKS:
        return BirthReading(date_of_birth=today - timedelta(weeks=count), estimated=True)
    if unit in _DAYS and count <= MAX_DAYS:
        return BirthReading(date_of_birth=today - timedelta(days=count), estimated=True)
    return None


def _years_and_months(text: str, today: date) -> BirthReading | None:
    """An age such as "1 yr 6 months": an estimated date of birth that many months back."""
    found = _YEARS_MONTHS.fullmatch(text)
    if not found or found.group(2) not in _YEARS or found.group(4) not in _MONTHS:
        return None
    months = int(found.group(1)) * 12 + int(found.group(3))
    if months > MAX_MONTHS:
        return None
    return BirthReading(date_of_birth=months_before(today, months), estimated=True)


def _month_only(text: str, today: date) -> BirthReading | None:
    """A month such as "March 2016": its last day, estimated (the youngest the child can be)."""
    found = _MONTH_YEAR.fullmatch(text)
    if not found:
        return None
    name, number, year, short_name, short_year = found.groups()
    month = _month_named(name or short_name) if (name or short_name) else int(number)
    if month is None or not 1 <= month <= 12:
        return None
    if short_year is not None:
        year_number = _century(int(short_year), month, 1, today)
    else:
        year_number = int(year)
    last = date(year_number, month, monthrange(year_number, month)[1])
    if date(year_number, month, 1) > today:
        return None
    return BirthReading(date_of_birth=min(last, today), estimated=True)


def read_birth(text: str, today: date) -> BirthReading:
    """A child's date of birth, or their age, from what was typed (empty: nothing known).

    An age in months, weeks or days is counted back from ``today`` (the day the request is
    taken), giving an estimated date of birth; an age in whole years stays an age.
    """
    text = " ".join(text.strip().casefold().split())
    if not text:
        return BirthReading()
    hedged = _ABOUT.sub("", _ESTIMATED.sub("", text))
    if hedged != text:
        reading = read_birth(hedged, today) if hedged else BirthReading(problem=HOW_TO_TYPE_BIRTH)
        return replace(reading, estimated=reading.date_of_birth is not None)
    age = _AGE.fullmatch(text)
    if age:
        as_age = _age(int(age.group(1)), age.group(2), today)
        return as_age or BirthReading(problem=HOW_TO_TYPE_BIRTH)
    partly = _years_and_months(text, today) or _month_only(text, today)
    if partly is not None:
        return partly
    try:
        return BirthReading(date_of_birth=read_date(text, today))
    except NotADate as e:
        message = str(e)
        return BirthReading(problem=HOW_TO_TYPE_BIRTH if message == HOW_TO_TYPE_DATE else message)


def birth_text(born: date | None, age_years: int | None, *, estimated: bool = False) -> str:
    """What the form shows for a stored child, read back the same way by :func:`read_birth`."""
    if born is not None:
        return f"{'about ' if estimated else ''}{born:%d/%m/%Y}"
    return "" if age_years is None else str(age_years)
