"""The dialogs of a request's life: close with an outcome, reopen, log an attempt, settle an action.

Each is a :class:`ui.life_form.LifeForm`: the lists it offers (outcomes, ways of contact,
what became of an action) are given by the caller from the core's vocabularies, and what is
allowed is the core's to decide when ``submit`` saves. The override dialog, which asks a
second person to sign in, is :mod:`ui.override_dialog`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QButtonGroup, QComboBox, QHBoxLayout, QRadioButton, QWidget

from triage_app.domain.life import OverrideView
from triage_app.domain.vocabulary import Vocabularies
from ui.life_form import LifeForm, choices, plain_text, text_of

Items = list[tuple[str, str]]


@dataclass(frozen=True)
class CloseAnswer:
    outcome: str | None
    reason: str
    mash_decision: str


@dataclass(frozen=True)
class ReasonAnswer:
    reason: str


@dataclass(frozen=True)
class AttemptAnswer:
    method: str | None
    reached: bool | None
    note: str


@dataclass(frozen=True)
class DecideAnswer:
    approve: bool
    note: str


@dataclass(frozen=True)
class SettleAnswer:
    state: str | None
    note: str


class CloseDialog(LifeForm[CloseAnswer]):
    """Close a request: a coded outcome, a reason in words, the MASH decision as given."""

    def __init__(self, reference: str, outcomes: Items, parent: QWidget | None = None) -> None:
        super().__init__(f"Close {reference}", "&Close request", parent)
        self.say(
            f"Closing {reference} records what happened, who decided and why. "
            "Its open actions are settled with it. It can be reopened."
        )
        self.outcome = QComboBox()
        choices(self.outcome, outcomes, blank="— choose what happened —")
        self.add_field("outcome", "&Outcome:", self.outcome)
        self.reason = plain_text("Reason", "what was decided, and why", 3)
        self.add_field("reason", "&Reason:", self.reason)
        self.mash = plain_text("MASH decision, as given", "only when the MASH has decided", 2)
        self.add_field("mash_decision", "&MASH decision (as given):", self.mash)

    def answer(self) -> CloseAnswer:
        return CloseAnswer(self.outcome.currentData(), text_of(self.reason), text_of(self.mash))


class ReopenDialog(LifeForm[ReasonAnswer]):
    """Reopen a closed request, saying why; its closing stays in its history."""

    def __init__(self, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(f"Reopen {reference}", "&Reopen request", parent)
        self.say(f"{reference} was closed. Reopening keeps its closing in the history.")
        self.reason = plain_text("Reason for reopening", "e.g. the family called back", 2)
        self.add_field("reason", "Re&ason:", self.reason)

    def answer(self) -> ReasonAnswer:
        return ReasonAnswer(text_of(self.reason))


class AttemptDialog(LifeForm[AttemptAnswer]):
    """One try at reaching the family: how, and whether they were reached (a note if wanted).

    Quick by keyboard: the way of contact first (Up/Down), Alt+Y or Alt+N, Enter saves.
    """

    def __init__(self, reference: str, methods: Items, parent: QWidget | None = None) -> None:
        super().__init__(f"Contact attempt for {reference}", "&Save attempt", parent)
        self.method = QComboBox()
        choices(self.method, methods)
        self.add_field("method", "&How:", self.method)
        self.reached_yes = QRadioButton("&Yes, reached")
        self.reached_no = QRadioButton("&No answer / not reached")
        self.reached_yes.setAccessibleName("Reached")
        self.reached_no.setAccessibleName("Not reached")
        self.reached = QButtonGroup(self)
        row = QWidget()
        row.setAccessibleName("Reached the family?")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for button in (self.reached_yes, self.reached_no):
            self.reached.addButton(button)
            line.addWidget(button)
        line.addStretch(1)
        self.add_field(
            "reached", "Reached the family?", row, stops=(self.reached_yes, self.reached_no)
        )
        self.note = plain_text("Note on the attempt", "optional: voicemail left, number wrong …", 2)
        self.add_field("note", "N&ote:", self.note)

    def answer(self) -> AttemptAnswer:
        reached = (
            True if self.reached_yes.isChecked() else False if self.reached_no.isChecked() else None
        )
        return AttemptAnswer(self.method.currentData(), reached, text_of(self.note))


class SettleDialog(LifeForm[SettleAnswer]):
    """Settle one action: done, not needed, or could not be done, with an optional note."""

    def __init__(
        self, reference: str, action: str, results: Items, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Settle an action of {reference}", "&Save", parent)
        self.say(f"{reference}: {action}")
        self.state = QComboBox()
        choices(self.state, results)
        self.add_field("state", "&What became of it:", self.state)
        self.note = plain_text("Note on the action", "optional", 2)
        self.add_field("note", "N&ote:", self.note)

    def answer(self) -> SettleAnswer:
        return SettleAnswer(self.state.currentData(), text_of(self.note))


class DecideDialog(LifeForm[DecideAnswer]):
    """A team leader (not the one who asked) approves or refuses a waiting downward override."""

    def __init__(
        self, reference: str, waiting: OverrideView, vocab: Vocabularies, parent: QWidget | None
    ) -> None:
        super().__init__(f"Decide the override of {reference}", "&Save decision", parent)
        chosen = vocab.pathway.label(waiting.chosen) if waiting.chosen in vocab.pathway else ""
        self.say(
            f"{waiting.asked_by} asks for {chosen or waiting.chosen} instead: "
            f"{waiting.reason or ''}"
        )
        self.approve = QRadioButton("&Approve")
        self.refuse = QRadioButton("&Refuse")
        self.approve.setAccessibleName("Approve the override")
        self.refuse.setAccessibleName("Refuse the override")
        group = QButtonGroup(self)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        for button in (self.approve, self.refuse):
            group.addButton(button)
            line.addWidget(button)
        line.addStretch(1)
        self.approve.setChecked(True)
        self.add_field("approve", "Decision:", row, stops=(self.approve, self.refuse))
        self.note = plain_text("Note on the decision", "optional", 2)
        self.add_field("note", "N&ote:", self.note)

    def answer(self) -> DecideAnswer:
        return DecideAnswer(self.approve.isChecked(), text_of(self.note))


@dataclass(frozen=True)
class AssignAnswer:
    to: str | None


class AssignDialog(LifeForm[AssignAnswer]):
    """A team leader assigns a request to a named worker (or to nobody)."""

    def __init__(
        self, reference: str, staff: Items, current: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"Assign {reference}", "&Assign", parent)
        self.say(f"Now assigned to: {current or 'nobody'}")
        self.worker = QComboBox()
        choices(self.worker, [(u, f"{name} ({u})") for u, name in staff], blank="— nobody —")
        self.worker.setCurrentIndex(max(0, self.worker.findData(current)))
        self.add_field("to", "&Worker:", self.worker)

    def answer(self) -> AssignAnswer:
        return AssignAnswer(self.worker.currentData())
