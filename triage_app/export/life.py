"""What a record of format 3 says of the request's life after the front door.

Each version carries the life as it stood when it was saved (status, outcome, the pathway
in force, the assignee, what changed) and the rows that version added: attempts, notes,
status changes, and overrides asked for or decided in it. A row names the version that
carried it, so it is sent once, with that version, and a past batch is written again byte
for byte: nothing here reads how things stand now (an override asked for is sent as it was
asked, ``pending`` or ``approved``; its decision goes with the version that carried it).

Like the rest of a record, each value is encoded exactly as ``json.dumps(...,
sort_keys=True, separators=(",", ":"))`` would, from templates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.sql.elements import ColumnClause

from triage_app.domain.life import APPROVED, PENDING, UP
from triage_app.export.record import moment, quote, text
from triage_app.store.life_models import ContactAttempt, PathwayOverride, RequestNote, StatusChange
from triage_app.store.models import RequestVersion

_V = RequestVersion
_LIFE = (
    '{"assigned_to":%s,"attempts":%s,"change":%s,"final_pathway":%s,"notes":%s,"outcome":%s,'
    '"overrides":%s,"status":%s,"status_changes":%s}'
)
# Each event as ``json`` writes it with sorted keys (a test compares them), from a template:
# building a dict for each of some 400,000 events and encoding it was a quarter of an export.
_NOTE = '{"at":%s,"author":%s,"text":%s}'
_ATTEMPT = '{"at":%s,"by":%s,"method":%s,"note":%s,"reached":%s}'
_STATUS = '{"at":%s,"by":%s,"from":%s,"mash_decision":%s,"outcome":%s,"reason":%s,"to":%s}'
_ASKED = (
    '{"asked_at":%s,"asked_by":%s,"chosen":%s,"direction":%s,"event":"asked","floor":%s,'
    '"id":%d,"reason":%s,"recommended":%s,"state":%s}'
)
_DECIDED = '{"decided_at":%s,"decided_by":%s,"event":%s,"id":%d,"note":%s}'


def _carried(table: Any, ids: ColumnClause[Any], version: Any, *columns: Any) -> Select[Any]:
    """The rows of ``table`` carried by the chunk's versions, with each version's id first."""
    return (
        select(_V.id, *columns)
        .join(_V, and_(_V.request_id == table.request_id, _V.version == version))
        .where(_V.id.op("IN")(ids))
        .order_by(_V.id, table.id)
    )


def life_queries(ids: ColumnClause[Any]) -> tuple[Select[Any], ...]:
    """Notes, attempts, status changes, overrides asked and overrides decided, by version."""
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


def _note(row: tuple[Any, ...]) -> str:
    at, author, said = row
    return _NOTE % (quote(moment(at)), text(author), text(said))


def _attempt(row: tuple[Any, ...]) -> str:
    at, by, method, reached, note = row
    return _ATTEMPT % (
        quote(moment(at)),
        text(by),
        text(method),
        text(note),
        "true" if reached else "false",
    )


def _status(row: tuple[Any, ...]) -> str:
    at, by, was, now, outcome, why, mash = row
    return _STATUS % (
        quote(moment(at)),
        text(by),
        text(was),
        text(mash),
        text(outcome),
        text(why),
        text(now),
    )


def _asked(row: tuple[Any, ...]) -> str:
    """An override as it was asked for: upward stands at once, downward waits."""
    oid, at, by, recommended, chosen, floor, direction, why = row
    return _ASKED % (
        quote(moment(at)), text(by), text(chosen), text(direction), text(floor), int(oid),
        text(why), text(recommended), quote(APPROVED if direction == UP else PENDING),
    )  # fmt: skip


def _decided(row: tuple[Any, ...]) -> str:
    oid, at, by, state, note = row
    return _DECIDED % (quote(moment(at)), text(by), text(state), int(oid), text(note))


_MAKERS = (_note, _attempt, _status, _asked, _decided)


def life_events(rows: Sequence[list[tuple[Any, ...]]]) -> dict[int, tuple[str, str, str, str]]:
    """Each version's attempts, notes, overrides and status changes, as JSON lists."""
    found: dict[int, tuple[list[str], list[str], list[str], list[str]]] = defaultdict(
        lambda: ([], [], [], [])
    )
    # The order of the lists in ``found``: attempts, notes, overrides, status changes.
    place = (1, 0, 3, 2, 2)
    for kind, kind_rows in enumerate(rows):
        make, slot = _MAKERS[kind], place[kind]
        for vid, *values in kind_rows:
            found[vid][slot].append(make(tuple(values)))
    return {vid: tuple(map(_list, lists)) for vid, lists in found.items()}  # type: ignore[misc]


def _list(items: list[str]) -> str:
    return "[" + ",".join(items) + "]"


_NONE = ("[]", "[]", "[]", "[]")


def life_json(c: Any, events: dict[int, tuple[str, str, str, str]]) -> list[str]:
    """Each version's ``life`` object (``c`` the chunk's columns)."""
    lines = []
    for vid, assigned, change, final, pathway, outcome, status in zip(
        c.id, c.assigned_to, c.life_change, c.final_pathway, c.pathway, c.outcome, c.status,
        strict=True,
    ):  # fmt: skip
        attempts, notes, overrides, changes = events.get(vid, _NONE)
        lines.append(
            _LIFE % (
                text(assigned), attempts, text(change), text(final or pathway), notes,
                text(outcome), overrides, text(status), changes,
            )
        )  # fmt: skip
    return lines
