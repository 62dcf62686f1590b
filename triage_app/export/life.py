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

from collections import Counter
from collections.abc import Callable, Sequence
from itertools import accumulate, repeat
from typing import Any, NamedTuple

from triage_app.domain.life import APPROVED, PENDING, UP
from triage_app.export.record import codes_texts, flags, moments, quote, texts

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


def _moments(column: Sequence[Any]) -> list[str]:
    """Stored times as quoted JSON strings (see ``record.moment``), a column at a time."""
    return list(map(quote, moments(column)))


#: The columns of one kind of event's rows, after the version id.
Cols = Sequence[Sequence[Any]]


def _notes(cols: Cols) -> list[str]:
    at, author, said = cols
    return list(
        map(_NOTE.__mod__, zip(_moments(at), codes_texts(author), texts(said), strict=True))
    )


def _attempts(cols: Cols) -> list[str]:
    at, by, method, reached, note = cols
    values = zip(
        _moments(at), codes_texts(by), codes_texts(method), texts(note),
        flags(reached, nullable=False), strict=True,
    )  # fmt: skip
    return list(map(_ATTEMPT.__mod__, values))


def _changes(cols: Cols) -> list[str]:
    at, by, was, now, outcome, why, mash = cols
    values = zip(
        _moments(at), codes_texts(by), codes_texts(was), codes_texts(mash),
        codes_texts(outcome), texts(why), codes_texts(now), strict=True,
    )  # fmt: skip
    return list(map(_STATUS.__mod__, values))


def _asked(cols: Cols) -> list[str]:
    """Overrides as they were asked for: upward stands at once, downward waits."""
    oid, at, by, recommended, chosen, floor, direction, why = cols
    values = zip(
        _moments(at), texts(by), texts(chosen), texts(direction), texts(floor),
        map(int, oid), texts(why), texts(recommended),
        [quote(APPROVED if d == UP else PENDING) for d in direction], strict=True,
    )  # fmt: skip
    return list(map(_ASKED.__mod__, values))


def _decided(cols: Cols) -> list[str]:
    oid, at, by, state, note = cols
    values = zip(_moments(at), texts(by), texts(state), map(int, oid), texts(note), strict=True)
    return list(map(_DECIDED.__mod__, values))


class Events(NamedTuple):
    """A chunk's life events: each version's JSON list of each kind, and its flat row's counts.

    By version id; a version with none of a kind is not in that kind's map (see :func:`lists`).
    """

    attempts: dict[int, str]
    notes: dict[int, str]
    overrides: dict[int, str]
    changes: dict[int, str]
    #: How many attempts, of them reached, notes, and override events (asked and decided).
    counts: tuple[dict[int, int], dict[int, int], dict[int, int], dict[int, int]]


def _by_version(
    rows: list[tuple[Any, ...]], make: Callable[[Cols], list[str]]
) -> dict[int, list[str]]:
    """Each version's events of one kind, made a column at a time (rows ordered by version)."""
    if not rows:
        return {}
    vids, *columns = zip(*rows, strict=True)
    made = make(columns)
    runs = Counter(vids)  # counted in C; each version's rows are one run, in this order
    ends = list(accumulate(runs.values()))
    return {vid: made[s:e] for vid, s, e in zip(runs, [0, *ends[:-1]], ends, strict=True)}


def _joined(by_version: dict[int, list[str]]) -> dict[int, str]:
    return {vid: "[" + ",".join(items) + "]" for vid, items in by_version.items()}


def _sizes(by_version: dict[int, list[str]]) -> dict[int, int]:
    return {vid: len(items) for vid, items in by_version.items()}


def life_events(rows: Sequence[list[tuple[Any, ...]]]) -> Events:
    """The chunk's attempts, notes, overrides and status changes (``rows.life_queries``)."""
    note_rows, attempt_rows, change_rows, asked_rows, decided_rows = rows
    notes = _by_version(note_rows, _notes)
    attempts = _by_version(attempt_rows, _attempts)
    asked = _by_version(asked_rows, _asked)
    decided = _by_version(decided_rows, _decided)
    overrides = {v: asked.get(v, []) + decided.get(v, []) for v in asked.keys() | decided.keys()}
    reached = Counter(row[0] for row in attempt_rows if row[4])
    return Events(
        _joined(attempts), _joined(notes), _joined(overrides),
        _joined(_by_version(change_rows, _changes)),
        (_sizes(attempts), dict(reached), _sizes(notes), _sizes(overrides)),
    )  # fmt: skip


def lists(events: dict[int, str], ids: Sequence[int]) -> list[str]:
    """Each version's JSON list of one kind of event, ``[]`` for one with none."""
    return list(map(events.get, ids, repeat("[]")))


def counts(events: Events, ids: Sequence[int]) -> list[list[int]]:
    """What each version's flat row counts: attempts, reached, notes, override events."""
    return [list(map(counted.get, ids, repeat(0))) for counted in events.counts]


def life_json(c: Any, events: Events) -> list[str]:
    """Each version's ``life`` object (``c`` the chunk's columns)."""
    values = zip(
        codes_texts(c.assigned_to), lists(events.attempts, c.id), codes_texts(c.life_change),
        codes_texts([f or p for f, p in zip(c.final_pathway, c.pathway, strict=True)]),
        lists(events.notes, c.id), codes_texts(c.outcome), lists(events.overrides, c.id),
        codes_texts(c.status), lists(events.changes, c.id),
        strict=True,
    )  # fmt: skip
    return list(map(_LIFE.__mod__, values))
