"""``column`` starts with a prefix, written so that an ordinary index answers it.

SQLite cannot use an index for ``LIKE`` (it is case-insensitive there), so it gets the range
``prefix <= column < prefix + U+10FFFF``; keys hold ASCII letters and digits only, so the
range is exact. Other databases get ``LIKE 'prefix%'``, which stays right under any
collation (PostgreSQL seeks it in the ``varchar_pattern_ops`` indexes of migrations 0005
and 0015).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, literal
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

#: Sorts after every character a key can hold (keys are folded to ASCII letters and digits).
_AFTER_ALL = "\U0010ffff"


class _StartsWith(FunctionElement[bool]):
    name = "starts_with"
    inherit_cache = True


class _ExtendsPast(_StartsWith):
    """``column`` starts with a prefix and is longer than it."""

    name = "extends_past"
    inherit_cache = True


@compiles(_StartsWith)
def _as_like(element: _StartsWith, compiler: SQLCompiler, **kw: Any) -> str:
    column, prefix, _upper = element.clauses
    match = column.startswith(prefix)
    if isinstance(element, _ExtendsPast):
        match = and_(match, column != prefix)
    return f"({compiler.process(match, **kw)})"


@compiles(_StartsWith, "sqlite")
def _as_range(element: _StartsWith, compiler: SQLCompiler, **kw: Any) -> str:
    column, prefix, upper = element.clauses
    low = column > prefix if isinstance(element, _ExtendsPast) else column >= prefix
    return f"({compiler.process(and_(low, column < upper), **kw)})"


def starts_with(
    column: InstrumentedAttribute[str | None] | InstrumentedAttribute[str] | ColumnElement[Any],
    prefix: str,
    *,
    longer: bool = False,
) -> ColumnElement[bool]:
    """``column`` starts with ``prefix`` (``longer``: and is not just ``prefix``)."""
    kind = _ExtendsPast if longer else _StartsWith
    return kind(column, literal(prefix), literal(prefix + _AFTER_ALL))
