"""The queries an export is read with: the list of its versions, and each chunk's rows.

The versions are first listed in the order they are written (by request, then version),
then read a chunk at a time (``reading``): for each chunk, its versions (with their
requests), children, needs, actions and concerns, and the life each version carried
(:func:`life_queries`), one query each, by the chunk's version ids. So the memory held is a
few chunks' worth however many are exported, and every query is an index search driven by
those ids, never a scan of a whole table. Only the exporting process loads this module (and
SQLAlchemy): its helper processes run the queries as text (``workers``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Dialect, Select, Text, and_, cast, literal_column, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnClause
from sqlalchemy.types import NullType

from triage_app.export.pieces import CHILD_FIELDS, VERSION_FIELDS
from triage_app.export.reading import IDS_MARK, ChunkSql, Run
from triage_app.store.life_models import ContactAttempt, PathwayOverride, RequestNote, StatusChange
from triage_app.store.models import Request, RequestVersion
from triage_app.store.version_models import ActionRow, ChildRow, ConcernRow, NeedRow

V = RequestVersion
#: The columns read, by the names ``pieces`` gives them: two are the request's, the rest the
#: version's or the child's own.
_OF_REQUEST = {"record_id", "reference"}
VERSION_COLUMNS = tuple(
    getattr(Request if name in _OF_REQUEST else V, name) for name in VERSION_FIELDS
)
CHILD_COLUMNS = tuple(getattr(ChildRow, name) for name in CHILD_FIELDS)
_IDS: ColumnClause[Any] = literal_column(f"({IDS_MARK})")


def _raw(column: Any) -> Any:
    """A column as the driver returns it, without SQLAlchemy's per-value conversion.

    At 100,000 records the conversion of every stored time and JSON value to Python objects
    and back to text was most of an export's time; the few conversions needed are done in
    ``record`` instead, for both drivers' shapes (SQLite: text and 0/1; PostgreSQL: typed).
    The trace is read as its stored JSON text, so that PostgreSQL's driver does not parse
    every version's trace only for it to be encoded again (``record.trace_cache`` parses each
    distinct text once).
    """
    if column.key == "trace":
        return cast(column, Text).label(column.key)
    return type_coerce(column, NullType()).label(column.key)


def _of_chunk(*columns: Any, version_id: Any, order_by: tuple[Any, ...] = ()) -> Select[Any]:
    return select(*map(_raw, columns)).where(version_id.op("IN")(_IDS)).order_by(*order_by)


def _codes(row: Any, code: Any) -> Select[Any]:
    return _of_chunk(
        row.version_id, code, version_id=row.version_id, order_by=(row.version_id, row.position)
    )


def _carried(table: Any, ids: ColumnClause[Any], version: Any, *columns: Any) -> Select[Any]:
    """The rows of ``table`` carried by the chunk's versions, with each version's id first."""
    return (
        select(V.id, *columns)
        .join(V, and_(V.request_id == table.request_id, V.version == version))
        .where(V.id.op("IN")(ids))
        .order_by(V.id, table.id)
    )


def life_queries(ids: ColumnClause[Any]) -> tuple[Select[Any], ...]:
    """Notes, attempts, status changes, overrides asked and overrides decided, by version.

    The life each version carried (``life`` encodes it).
    """
    n, a, c, o = RequestNote, ContactAttempt, StatusChange, PathwayOverride
    asked = (o.id, o.asked_at, o.asked_by, o.recommended, o.chosen, o.floor, o.direction, o.reason)
    return (
        _carried(n, ids, n.version, n.at, n.author, n.text),
        _carried(a, ids, a.version, a.at, a.made_by, a.method, a.reached, a.note),
        _carried(
            c,
            ids,
            c.version,
            c.at,
            c.changed_by,
            c.from_status,
            c.to_status,
            c.outcome,
            c.reason,
            c.mash_decision,
        ),
        _carried(o, ids, o.version, *asked),
        _carried(
            o, ids, o.decided_version, o.id, o.decided_at, o.decided_by, o.state, o.decision_note
        ),
    )


def chunk_sql(dialect: Dialect) -> ChunkSql:
    """A chunk's queries as SQL text for ``dialect`` (see ``reading``)."""
    queries = (
        _of_chunk(*VERSION_COLUMNS, version_id=V.id).join(Request, Request.id == V.request_id),
        _of_chunk(
            *CHILD_COLUMNS,
            version_id=ChildRow.version_id,
            order_by=(ChildRow.version_id, ChildRow.position),
        ),
        _codes(NeedRow, NeedRow.need),
        _codes(ActionRow, ActionRow.action),
        _codes(ConcernRow, ConcernRow.concern),
    )
    compiled = (q.compile(dialect=dialect) for q in (*queries, *map(_raw_all, life_queries(_IDS))))
    texts = [_ids_for(dialect, str(q)) for q in compiled]
    versions, children, needs, actions, concerns, *life = texts
    return ChunkSql(versions, children, needs, actions, concerns, tuple(life))


def _ids_for(dialect: Dialect, sql: str) -> str:
    """On SQLite, the chunk's ids as one JSON array (``json_each``), not a list of literals.

    SQLite parses each of a list's 2,000 numbers as an expression of its own, in each of a
    chunk's ten queries; a JSON array is one string, read by ``json_each`` (built into SQLite
    since 3.38): 10% less CPU reading the rows, the same query plans (index searches by id),
    the same rows.
    """
    if dialect.name != "sqlite":
        return sql
    return sql.replace(f"({IDS_MARK})", f"(SELECT value FROM json_each('[{IDS_MARK}]'))")


def _raw_all(query: Select[Any]) -> Any:
    """``query`` with every column as the driver returns it (see :func:`_raw`)."""
    return query.with_only_columns(
        *(type_coerce(c, NullType()) for c in query.selected_columns), maintain_column_froms=True
    )


def ordered_ids(session: Session, chosen: Select[int]) -> list[int]:
    """The ids of the versions ``chosen`` names, in the order they are written."""
    query = select(V.id).where(V.id.in_(chosen)).order_by(V.request_id, V.version)
    return list(session.execute(query).scalars())


def run_in(session: Session) -> Run:
    """Runs a chunk's queries in this session's transaction (see ``reading.read_chunk``)."""

    def run(sql: str) -> list[tuple[Any, ...]]:
        result = session.connection().exec_driver_sql(sql)
        try:
            # The driver's own tuples: a SQLAlchemy Row for each of the some 800,000 rows of
            # 100,000 versions would cost more than the rest of reading them.
            return list(result.cursor.fetchall())
        finally:
            result.close()

    return run
