"""The rows an export is made from: four set-based queries, read as the driver's tuples.

Which versions is a query of version ids (those waiting, or those of a past batch) that
each query takes its rows ``IN``, so that on SQLite every one is an index search driven by
those ids, never a scan of a whole table, however few are waiting. The versions are read
first; their children, needs and actions follow in one query each and are matched up by
version id (a version's rows are committed with it, so none can be missing, and rows of
versions saved meanwhile are ignored): four queries, whatever the count.
Each version's children, needs and actions are encoded once here, as they are grouped, and
the versions are handed on in chunks of columns, so that a record's line is put together
from finished pieces, a column at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Select, Text, cast, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from triage_app.export import record
from triage_app.store.models import ActionRow, ChildRow, NeedRow, Request, RequestVersion

V = RequestVersion
_VERSION_COLUMNS = (
    V.id, Request.record_id, Request.reference, V.version, V.created_at, V.received_at,
    V.author, V.desk, V.amendment_reason, V.contact_method, V.source,
    V.referrer_name, V.referrer_organisation, V.referrer_phone, V.referrer_email,
    V.family_first_name, V.family_last_name, V.address, V.withhold_address, V.postcode,
    V.phone, V.email, V.language, V.interpreter, V.send, V.narrative,
    V.immediate_danger, V.significant_harm, V.domestic_abuse_high_risk, V.consent,
    V.primary_need, V.hub, V.hub_chosen_by_staff, V.pathway, V.respond_within,
    V.rules_version, V.trace, V.request_id,
)  # fmt: skip
_CHILD_COLUMNS = (
    ChildRow.version_id, ChildRow.first_name, ChildRow.last_name, ChildRow.date_of_birth,
    ChildRow.age_years, ChildRow.unborn, ChildRow.gender, ChildRow.ethnicity, ChildRow.send,
)  # fmt: skip
_ORDER = itemgetter(len(_VERSION_COLUMNS) - 1, 3)  # request_id, version


class Columns(NamedTuple):
    """The columns of a run of versions (and their requests), one tuple of values each.

    Values as the database driver returns them: SQLite gives stored times and dates as text,
    flags as 0 or 1 and the trace as JSON text; PostgreSQL gives typed values.
    """

    id: tuple[int, ...]
    record_id: tuple[str, ...]
    reference: tuple[str, ...]
    version: tuple[int, ...]
    created_at: tuple[Any, ...]
    received_at: tuple[Any, ...]
    author: tuple[str | None, ...]
    desk: tuple[str | None, ...]
    amendment_reason: tuple[str | None, ...]
    contact_method: tuple[str, ...]
    source: tuple[str, ...]
    referrer_name: tuple[str | None, ...]
    referrer_organisation: tuple[str | None, ...]
    referrer_phone: tuple[str | None, ...]
    referrer_email: tuple[str | None, ...]
    family_first_name: tuple[str | None, ...]
    family_last_name: tuple[str | None, ...]
    address: tuple[str | None, ...]
    withhold_address: tuple[Any, ...]
    postcode: tuple[str | None, ...]
    phone: tuple[str | None, ...]
    email: tuple[str | None, ...]
    language: tuple[str | None, ...]
    interpreter: tuple[Any, ...]
    send: tuple[Any, ...]
    narrative: tuple[str | None, ...]
    immediate_danger: tuple[Any, ...]
    significant_harm: tuple[Any, ...]
    domestic_abuse_high_risk: tuple[Any, ...]
    consent: tuple[str, ...]
    primary_need: tuple[str | None, ...]
    hub: tuple[str | None, ...]
    hub_chosen_by_staff: tuple[Any, ...]
    pathway: tuple[str, ...]
    respond_within: tuple[str | None, ...]
    rules_version: tuple[str | None, ...]
    trace: tuple[Any, ...]
    request_id: tuple[int, ...]


class Codes(NamedTuple):
    """A version's needs or actions, encoded once: the JSON list, ``;``-joined, the count."""

    json: str
    joined: str
    size: int


NO_CODES = Codes("[]", "", 0)


class Children(NamedTuple):
    """A version's children, encoded once: the JSON list, and what the flat row needs."""

    json: str
    size: int
    unborn: int
    ages: tuple[str | date, ...]  # "unborn", the age given (or ""), or the date of birth
    genders: str
    ethnicities: str
    send: int


NO_CHILDREN = Children("[]", 0, 0, (), "", "", 0)


class Rows(NamedTuple):
    """What an export is made from: the versions in order; by version id, the rest."""

    versions: list[tuple[Any, ...]]
    children: dict[int, Children]
    needs: dict[int, Codes]
    actions: dict[int, Codes]

    @property
    def ids(self) -> list[int]:
        return list(map(itemgetter(0), self.versions))


class Chunk(NamedTuple):
    """A run of versions as columns, with the pieces each record is made from, in order."""

    columns: Columns
    created_at: list[str]
    received_at: list[str]
    children: list[Children]
    needs: list[Codes]
    actions: list[Codes]


