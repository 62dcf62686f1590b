"""A chunk of versions as read, and the pieces each of their records is made from.

Plain Python, no database: a chunk is read in one process and may be turned into lines in
another (``triage_app.export.workers``), so what is read (:class:`RawChunk`) is the driver's
own tuples, which pickle cheaply, and everything worked out from it happens here.
Each version's children, needs and actions are encoded once, as they are grouped, and the
versions are handed on as columns, so that a record's line is put together from finished
pieces, a column at a time.
"""

from __future__ import annotations

from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from triage_app.export import record
from triage_app.export.life import counts, life_events, life_json

#: The child columns as read: the version id, then the child's own.
CHILD_FIELDS = (
    "version_id", "first_name", "last_name", "date_of_birth", "age_years", "unborn",
    "gender", "ethnicity", "send",
)  # fmt: skip


class RawChunk(NamedTuple):
    """A chunk's rows as the database driver returned them.

    Versions in any order; children, needs and actions ordered by version then position.
    Values as the driver gives them: SQLite gives stored times and dates as text, flags as
    0 or 1 and the trace as JSON text; PostgreSQL gives typed values (the trace as text).
    """

    versions: list[tuple[Any, ...]]
    children: list[tuple[Any, ...]]
    needs: list[tuple[int, str]]
    actions: list[tuple[int, str]]
    concerns: list[tuple[int, str]]
    #: The rows of the request's life each version carried (``rows.life_queries``' order).
    life: list[list[tuple[Any, ...]]]


class Columns(NamedTuple):
    """The columns of a run of versions (and their requests), one tuple of values each."""

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
    children_unknown: tuple[Any, ...]
    earlier_requests: tuple[int, ...]
    emergency_called_at: tuple[Any, ...]
    emergency_called_by: tuple[str | None, ...]
    emergency_police_reference: tuple[str | None, ...]
    incomplete: tuple[Any, ...]
    status: tuple[str, ...]
    outcome: tuple[str | None, ...]
    final_pathway: tuple[str | None, ...]
    assigned_to: tuple[str | None, ...]
    life_change: tuple[str | None, ...]
    request_id: tuple[int, ...]


#: The version columns as read (``rows`` selects them in this order).
VERSION_FIELDS = Columns._fields
_ORDER = itemgetter(VERSION_FIELDS.index("request_id"), VERSION_FIELDS.index("version"))


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


class Chunk(NamedTuple):
    """A run of versions as columns, with the pieces each record is made from, in order."""

    columns: Columns
    created_at: list[str]
    received_at: list[str]
    children: list[Children]
    needs: list[Codes]
    actions: list[Codes]
    concerns: list[Codes]
    #: Each version's ``life`` object, for format 3 (``export.life``).
    life: list[str]
    #: What each version's life carried, counted for the flat row: four columns (``life.counts``).
    life_counts: list[list[int]]


def _age(unborn: Any, born: str | None, age: int | None) -> str | date:
    """What the flat row shows as a child's age: worked out on the day for a date of birth."""
    if unborn:
        return "unborn"
    if born:
        return date.fromisoformat(born)
    return "" if age is None else str(age)


def _children(rows: list[tuple[Any, ...]]) -> dict[int, Children]:
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


class CodeLists:
    """Needs, actions or concerns of each version, in their order; each distinct list encoded once.

    One for each kind of code, kept for a whole export: a few hundred distinct lists recur
    across its versions.
    """

    def __init__(self) -> None:
        self._encoded: dict[tuple[str, ...], Codes] = {}

    def __call__(self, rows: list[tuple[int, str]]) -> dict[int, Codes]:
        encoded = self._encoded
        found: dict[int, Codes] = {}
        second = itemgetter(1)
        for vid, group in groupby(rows, itemgetter(0)):
            values = tuple(map(second, group))
            known = encoded.get(values)
            if known is None:
                known = encoded[values] = Codes(record.codes(values), ";".join(values), len(values))
            found[vid] = known
        return found


class Assembler:
    """Turns raw chunks into :class:`Chunk`; one per export (or per process helping with it)."""

    def __init__(self) -> None:
        self._needs = CodeLists()
        self._actions = CodeLists()
        self._concerns = CodeLists()

    def __call__(self, raw: RawChunk) -> Chunk:
        """The chunk's versions by request then version, each with its pieces."""
        versions = sorted(raw.versions, key=_ORDER)
        c = Columns._make(zip(*versions, strict=True))  # a chunk is never empty
        kids, needs, actions, concerns = (
            _children(raw.children),
            self._needs(raw.needs),
            self._actions(raw.actions),
            self._concerns(raw.concerns),
        )
        events = life_events(raw.life)
        return Chunk(
            columns=c,
            created_at=record.moments(c.created_at),
            received_at=record.moments(c.received_at),
            children=[kids.get(v, NO_CHILDREN) for v in c.id],
            needs=[needs.get(v, NO_CODES) for v in c.id],
            actions=[actions.get(v, NO_CODES) for v in c.id],
            concerns=[concerns.get(v, NO_CODES) for v in c.id],
            life=life_json(c, events),
            life_counts=counts(events, c.id),
        )
