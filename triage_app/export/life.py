"""What a record of format 3 says of the request's life after the front door.

Each version carries the life as it stood when it was saved (status, outcome, the pathway
in force, the assignee, what changed) and the rows that version added: attempts, notes,
status changes, and overrides asked for or decided in it. A row names the version that
carried it, so it is sent once, with that version, and a past batch is written again byte
for byte: nothing here reads how things stand now (an override asked for is sent as it was
asked, ``pending`` or ``approved``; its decision goes with the version that carried it).

Like the rest of a record, each value is encoded exactly as ``json.dumps(...,
sort_keys=True, separators=(",", ":"))`` would, from templates. Plain Python, as the rest of
a chunk's encoding (see ``workers``): the rows are read by ``rows.life_queries``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from itertools import starmap
from typing import Any, NamedTuple

from triage_app.domain.life import APPROVED, PENDING, UP
from triage_app.export.record import codes_texts, flags, moment, quote, text, texts
from triage_app.export.templates import filler

_LIFE = filler(
    '{"assigned_to":%s,"attempts":%s,"change":%s,"final_pathway":%s,"notes":%s,"outcome":%s,'
    '"overrides":%s,"status":%s,"status_changes":%s}'
)
# Each event as ``json`` writes it with sorted keys (a test compares them), from a template:
# building a dict for each of some 400,000 events and encoding it was a quarter of an export.
_NOTE = filler('{"at":%s,"author":%s,"text":%s}')
_ATTEMPT = filler('{"at":%s,"by":%s,"method":%s,"note":%s,"reached":%s}')
_STATUS = filler('{"at":%s,"by":%s,"from":%s,"mash_decision":%s,"outcome":%s,"reason":%s,"to":%s}')
_ASKED = filler(
    '{"asked_at":%s,"asked_by":%s,"chosen":%s,"direction":%s,"event":"asked","floor":%s,'
    '"id":%d,"reason":%s,"recommended":%s,"state":%s}'
)
_DECIDED = filler('{"decided_at":%s,"decided_by":%s,"event":%s,"id":%d,"note":%s}')


def _moments(column: Sequence[Any]) -> list[str]:
    """Stored times as quoted JSON strings (see ``record.moment``), a column at a time."""
    return [quote(f"{v[:10]}T{v[11:19]}Z") if type(v) is str else quote(moment(v)) for v in column]


#: The columns of one kind of event's rows, after the version id.
Cols = Sequence[Sequence[Any]]


def _notes(cols: Cols) -> list[str]:
    at, author, said = cols
    return list(starmap(_NOTE, zip(_moments(at), codes_texts(author), texts(said), strict=True)))


def _attempts(cols: Cols) -> list[str]:
    at, by, method, reached, note = cols
    values = zip(
        _moments(at), codes_texts(by), codes_texts(method), texts(note),
        flags(reached, nullable=False), strict=True,
    )  # fmt: skip
    return list(starmap(_ATTEMPT, values))


def _changes(cols: Cols) -> list[str]:
    at, by, was, now, outcome, why, mash = cols
    values = zip(
        _moments(at), codes_texts(by), codes_texts(was), codes_texts(mash),
        codes_texts(outcome), texts(why), codes_texts(now), strict=True,
    )  # fmt: skip
    return list(starmap(_STATUS, values))


def _asked(cols: Cols) -> list[str]:
    """Overrides as they were asked for: upward stands at once, downward waits."""
    oid, at, by, recommended, chosen, floor, direction, why = cols
    values = zip(
        _moments(at), texts(by), texts(chosen), texts(direction), texts(floor),
        map(int, oid), texts(why), texts(recommended),
        [quote(APPROVED if d == UP else PENDING) for d in direction], strict=True,
    )  # fmt: skip
    return list(starmap(_ASKED, values))


def _decided(cols: Cols) -> list[str]:
    oid, at, by, state, note = cols
    values = zip(_moments(at), texts(by), texts(state), map(int, oid), texts(note), strict=True)
    return list(starmap(_DECIDED, values))


class Events(NamedTuple):
    """A version's life events as JSON lists, and the counts its flat row shows."""

    attempts: str
    notes: str
    overrides: str
    changes: str
    #: Attempts, of them reached, notes, and override events (asked and decided).
    counts: tuple[int, int, int, int]


NO_EVENTS = Events("[]", "[]", "[]", "[]", (0, 0, 0, 0))


def _by_version(
    rows: list[tuple[Any, ...]], make: Callable[[Cols], list[str]]
) -> dict[int, list[str]]:
    """Each version's events of one kind, made a column at a time (rows ordered by version)."""
    if not rows:
        return {}
    vids, *columns = zip(*rows, strict=True)
    made = make(columns)
    starts = [0, *(i for i in range(1, len(vids)) if vids[i] != vids[i - 1])]
    return {vids[s]: made[s:e] for s, e in zip(starts, [*starts[1:], len(vids)], strict=True)}


def life_events(rows: Sequence[list[tuple[Any, ...]]]) -> dict[int, Events]:
    """Each version's attempts, notes, overrides and status changes (``rows.life_queries``)."""
    note_rows, attempt_rows, change_rows, asked_rows, decided_rows = rows
    notes = _by_version(note_rows, _notes)
    attempts = _by_version(attempt_rows, _attempts)
    changes = _by_version(change_rows, _changes)
    asked = _by_version(asked_rows, _asked)
    decided = _by_version(decided_rows, _decided)
    reached: dict[int, int] = defaultdict(int)
    for row in attempt_rows:
        if row[4]:
            reached[row[0]] += 1
    found = {}
    for vid in notes.keys() | attempts.keys() | changes.keys() | asked.keys() | decided.keys():
        tried, said = attempts.get(vid, []), notes.get(vid, [])
        overrides = asked.get(vid, []) + decided.get(vid, [])
        found[vid] = Events(
            _list(tried), _list(said), _list(overrides), _list(changes.get(vid, [])),
            (len(tried), reached.get(vid, 0), len(said), len(overrides)),
        )  # fmt: skip
    return found


def _list(items: list[str]) -> str:
    return "[" + ",".join(items) + "]"


def life_json(c: Any, events: dict[int, Events]) -> list[str]:
    """Each version's ``life`` object (``c`` the chunk's columns)."""
    lines = []
    for vid, assigned, change, final, pathway, outcome, status in zip(
        c.id, c.assigned_to, c.life_change, c.final_pathway, c.pathway, c.outcome, c.status,
        strict=True,
    ):  # fmt: skip
        attempts, notes, overrides, changes, _counts = events.get(vid, NO_EVENTS)
        lines.append(
            _LIFE(
                text(assigned), attempts, text(change), text(final or pathway), notes,
                text(outcome), overrides, text(status), changes,
            )
        )  # fmt: skip
    return lines
