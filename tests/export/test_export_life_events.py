"""Each event of a record's life is written as ``json`` writes it, whatever its text holds."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from triage_app.export.life import counts, life_events, lists

_DUMP = json.JSONEncoder(sort_keys=True, separators=(",", ":")).encode
_AT = "2026-03-02 10:00:00.000000"
_TEXT = st.none() | st.text()


def _json(events: list[dict[str, object]]) -> str:
    return _DUMP(events)


@given(by=st.text(), said=_TEXT, method=st.text(), reached=st.booleans(), note=_TEXT)
def test_notes_and_attempts_are_written_as_json_writes_them(by, said, method, reached, note):
    events = life_events([[(7, _AT, by, said)], [(7, _AT, by, method, reached, note)], [], [], []])
    assert counts(events, [7, 8]) == [[1, 0], [1 if reached else 0, 0], [1, 0], [0, 0]]
    assert events.notes[7] == _json([{"at": "2026-03-02T10:00:00Z", "author": by, "text": said}])
    assert events.attempts[7] == _json(
        [{"at": "2026-03-02T10:00:00Z", "by": by, "method": method, "note": note,
          "reached": reached}]
    )  # fmt: skip
    assert lists(events.overrides, [7]) == lists(events.changes, [7]) == ["[]"]


@given(by=st.text(), was=st.text(), now=st.text(), outcome=_TEXT, why=_TEXT, mash=_TEXT)
def test_status_changes_are_written_as_json_writes_them(by, was, now, outcome, why, mash):
    events = life_events([[], [], [(3, _AT, by, was, now, outcome, why, mash)], [], []])
    assert events.changes[3] == _json(
        [{"at": "2026-03-02T10:00:00Z", "by": by, "from": was, "mash_decision": mash,
          "outcome": outcome, "reason": why, "to": now}]
    )  # fmt: skip


@given(
    by=st.text(), chosen=st.text(), floor=_TEXT, up=st.booleans(), why=_TEXT, state=st.text(),
    note=_TEXT,
)  # fmt: skip
def test_overrides_asked_and_decided_are_written_as_json_writes_them(
    by, chosen, floor, up, why, state, note
):
    direction = "up" if up else "down"
    asked = (12, _AT, by, "advice", chosen, floor, direction, why)
    decided = (12, _AT, by, state, note)
    events = life_events([[], [], [], [(5, *asked)], [(5, *decided)]])
    assert counts(events, [5]) == [[0], [0], [0], [2]]
    assert events.overrides[5] == _json(
        [
            {"asked_at": "2026-03-02T10:00:00Z", "asked_by": by, "chosen": chosen,
             "direction": direction, "event": "asked", "floor": floor, "id": 12, "reason": why,
             "recommended": "advice", "state": "approved" if up else "pending"},
            {"decided_at": "2026-03-02T10:00:00Z", "decided_by": by, "event": state, "id": 12,
             "note": note},
        ]
    )  # fmt: skip
