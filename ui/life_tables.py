"""The two lists of a request's life panel: its actions as they stand, and its history.

The history is every status change, contact attempt, note and override of the request,
newest first, each with when and who: read-only, as the core keeps it (nothing is edited,
only added to). The words are built here from the core's values and the vocabularies'
labels; nothing is decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from triage_app.domain.life import ActionView, RequestLife
from triage_app.domain.localtime import local_text
from triage_app.domain.vocabulary import Vocabularies, Vocabulary
from triage_app.pathways import RuleSet
from ui.table_model import RowsModel

STATE_LABELS = {
    "done": "Done",
    "not_needed": "Not needed",
    "could_not_be_done": "Could not be done",
}
STATUS_LABELS = {"open": "Open", "in_progress": "In progress", "closed": "Closed"}


def label(vocab: Vocabulary, code: str | None) -> str:
    if not code:
        return "—"
    return vocab.label(code) if code in vocab else code


def action_label(rules: RuleSet, code: str) -> str:
    return rules.actions[code].label if code in rules.actions else code


@dataclass(frozen=True)
class HistoryRow:
    """One entry of the history: when, who, what kind, and the words."""

    at: datetime
    by: str
    what: str
    words: str


def _joined(*parts: str | None) -> str:
    return " — ".join(p for p in parts if p)


def history_rows(life: RequestLife, vocab: Vocabularies) -> list[HistoryRow]:
    """Every entry of ``life``'s histories, newest first."""
    rows: list[HistoryRow] = []
    for a in reversed(life.attempts):  # newest first, also among entries of one moment
        reached = "reached" if a.reached else "not reached"
        what = f"Attempt: {label(vocab.attempt_method, a.method)}, {reached}"
        rows.append(HistoryRow(a.at, a.by, what, a.note or ""))
    for n in reversed(life.notes):
        rows.append(HistoryRow(n.at, n.author, "Note", n.text or "(erased)"))
    for o in reversed(life.overrides):
        way = "upward" if o.direction == "up" else "downward"
        what = (
            f"Pathway {way}: {label(vocab.pathway, o.recommended)} → "
            f"{label(vocab.pathway, o.chosen)} ({o.state})"
        )
        if o.decided_at is not None and o.decided_by is not None:
            decided = f"Override {o.state} (asked by {o.asked_by})"
            rows.append(HistoryRow(o.decided_at, o.decided_by, decided, o.decision_note or ""))
        rows.append(HistoryRow(o.asked_at, o.asked_by, what, o.reason or ""))
    # a status change made by an attempt or a note has its time: listed below it
    for s in reversed(life.status_changes):
        what = f"{STATUS_LABELS.get(s.from_status, s.from_status)} → "
        what += STATUS_LABELS.get(s.to_status, s.to_status)
        outcome = label(vocab.outcome, s.outcome) if s.outcome else None
        mash = f"MASH decision: {s.mash_decision}" if s.mash_decision else None
        rows.append(HistoryRow(s.at, s.by, what, _joined(outcome, s.reason, mash)))
    rows.sort(key=lambda r: r.at, reverse=True)
    return rows


class HistoryModel(RowsModel[HistoryRow]):
    COL_WHEN, COL_BY, COL_WHAT, COL_WORDS = range(4)
    HEADERS = ("When", "By", "What", "Details")

    def text(self, item: HistoryRow, column: int) -> str:
        return (local_text(item.at), item.by, item.what, item.words)[column]


class ActionsModel(RowsModel[ActionView]):
    """The route's actions: open ones say so; settled ones say how, by whom, when."""

    COL_ACTION, COL_STATE, COL_BY, COL_NOTE = range(4)
    HEADERS = ("Action", "How it stands", "Settled by", "Note")

    def __init__(self, rules: RuleSet, parent: object = None) -> None:
        super().__init__(None)
        self._rules = rules

    def text(self, item: ActionView, column: int) -> str:
        settled = (
            f"{item.settled_by}, {local_text(item.settled_at)}"
            if item.settled_by and item.settled_at
            else "—"
        )
        state = STATE_LABELS.get(item.state or "", item.state or "Open")
        return (action_label(self._rules, item.action), state, settled, item.note or "")[column]
