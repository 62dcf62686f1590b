"""The Follow-up queue: open work only, most pressing first, with counts that mean something.

Wiring only: what is open, what the signed-in person sees, the order (by due time) and the
counts (due today, overdue, unassigned) are :func:`triage_app.services.followup.followup_queue`'s;
assigning is :mod:`triage_app.services.assignment`'s. The list is read a page at a time
(``ui.paged_model``): the first screenful at once, more as it is scrolled, so opening and
refreshing stay quick however much is stored. A request's actions are settled, and its
outcome recorded, in its record (Enter), beside what it says.

Keys: Alt+M mine, Alt+B mine and my hub's, Alt+U unassigned, Alt+A all I may see, Alt+W the
list, Enter (or Alt+O) opens the chosen request, Alt+T takes it, Alt+S assigns it (team
leaders), Alt+L reloads.

Signals:
    rows_shown(int): the list shows a new set of rows (how many in its first page).
    status(str): a short message for the status bar.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.counts import counted
from triage_app.domain.localtime import local_text
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import TriageError
from triage_app.services.assignment import assign_request, assignable_staff
from triage_app.services.followup import (
    ASSIGNED_TO_ME,
    EVERYTHING,
    MINE_AND_HUB,
    UNASSIGNED,
    Queue,
    QueueCounts,
    QueueRow,
    due_text,
    followup_queue,
    status_text,
)
from ui.context import WindowContext
from ui.life_tables import STATUS_LABELS, label
from ui.ops import run_op
from ui.outcome_dialogs import AssignAnswer, AssignDialog
from ui.paged_model import PagedModel
from ui.pages.version_history import open_record_window
from ui.permissions import why_not
from ui.signin_dialog import sentence
from ui.table_model import rows_table

SCOPES = (
    (ASSIGNED_TO_ME, "&Mine", "Assigned to me"),
    (MINE_AND_HUB, "Mine and my hu&b's", "Mine and my hub's"),
    (UNASSIGNED, "&Unassigned", "Nobody's yet"),
    (EVERYTHING, "&All I may see", "All I may see"),
)


class QueueModel(PagedModel[QueueRow]):
    """Open requests; an overdue one says so in words, in bold, and in the error colour."""

    COL_STATUS, COL_DUE, COL_REFERENCE, COL_RECEIVED, COL_PATHWAY = range(5)
    COL_PROGRESS, COL_WORKER, COL_HUB = range(5, 8)
    HEADERS = (
        "Status", "Due", "Reference", "Received", "Pathway", "Progress", "Assigned to", "Hub",
    )  # fmt: skip

    def __init__(self, vocab: Vocabularies, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vocab = vocab
        self.now: datetime | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def text(self, row: QueueRow, column: int) -> str:
        if column == self.COL_STATUS:
            status = status_text(row, self.now or row.received_at)
            return f"Incomplete; {status}" if row.incomplete else status
        if column == self.COL_PATHWAY:
            chosen = label(self._vocab.pathway, row.final_pathway or row.pathway)
            overridden = row.final_pathway not in (None, row.pathway)
            return f"{chosen} (overridden)" if overridden else chosen
        return {
            self.COL_DUE: due_text(row.due),
            self.COL_REFERENCE: row.reference,
            self.COL_RECEIVED: local_text(row.received_at),
            self.COL_HUB: label(self._vocab.hub, row.hub),
            self.COL_WORKER: row.assigned_to or "nobody",
            self.COL_PROGRESS: STATUS_LABELS.get(row.status, row.status),
        }[column]

    def cell(self, row: int, column: int, role: int) -> Any:
        item = self._rows[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(item, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.text(item, column)
            return f"{text} (overdue)" if item.overdue and column != self.COL_STATUS else text
        if role == Qt.ItemDataRole.FontRole and item.overdue:
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return _overdue_colour()
        return None


def _overdue_colour() -> QBrush:
    """The theme's error colour: dark red, or yellow in high contrast (see ``ui.theme``)."""
    app = QApplication.instance()
    contrast = bool(app.property("highContrast")) if app is not None else False
    return QBrush(QColor("#ffff00" if contrast else "#a40000"))


def counts_text(counts: QueueCounts) -> str:
    """The counts at the top, in words: "12 open requests: 3 overdue, 2 due today, 4 unassigned"."""
    if not counts.open:
        return "Nothing open here: no request waits for anyone."
    return (
        f"<b>{counted(counts.open, 'open request')}</b>: "
        f"<b>{counts.overdue:,} overdue</b>, {counts.due_today:,} due today, "
        f"{counts.unassigned:,} unassigned."
    )


