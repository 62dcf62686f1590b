"""One exported record per request version, read straight from the tables.

A record holds only what a version holds and never changes: its content, its route, who
took it and when. What does change later (whether an action has been done, which version is
current) is left out, so a past batch can be written again byte for byte. Records are read
with plain column selects, not ORM objects, because an export may hold 100,000 of them.

Withheld fields never leave: a family whose address is withheld (someone fleeing domestic
abuse, say) has neither ``address`` nor ``postcode`` in the record, only
``address_withheld: true``, because a postcode locates a household nearly as well.
"""

from __future__ import annotations

import json
from collections import defaultdict, namedtuple
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from triage_app.store.models import ActionRow, ChildRow, NeedRow, Request, RequestVersion

#: The record format's version; ``resources/export/request-record.v1.schema.json`` describes it.
SCHEMA_VERSION = "1"
#: The JSON Schema of the record format, relative to the resources folder.
SCHEMA_FILE = "export/request-record.v1.schema.json"

V = RequestVersion
_VERSION_COLUMNS = (
    V.id, Request.record_id, Request.reference, V.version, V.created_at, V.received_at,
    V.author, V.desk, V.amendment_reason, V.contact_method, V.source,
    V.referrer_name, V.referrer_organisation, V.referrer_phone, V.referrer_email,
    V.family_first_name, V.family_last_name, V.address, V.withhold_address, V.postcode,
    V.phone, V.email, V.language, V.interpreter, V.send, V.narrative,
    V.immediate_danger, V.significant_harm, V.domestic_abuse_high_risk, V.consent,
    V.primary_need, V.hub, V.hub_chosen_by_staff, V.pathway, V.respond_within,
    V.rules_version, V.trace,
)  # fmt: skip
#: A version's row as a named tuple: reading its fields is several times quicker than a Row's.
_VERSION_ROW: Any = namedtuple("_VERSION_ROW", [c.key for c in _VERSION_COLUMNS])  # type: ignore[misc]
_CHILD_COLUMNS = (
    ChildRow.version_id, ChildRow.first_name, ChildRow.last_name, ChildRow.date_of_birth,
    ChildRow.age_years, ChildRow.unborn, ChildRow.gender, ChildRow.ethnicity, ChildRow.send,
)  # fmt: skip


def _fetch(session: Session, query: Any) -> list[Any]:
    """All rows of ``query`` as the driver's own tuples.

    A SQLAlchemy ``Row`` per fetched row costs more than the rest of reading it: an export of
    100,000 versions fetches some 700,000 rows (versions, children, needs, actions).
    """
    result = session.connection().execute(query)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _raw(*columns: Any) -> list[Any]:
    """The columns as the driver returns them, without SQLAlchemy's per-value conversion.

    At 100,000 records the conversion of every stored time and JSON value to Python objects
    and back to text was most of an export's time; the few conversions needed are done
    below instead, for both drivers' shapes (SQLite: text and 0/1; PostgreSQL: typed values).
    """
    return [type_coerce(c, NullType()).label(c.key) for c in columns]


def moment(value: datetime | str) -> str:
    """A stored time as ISO 8601 UTC to the second: ``2026-03-16T10:30:00Z``.

    Takes an aware time, a naive one (stored, so UTC), or SQLite's stored text
    ``2026-03-16 10:30:00.000000``.
    """
    if isinstance(value, str):
        return f"{value[:10]}T{value[11:19]}Z"
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value: date | str | None) -> str | None:
    if value is None:
        return None
    return value[:10] if isinstance(value, str) else value.isoformat()


def _flag(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _children(session: Session, where: ColumnElement[bool]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    query = (
        select(*_raw(*_CHILD_COLUMNS))
        .join(V, V.id == ChildRow.version_id)
        .where(where)
        .order_by(ChildRow.version_id, ChildRow.position)
    )
    for vid, first, last, born, age, unborn, gender, ethnicity, send in _fetch(session, query):
        found[vid].append(
            {
                "age_years": age,
                "date_of_birth": _day(born),
                "ethnicity": ethnicity,
                "first_name": first,
                "gender": gender,
                "last_name": last,
                "send": bool(send),
                "unborn": bool(unborn),
            }
        )
    return found


def _codes(session: Session, where: ColumnElement[bool], row: Any) -> dict[int, list[str]]:
    """Needs or actions of each version, in their order."""
    found: dict[int, list[str]] = defaultdict(list)
    code = row.need if row is NeedRow else row.action
    query = (
        select(*_raw(row.version_id, code))
        .join(V, V.id == row.version_id)
        .where(where)
        .order_by(row.version_id, row.position)
    )
    for vid, value in _fetch(session, query):
        found[vid].append(value)
    return found


def _family(r: Any) -> dict[str, Any]:
    family = {
        "first_name": r.family_first_name,
        "last_name": r.family_last_name,
        "phone": r.phone,
        "email": r.email,
        "language": r.language,
        "interpreter": bool(r.interpreter),
        "address_withheld": bool(r.withhold_address),
    }
    if not r.withhold_address:
        family["address"] = r.address
        family["postcode"] = r.postcode
    return family


def _referrer(r: Any) -> dict[str, Any] | None:
    fields = (r.referrer_name, r.referrer_organisation, r.referrer_phone, r.referrer_email)
    if not any(fields):
        return None
    return dict(zip(("name", "organisation", "phone", "email"), fields, strict=True))


def _record(
    r: Any, children: list[dict[str, Any]], needs: list[str], actions: list[str]
) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "record_id": r.record_id,
        "reference": r.reference,
        "version": r.version,
        "created_at": moment(r.created_at),
        "received_at": moment(r.received_at),
        "author": r.author,
        "desk": r.desk,
        "amendment_reason": r.amendment_reason,
        "contact_method": r.contact_method,
        "source": r.source,
        "referrer": _referrer(r),
        "family": _family(r),
        "children": children,
        "send": bool(r.send),
        "needs": needs,
        "primary_need": r.primary_need,
        "answers": {
            "immediate_danger": _flag(r.immediate_danger),
            "significant_harm": _flag(r.significant_harm),
            "domestic_abuse_high_risk": _flag(r.domestic_abuse_high_risk),
        },
        "consent": r.consent,
        "narrative": r.narrative,
        "hub": r.hub,
        "hub_chosen_by_staff": bool(r.hub_chosen_by_staff),
        "route": {
            "pathway": r.pathway,
            "actions": actions,
            "respond_within": r.respond_within,
            "rules_version": r.rules_version,
            "trace": [{"rule": t["rule"], "reason": t["reason"]} for t in _json(r.trace)],
        },
    }  # fmt: skip


def read_records(
    session: Session, where: ColumnElement[bool]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(version id, record)`` for the versions ``where`` selects, by request then version.

    The versions are read first; their children, needs and actions follow in one query each
    and are matched up here (a version's rows are committed with it, so none can be missing,
    and rows of versions saved meanwhile are ignored): four queries, whatever the count.
    """
    query = (
        select(*_raw(*_VERSION_COLUMNS))
        .join(Request, Request.id == V.request_id)
        .where(where)
        .order_by(V.request_id, V.version)
    )
    rows = _fetch(session, query)
    children = _children(session, where)
    needs = _codes(session, where, NeedRow)
    actions = _codes(session, where, ActionRow)
    version_rows: Iterator[Any] = map(_VERSION_ROW._make, rows)
    for r in version_rows:
        yield r.id, _record(r, children.get(r.id, []), needs.get(r.id, []), actions.get(r.id, []))
