"""SQL pieces that SQLite and PostgreSQL spell differently: time arithmetic, index hints.

SQLite keeps times as ``YYYY-MM-DD HH:MM:SS.ffffff`` text, so a time shifted by whole days is
built with ``strftime`` to the second, followed by the time's own fraction of a second (a
whole number of days leaves it as it was), and compared as text: exact to the microsecond,
as Python's arithmetic is. PostgreSQL adds an interval.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, DateTime
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

_Column = ColumnElement[Any] | InstrumentedAttribute[Any]


class DaysBefore(FunctionElement[Any]):
    """A stored time less a whole number of days (more, if ``days`` is negative)."""

    type = DateTime()
    name = "days_before"
    inherit_cache = True

    def __init__(self, moment: _Column, days: int) -> None:
        self.days = int(days)
        super().__init__(moment)


def days_after(moment: _Column, days: int) -> DaysBefore:
    """A stored time plus a whole number of days."""
    return DaysBefore(moment, -days)


@compiles(DaysBefore, "sqlite")
def _days_before_sqlite(element: DaysBefore, compiler: SQLCompiler, **kw: Any) -> str:
    moment = compiler.process(element.clauses, **kw)
    shifted = f"strftime('%Y-%m-%d %H:%M:%S', {moment}, '{-element.days:+d} days')"
    return f"({shifted} || substr({moment}, 20))"


@compiles(DaysBefore, "postgresql")
def _days_before_postgresql(element: DaysBefore, compiler: SQLCompiler, **kw: Any) -> str:
    moment = compiler.process(element.clauses, **kw)
    return f"({moment} - interval '{element.days} days')"


class NotIndexed(FunctionElement[Any]):
    """A column SQLite must not choose an index for: ``+column``, its documented way.

    Without statistics (``ANALYZE``), SQLite's planner takes a time range over a year of
    requests to be selective, and would start the child re-referral look-up from the
    received-time index (half a million rows) instead of the child's name index (a handful).
    PostgreSQL plans from its own statistics, so there the column is left as it is.
    """

    name = "not_indexed"
    inherit_cache = True

    def __init__(self, column: _Column) -> None:
        self.type = column.type
        super().__init__(column)


@compiles(NotIndexed)
def _not_indexed(element: NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    return str(compiler.process(element.clauses, **kw))


@compiles(NotIndexed, "sqlite")
def _not_indexed_sqlite(element: NotIndexed, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"
