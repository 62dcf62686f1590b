"""A child's age on the day a request was received, in Coventry's time, worked out in SQL.

The figures count children by their age when the request came (``store.figure_tally``), as
the form checks an age given with a date of birth: on the local (Europe/London) date. A
request taken at 00:30 on a sixteenth birthday in British Summer Time is 23:30 UTC the day
before; the child is sixteen. SQLite has no time zones, so there the local date is the UTC
date, or the date an hour later during British Summer Time (from 01:00 UTC on the last
Sunday of March to 01:00 UTC on the last Sunday of October, the rule since 1996);
PostgreSQL converts to the zone itself.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, case, extract, func, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from triage_app.domain.localtime import ZONE_NAME

_Column = ColumnElement[Any] | InstrumentedAttribute[Any]


class AgeAt(FunctionElement[Any]):
    """Whole years from ``born`` to the local date of ``on``, as ``domain.ages.age_on`` counts.

    A leap-day birthday turns on 1 March, because 0228 < 0229 in the month-day comparison.
    A date of birth after ``on`` gives a negative number, which no age band holds.
    """

    type = Integer()
    name = "age_at"
    inherit_cache = True


@compiles(AgeAt)
def _age_at(element: AgeAt, compiler: SQLCompiler, **kw: Any) -> str:
    born, moment = element.clauses
    # Stored as a time without zone, in UTC: made a moment, then read in Coventry's time.
    on = func.timezone(literal(ZONE_NAME), func.timezone(literal("UTC"), moment))
    before_birthday = extract("month", on) * 100 + extract("day", on) < (
        extract("month", born) * 100 + extract("day", born)
    )
    age = extract("year", on) - extract("year", born) - case((before_birthday, 1), else_=0)
    return str(compiler.process(age, **kw))


@compiles(AgeAt, "sqlite")
def _age_at_sqlite(element: AgeAt, compiler: SQLCompiler, **kw: Any) -> str:
    """From the stored text itself: years apart, less one if the birthday (``MM-DD``) is to come.

    SQLite keeps a date as ``YYYY-MM-DD`` and a time as ``YYYY-MM-DD HH:MM:SS.ffffff`` (UTC),
    so the year is the first four characters and the month and day the five after the first
    dash; slicing them is several times cheaper than ``strftime`` calls per child.

    An hour later is another day only from 23:00 UTC, so the local date is the stored date
    unless the hour is 23; only then are the summer's bounds worked out (four ``date`` calls
    a child otherwise, most of what counting children's ages cost). From 23:00 the date is
    still ``date``'s, which rounds to the millisecond: the same answer as ever.
    """
    born, moment = (compiler.process(c, **kw) for c in element.clauses)
    year = f"substr({moment}, 1, 4)"
    summer = (
        f"{moment} >= date({year} || '-03-31', '-6 days', 'weekday 0') || ' 01:00:00' AND "
        f"{moment} < date({year} || '-10-31', '-6 days', 'weekday 0') || ' 01:00:00'"
    )
    later = f"CASE WHEN {summer} THEN '+1 hour' ELSE '+0 hours' END"
    on = (
        f"CASE WHEN substr({moment}, 12, 2) = '23' THEN date({moment}, {later}) "
        f"ELSE substr({moment}, 1, 10) END"
    )
    return (
        f"(CAST(substr({on}, 1, 4) AS INTEGER) - CAST(substr({born}, 1, 4) AS INTEGER)"
        f" - (substr({on}, 6, 5) < substr({born}, 6, 5)))"
    )


def age_at(born: _Column, on: _Column) -> ColumnElement[Any]:
    """Whole years from ``born`` to the local date of the moment ``on`` (see :class:`AgeAt`)."""
    return AgeAt(born, on)