class FollowUpPage(QWidget):
    rows_shown = Signal(int)
    status = Signal(str)

    def __init__(self, context: Callable[[], WindowContext], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Follow-up queue")
        self._context = context
        self.scopes = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        for code, text, name in SCOPES:
            button = QRadioButton(text)
            button.setAccessibleName(name)
            self.scopes.addButton(button)
            self.scope_buttons[code] = button
        self.counts = QLabel()
        self.counts.setAccessibleName("Counts")
        self.counts.setObjectName("queueCounts")
        self.model = QueueModel(context().vocab, self)
        self.table = rows_table(self.model, "Open requests, most pressing first")
        # Columns are fitted to the first screenful once, then kept (staff may widen them):
        # measuring them again at every refresh would cost more than reading the rows.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._sized = False
        self.open_button = self._button("&Open request", self.open_selected)
        self.take_button = self._button("&Take it", self.take_selected)
        self.assign_button = self._button("A&ssign…", self.assign_selected)
        self.reload_button = self._button("Re&load", self.refresh)
        self._layout()
        self.scope_buttons[MINE_AND_HUB].setChecked(True)
        self.scopes.buttonToggled.connect(self._scope_changed)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._enable())

    def _button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(slot)
        return button

    def _layout(self) -> None:
        caption = QLabel("Open &work, most pressing first:")
        caption.setBuddy(self.table)
        scope_row = QHBoxLayout()
        scope_row.addWidget(QLabel("Show:"))
        for button in self.scope_buttons.values():
            scope_row.addWidget(button)
        scope_row.addStretch(1)
        scope_row.addWidget(self.reload_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for action in (self.open_button, self.take_button, self.assign_button):
            buttons.addWidget(action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(scope_row)
        layout.addWidget(self.counts)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        order: tuple[QWidget, ...] = (
            *self.scope_buttons.values(),
            self.reload_button,
            self.table,
            self.open_button,
            self.take_button,
            self.assign_button,
        )
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.table)

    # --- the list ------------------------------------------------------------------------

    def _scope_changed(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self.refresh()

    def scope(self) -> str:
        for code, button in self.scope_buttons.items():
            if button.isChecked():
                return code
        return MINE_AND_HUB

    def choose_scope(self, scope: str) -> None:
        """Show ``scope`` (one of the service's queue scopes), as the radio button would."""
        self.scope_buttons[scope].setChecked(True)

    def reset(self) -> None:
        """Start afresh (someone else signed in): their own and their hub's, reloaded."""
        self.scopes.blockSignals(True)
        self.choose_scope(MINE_AND_HUB)
        self.scopes.blockSignals(False)
        self._sized = False
        self.refresh()

    def refresh(self) -> None:
        """Read the first page again (and the counts); the chosen request stays chosen."""
        ctx, scope = self._context(), self.scope()
        now = ctx.now()
        keep = self.selected()

        def fetch(offset: int, limit: int) -> Sequence[QueueRow]:
            got: list[Queue] = []

            def op() -> Queue:
                with ctx.db.read() as session:
                    return followup_queue(
                        session, actor=ctx.actor, now=now, scope=scope, limit=limit,
                        offset=offset, urgency=ctx.rules.pathways,
                    )  # fmt: skip

            run_op(self, op, got.append, self._failed)
            if got and offset == 0:
                self._show_counts(got[0].counts)
            return got[0].rows if got else ()

        self.model.now = now
        shown = self.model.start(fetch)
        if shown and not self._sized:
            self.table.resizeColumnsToContents()
            self._sized = True
        self._select(keep.reference if keep else None)
        self._enable()
        self.rows_shown.emit(shown)

    def _failed(self, e: TriageError) -> bool:
        self.counts.setText(sentence(str(e)))
        return True

    def _show_counts(self, counts: QueueCounts) -> None:
        self.counts.setText(counts_text(counts))
        words = self.counts.text().replace("<b>", "").replace("</b>", "")
        self.table.setAccessibleDescription(words)

    def _select(self, reference: str | None) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        found = next((i for i in range(rows) if self.model.row_at(i).reference == reference), 0)
        self.table.selectRow(found)

    def selected(self) -> QueueRow | None:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return self.model.row_at(rows[0].row()) if rows else None

    def _enable(self) -> None:
        actor, row = self._context().actor, self.selected()
        taking = why_not(actor, "take_request") or (
            None if row is None or row.assigned_to is None else f"Assigned to {row.assigned_to}"
        )
        for button, blocked in (
            (self.take_button, taking),
            (self.assign_button, why_not(actor, "assign_request")),
            (self.open_button, None if row else "Choose a request in the list first"),
        ):
            button.setEnabled(blocked is None)
            button.setToolTip(sentence(blocked) if blocked else "")

    # --- doing something with the chosen request -----------------------------------------

    def open_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.status.emit("Choose a request in the list first.")
            return
        window = open_record_window(self, self._context, row.reference)
        if window is not None:
            window.amended.connect(lambda _ref: self.refresh())

    def take_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._assign(row.reference, self._context().actor.username)

    def assign_selected(self) -> None:
        row, ctx = self.selected(), self._context()
        if row is None:
            return

        def staff() -> tuple[tuple[str, str], ...]:
            with ctx.db.read() as session:
                return assignable_staff(session)

        people: list[tuple[tuple[str, str], ...]] = []
        if not run_op(self, staff, people.append, title="Assign"):
            return
        dialog = AssignDialog(row.reference, list(people[0]), row.assigned_to, self)
        if dialog.run(lambda a: self._write_assignment(row.reference, a)):
            self._assigned(row.reference, dialog.answer().to)

    def _write_assignment(self, reference: str, answer: AssignAnswer) -> int:
        ctx = self._context()
        with ctx.db.write() as session:
            return assign_request(session, reference, to=answer.to, actor=ctx.actor, now=ctx.now())

    def _assign(self, reference: str, to: str) -> None:
        run_op(
            self,
            lambda: self._write_assignment(reference, AssignAnswer(to)),
            lambda _v: self._assigned(reference, to),
            title="Take a request",
        )

    def _assigned(self, reference: str, to: str | None) -> None:
        self.status.emit(f"{reference} is now assigned to {to or 'nobody'}.")
        self.refresh()
        self.table.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
