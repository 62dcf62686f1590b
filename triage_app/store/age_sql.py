"""SQL pieces the figures need that SQLite and PostgreSQL spell differently, or not at all.

Everything here is an expression evaluated by the database, so a month's figures are a handful
of indexed aggregate queries however many requests are stored.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Integer, case, extract
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

_Column = ColumnElement[Any] | InstrumentedAttribute[Any]


class AgeAt(FunctionElement[Any]):
    """Whole years from ``born`` to the date of ``on``, as ``domain.ages.age_on`` counts them.

    A leap-day birthday turns on 1 March, because 0228 < 0229 in the month-day comparison.
    A date of birth after ``on`` gives a negative number, which no age band holds.
    """

    type = Integer()
    name = "age_at"
    inherit_cache = True


@compiles(AgeAt)
def _age_at(element: AgeAt, compiler: SQLCompiler, **kw: Any) -> str:
    born, on = element.clauses
    before_birthday = extract("month", on) * 100 + extract("day", on) < (
        extract("month", born) * 100 + extract("day", born)
    )
    age = extract("year", on) - extract("year", born) - case((before_birthday, 1), else_=0)
    return str(compiler.process(age, **kw))


@compiles(AgeAt, "sqlite")
def _age_at_sqlite(element: AgeAt, compiler: SQLCompiler, **kw: Any) -> str:
    """From the stored text itself: years apart, less one if the birthday (``MM-DD``) is to come.

    SQLite keeps a date as ``YYYY-MM-DD`` and a time as ``YYYY-MM-DD HH:MM:SS.ffffff``, so the
    year is the first four characters and the month and day the five after the first dash;
    slicing them is several times cheaper than two ``strftime`` calls per child.
    """
    born, on = (compiler.process(c, **kw) for c in element.clauses)
    return (
        f"(CAST(substr({on}, 1, 4) AS INTEGER) - CAST(substr({born}, 1, 4) AS INTEGER)"
        f" - (substr({on}, 6, 5) < substr({born}, 6, 5)))"
    )


def age_at(born: _Column, on: _Column) -> ColumnElement[Any]:
    """Whole years from ``born`` to the date of ``on`` (see :class:`AgeAt`)."""
    return AgeAt(born, on)