def _fetch(session: Session, query: Select[Any]) -> list[Any]:
    """All rows of ``query`` as the driver's own tuples.

    A SQLAlchemy ``Row`` per fetched row costs more than the rest of reading it: an export of
    100,000 versions fetches some 800,000 rows (versions, children, needs, actions).
    """
    result = session.connection().execute(query)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _raw(*columns: Any) -> list[Any]:
    """The columns as the driver returns them, without SQLAlchemy's per-value conversion.

    At 100,000 records the conversion of every stored time and JSON value to Python objects
    and back to text was most of an export's time; the few conversions needed are done in
    ``record`` instead, for both drivers' shapes (SQLite: text and 0/1; PostgreSQL: typed).
    """
    return [type_coerce(c, NullType()).label(c.key) for c in columns]


def _version_columns() -> list[Any]:
    """The versions' columns, the trace as its stored JSON text.

    Text, so that PostgreSQL's driver does not parse every version's trace into objects only
    for them to be encoded again: ``record.trace_cache`` parses each distinct text once.
    """
    return [
        cast(c, Text).label(c.key) if c.key == "trace" else type_coerce(c, NullType()).label(c.key)
        for c in _VERSION_COLUMNS
    ]


def _age(unborn: Any, born: str | None, age: int | None) -> str | date:
    """What the flat row shows as a child's age: worked out on the day for a date of birth."""
    if unborn:
        return "unborn"
    if born:
        return date.fromisoformat(born)
    return "" if age is None else str(age)


def _children(session: Session, chosen: Select[int]) -> dict[int, Children]:
    query = (
        select(*_raw(*_CHILD_COLUMNS))
        .where(ChildRow.version_id.in_(chosen))
        .order_by(ChildRow.version_id, ChildRow.position)
    )
    rows = _fetch(session, query)
    if not rows:
        return {}
    vid, first, last, stored_born, age, unborn, gender, ethnicity, send = zip(*rows, strict=True)
    born = list(map(record.day, stored_born))
    encoded = record.children(
        first_name=first, last_name=last, born=born, age_years=age, unborn=unborn,
        gender=gender, ethnicity=ethnicity, send=send,
    )  # fmt: skip
    ages = list(map(_age, unborn, born, age))
    genders, ethnicities = [g or "" for g in gender], [e or "" for e in ethnicity]
    unborns, sends = [1 if u else 0 for u in unborn], [1 if s else 0 for s in send]
    # Each version's children are a run of rows (ordered by version): slices of the columns.
    starts = [
        i for i, (v, before) in enumerate(zip(vid, (None, *vid[:-1]), strict=True)) if v != before
    ]
    return {
        vid[s]: Children(
            "[" + ",".join(encoded[s:e]) + "]",
            e - s,
            sum(unborns[s:e]),
            tuple(ages[s:e]),
            ";".join(genders[s:e]),
            ";".join(ethnicities[s:e]),
            sum(sends[s:e]),
        )
        for s, e in zip(starts, [*starts[1:], len(vid)], strict=True)
    }


def _codes(session: Session, chosen: Select[int], row: Any) -> dict[int, Codes]:
    """Needs or actions of each version, in their order; each distinct list encoded once."""
    code = row.need if row is NeedRow else row.action
    query = (
        select(*_raw(row.version_id, code))
        .where(row.version_id.in_(chosen))
        .order_by(row.version_id, row.position)
    )
    encoded: dict[tuple[str, ...], Codes] = {}
    found: dict[int, Codes] = {}
    second = itemgetter(1)
    for vid, rows in groupby(_fetch(session, query), itemgetter(0)):
        values = tuple(map(second, rows))
        known = encoded.get(values)
        if known is None:
            known = encoded[values] = Codes(record.codes(values), ";".join(values), len(values))
        found[vid] = known
    return found


def read_rows(session: Session, chosen: Select[int]) -> Rows:
    """The versions ``chosen`` names, by request then version; their children, needs, actions.

    The versions are sorted here rather than by the database, which would sort their whole
    rows (some 100 MB at 100,000 versions) to put them in the same order.
    """
    query = (
        select(*_version_columns())
        .join(Request, Request.id == V.request_id)
        .where(V.id.in_(chosen))
    )
    versions = _fetch(session, query)
    versions.sort(key=_ORDER)
    children = _children(session, chosen)
    needs = _codes(session, chosen, NeedRow)
    actions = _codes(session, chosen, ActionRow)
    return Rows(versions, children, needs, actions)


def chunks(rows: Rows, size: int) -> Iterator[Chunk]:
    """The versions ``size`` at a time, as columns with the pieces of their records."""
    for start in range(0, len(rows.versions), size):
        c = Columns._make(zip(*rows.versions[start : start + size], strict=True))
        yield Chunk(
            columns=c,
            created_at=list(map(record.moment, c.created_at)),
            received_at=list(map(record.moment, c.received_at)),
            children=[rows.children.get(v, NO_CHILDREN) for v in c.id],
            needs=[rows.needs.get(v, NO_CODES) for v in c.id],
            actions=[rows.actions.get(v, NO_CODES) for v in c.id],
        )
