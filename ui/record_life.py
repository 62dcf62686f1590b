"""A request's life after the front door, in the record's window: status, actions, history.

What staff do here, each through a service of the core (``services.outcomes``,
``services.contact``, ``services.actions``, ``services.overrides``) in one transaction per
action: close with an outcome, reopen, log a contact attempt, add a note, settle an action,
choose another pathway (upward on a reason; downward with a team leader's approval, given by
that second person signing in here, or later by a team leader opening the request). The
panel decides nothing: what is allowed, and why not, is the core's answer.

Keys: Alt+O close, Alt+R reopen, Alt+L log an attempt, Alt+H another pathway, Alt+W decide
on a waiting override, Alt+T the actions, Alt+E settle the chosen one, Alt+N the note,
Alt+D add it, Alt+Y the history.

Signals:
    changed(int): a change was saved; the request's new current version.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.life import CLOSED, PENDING, RequestLife
from triage_app.services.followup import due_text
from triage_app.services.life_view import request_life
from ui.context import WindowContext
from ui.life_form import plain_text, text_of
from ui.life_steps import LifeSteps
from ui.life_tables import STATUS_LABELS, ActionsModel, HistoryModel, history_rows, label
from ui.ops import run_op
from ui.permissions import why_not
from ui.signin_dialog import sentence
from ui.table_model import rows_table

Context = Callable[[], WindowContext]


class LifePanel(QWidget):
    changed = Signal(int)

    def __init__(self, context: Context, reference: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("What happened to the request")
        self._context = context
        self.reference = reference
        self.life: RequestLife | None = None
        self.steps = LifeSteps(self, context, reference)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName("Status")
        self.close_button = self._button("Close with &outcome…", self.steps.close)
        self.reopen_button = self._button("&Reopen…", self.steps.reopen)
        self.attempt_button = self._button("&Log attempt…", self.steps.attempt)
        self.override_button = self._button("Other pat&hway…", self._override)
        self.decide_button = self._button("Decide &waiting override…", self._decide)
        self.action_rows = ActionsModel(context().rules)
        self.actions_table = rows_table(self.action_rows, "Actions of the request")
        self.settle_button = self._button("S&ettle action…", self._settle)
        self.note = plain_text("New note", "a note for the record: dated and signed, never edited")
        self.note_button = self._button("A&dd note", self._add_note)
        self.history = HistoryModel(self)
        self.history_table = rows_table(self.history, "History of the request, newest first")
        self.history_table.setWordWrap(True)
        self.steps.saved.connect(self._saved)
        self._layout()
        self.reload()

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _layout(self) -> None:
        grid = QGridLayout()
        for i, b in enumerate(
            (self.close_button, self.reopen_button, self.attempt_button, self.override_button)
        ):
            grid.addWidget(b, i // 2, i % 2)
        grid.addWidget(self.decide_button, 2, 0, 1, 2)
        captions = {}
        for key, text, buddy in (
            ("actions", "Ac&tions:", self.actions_table),
            ("note", "&Note:", self.note),
            ("history", "Histor&y (newest first):", self.history_table),
        ):
            captions[key] = QLabel(text)
            captions[key].setBuddy(buddy)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.note_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state)
        layout.addLayout(grid)
        layout.addWidget(captions["actions"])
        layout.addWidget(self.actions_table)
        layout.addWidget(self.settle_button)
        layout.addWidget(captions["note"])
        layout.addLayout(note_row)
        layout.addWidget(captions["history"])
        layout.addWidget(self.history_table, 1)
        self.actions_table.setMaximumHeight(self.fontMetrics().height() * 8)
        order = (
            self.close_button,
            self.reopen_button,
            self.attempt_button,
            self.override_button,
            self.decide_button,
            self.actions_table,
            self.settle_button,
            self.note,
            self.note_button,
            self.history_table,
        )
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    # --- reading -------------------------------------------------------------------------

    def reload(self) -> None:
        ctx, reference = self._context(), self.reference

        def op() -> RequestLife:
            with ctx.db.read() as session:
                return request_life(session, reference, actor=ctx.actor, now=ctx.now())

        run_op(self, op, self.show_life, title="What happened to the request")

    def show_life(self, life: RequestLife) -> None:
        self.life = life
        self.steps.life = life
        ctx = self._context()
        vocab = ctx.vocab
        parts = [f"<b>Status: {STATUS_LABELS.get(life.status, life.status)}</b>"]
        if life.status == CLOSED:
            parts.append(f"Outcome: {label(vocab.outcome, life.outcome)}")
        pathway = label(vocab.pathway, life.final_pathway)
        if life.final_pathway != life.recommended_pathway:
            pathway += f" (recommended: {label(vocab.pathway, life.recommended_pathway)})"
        parts.append(f"Pathway: {pathway}")
        if self.waiting() is not None:
            parts.append("⚠ A downward override is waiting for a team leader")
        parts.append(f"Assigned to: {life.assigned_to or 'nobody yet'}")
        if life.due_at is not None and life.status != CLOSED:
            parts.append(f"Due: {due_text(life.due_at)}")
        self.state.setText("<br>".join(parts))
        self.action_rows.set_rows(life.actions)
        self.history.set_rows(history_rows(life, vocab))
        self._enable(life)

    def waiting(self) -> Any:
        """The downward override waiting for a decision, if any."""
        life = self.life
        pending = [o for o in life.overrides if o.state == PENDING] if life else []
        return pending[-1] if pending else None

    def _enable(self, life: RequestLife) -> None:
        actor = self._context().actor
        closed = life.status == CLOSED
        recording = why_not(actor, "record_outcome")
        for button, blocked in (
            (self.close_button, recording or (f"{life.reference} is closed" if closed else None)),
            (self.reopen_button, recording or (None if closed else "Only a closed request")),
            (self.attempt_button, recording),
            (self.note_button, recording),
            (self.settle_button, recording),
            (self.override_button, why_not(actor, "override_pathway")),
            (
                self.decide_button,
                why_not(actor, "approve_override")
                or (None if self.waiting() is not None else "No override is waiting"),
            ),
        ):
            button.setEnabled(blocked is None)
            button.setToolTip(sentence(blocked) if blocked else "")
        self.decide_button.setVisible(self.waiting() is not None)
        self.note.setEnabled(recording is None)

    # --- doing ---------------------------------------------------------------------------

    def _saved(self) -> None:
        """Show the change; if the button pressed is now off, the focus goes to the history.

        The window's own focus widget is asked, not the application's: once the dialog has
        closed, the window may or may not be active again yet, and a disabled button hands
        the focus to its neighbour if it is.
        """
        pressed = self.window().focusWidget()
        self.reload()
        if pressed is None or not pressed.isEnabled():
            self.history_table.setFocus()  # on what was just recorded
            self.history_table.selectRow(0)
        if self.life is not None:
            self.changed.emit(self.life.version)

    def _settle(self) -> None:
        rows = self.actions_table.selectionModel().selectedRows()
        if not rows:
            self.actions_table.setFocus()  # choose one first (Up/Down), then Alt+E
            return
        self.steps.settle(self.action_rows.row_at(rows[0].row()).action)

    def _override(self) -> None:
        self.steps.override()

    def _decide(self) -> None:
        waiting = self.waiting()
        if waiting is not None:
            self.steps.decide(waiting)

    def _add_note(self) -> None:
        self.steps.add_note(text_of(self.note), self.note)
