"""What a record of format 3 says of the request's life after the front door.

Each version carries the life as it stood when it was saved (status, outcome, the pathway
in force, the assignee, what changed) and the rows that version added: attempts, notes,
status changes, and overrides asked for or decided in it. A row names the version that
carried it, so it is sent once, with that version, and a past batch is written again byte
for byte: nothing here reads how things stand now (an override asked for is sent as it was
asked, ``pending`` or ``approved``; its decision goes with the version that carried it).

Like the rest of a record, each value is encoded exactly as ``json.dumps(...,
sort_keys=True, separators=(",", ":"))`` would; the few events are encoded by ``json``
itself, the life around them from a template.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.sql.elements import ColumnClause

from triage_app.domain.life import APPROVED, PENDING, UP
from triage_app.export.record import moment, text
from triage_app.store.life_models import ContactAttempt, PathwayOverride, RequestNote, StatusChange
from triage_app.store.models import RequestVersion

_V = RequestVersion
_LIFE = (
    '{"assigned_to":%s,"attempts":%s,"change":%s,"final_pathway":%s,"notes":%s,"outcome":%s,'
    '"overrides":%s,"status":%s,"status_changes":%s}'
)
_DUMP = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode


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


def _note(row: tuple[Any, ...]) -> dict[str, Any]:
    at, author, said = row
    return {"at": moment(at), "author": author, "text": said}


def _attempt(row: tuple[Any, ...]) -> dict[str, Any]:
    at, by, method, reached, note = row
    return {"at": moment(at), "by": by, "method": method, "note": note, "reached": bool(reached)}


def _status(row: tuple[Any, ...]) -> dict[str, Any]:
    at, by, was, now, outcome, why, mash = row
    return {
        "at": moment(at), "by": by, "from": was, "mash_decision": mash, "outcome": outcome,
        "reason": why, "to": now,
    }  # fmt: skip


def _asked(row: tuple[Any, ...]) -> dict[str, Any]:
    """An override as it was asked for: upward stands at once, downward waits."""
    oid, at, by, recommended, chosen, floor, direction, why = row
    return {
        "asked_at": moment(at), "asked_by": by, "chosen": chosen, "direction": direction,
        "event": "asked", "floor": floor, "id": oid, "reason": why, "recommended": recommended,
        "state": APPROVED if direction == UP else PENDING,
    }  # fmt: skip


def _decided(row: tuple[Any, ...]) -> dict[str, Any]:
    oid, at, by, state, note = row
    return {"decided_at": moment(at), "decided_by": by, "event": state, "id": oid, "note": note}


_MAKERS = (_note, _attempt, _status, _asked, _decided)


def life_events(rows: Sequence[list[tuple[Any, ...]]]) -> dict[int, tuple[str, str, str, str]]:
    """Each version's attempts, notes, overrides and status changes, as JSON lists."""
    found: dict[int, list[list[dict[str, Any]]]] = defaultdict(lambda: [[], [], [], []])
    # The order of the lists in ``found``: attempts, notes, overrides, status changes.
    place = (1, 0, 3, 2, 2)
    for kind, kind_rows in enumerate(rows):
        make, slot = _MAKERS[kind], place[kind]
        for vid, *values in kind_rows:
            found[vid][slot].append(make(tuple(values)))
    return {vid: tuple(map(_DUMP, lists)) for vid, lists in found.items()}  # type: ignore[misc]


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
