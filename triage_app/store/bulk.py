"""Inserting many rows at once, for demo data and benchmarks at the scale of a region.

SQLAlchemy compiles and processes parameters row by row, which dominates when loading a
million requests. Here the statement is compiled once and each column's own bind processor
(the same conversion SQLAlchemy would apply: times to UTC, JSON to text …) is applied in a
tight loop, then the driver's ``executemany`` does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session


def insert_rows(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) into ``table`` inside the session's transaction."""
    if not rows:
        return
    conn = session.connection()
    dialect = conn.dialect
    if dialect.name != "sqlite":
        # psycopg adapts JSON and the rest through SQLAlchemy's own executemany path, which
        # is already batched for PostgreSQL.
        session.execute(insert(table), list(rows))
        return
    keys = list(rows[0])
    compiled = insert(table).compile(dialect=dialect, column_keys=keys)
    order = list(compiled.positiontup or []) if compiled.positional else keys
    processors = [table.c[k].type.bind_processor(dialect) for k in order]
    pairs = list(zip(order, processors, strict=True))
    if compiled.positional:
        params: list[Any] = [tuple(p(row[k]) if p else row[k] for k, p in pairs) for row in rows]
    else:
        params = [{k: p(row[k]) if p else row[k] for k, p in pairs} for row in rows]
    conn.exec_driver_sql(str(compiled), params)


def advance_sequences(session: Session, tables: Sequence[Table]) -> None:
    """After rows were inserted with their ids given, let PostgreSQL's id sequences follow.

    SQLite takes the next id from the table itself; PostgreSQL's serial columns draw from a
    sequence that explicit ids do not move, so the next ordinary save would collide.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}), false)"
            )
        )
