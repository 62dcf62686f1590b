"""The Follow-up page: actions not yet done, most urgent and most overdue first; tick one done.

Wiring only: what is open, when it is due and the order are
:mod:`triage_app.services.followup`'s; marking done is recorded and audited there. Each call
goes through :func:`ui.ops.run_op`.

Keys: Space (or Alt+D) marks the chosen action done, after a confirmation; Enter opens its
request read-only.

Signals:
    rows_shown(int): the list shows a new set of rows (how many).
    status(str): a short message for the status bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import TriageError
from triage_app.pathways import RuleSet
from triage_app.services.followup import (
    COMPLETE_REQUEST,
    AlreadyDone,
    FollowUpRow,
    due_text,
    mark_done,
    open_actions,
    status_text,
)
from ui.context import WindowContext
from ui.ops import run_op
from ui.pages.version_history import open_record_window
from ui.permissions import gate
from ui.table_model import RowsModel, rows_table

MARK_DONE = "mark_action_done"
MARK_TIP = "Record that this action has been done (Space)"


class FollowUpModel(RowsModel[FollowUpRow]):
    """Open actions; an overdue one says so in words, in bold, and in the error colour."""

    COL_STATUS, COL_DUE, COL_REFERENCE, COL_PATHWAY, COL_ACTION, COL_HUB = range(6)
    HEADERS = ("Status", "Due", "Reference", "Pathway", "Action", "Hub")

    def __init__(self, vocab: Vocabularies, rules: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vocab, self._rules = vocab, rules
        self._now: datetime | None = None

    def set_rows(self, rows: Iterable[FollowUpRow], now: datetime | None = None) -> None:
        self._now = now
        super().set_rows(rows)

    def action_label(self, code: str) -> str:
        if code == COMPLETE_REQUEST:
            return "Complete the request (amend it)"
        return self._rules.actions[code].label if code in self._rules.actions else code

    def text(self, row: FollowUpRow, column: int) -> str:
        pathway = self._vocab.pathway
        hubs = self._vocab.hub
        return {
            self.COL_STATUS: _status(row, self._now or row.received_at),
            self.COL_DUE: due_text(row.due),
            self.COL_REFERENCE: row.reference,
            self.COL_PATHWAY: pathway.label(row.pathway) if row.pathway in pathway else row.pathway,
            self.COL_ACTION: self.action_label(row.action),
            self.COL_HUB: hubs.label(row.hub) if row.hub and row.hub in hubs else "—",
        }[column]

    def cell(self, row: int, column: int, role: int) -> Any:
        item = self._rows[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(item, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self.text(item, column)
            return f"{text} (overdue)" if item.overdue and column != self.COL_STATUS else text
        if role == Qt.ItemDataRole.FontRole and item.overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and item.overdue:
            return _overdue_colour()
        return None


def _status(row: FollowUpRow, now: datetime) -> str:
    """The row's status in words; a request saved partial says "Incomplete" first."""
    status = status_text(row, now)
    return f"Incomplete; {status}" if row.incomplete else status


def _overdue_colour() -> QBrush:
    """The theme's error colour: dark red, or yellow in high contrast (see ``ui.theme``)."""
    app = QApplication.instance()
    contrast = bool(app.property("highContrast")) if app is not None else False
    return QBrush(QColor("#ffff00" if contrast else "#a40000"))


class ConfirmDone(QMessageBox):
    """Asks before recording an action as done (it cannot be undone from the window)."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(QMessageBox.Icon.Question, "Mark done?", text, parent=parent)
        self.setAccessibleName("Mark done?")
        self.setAccessibleDescription(text)
        self.done_button = self.addButton("Mark &done", QMessageBox.ButtonRole.AcceptRole)
        self.cancel_button = self.addButton("&Cancel", QMessageBox.ButtonRole.RejectRole)
        self.setDefaultButton(self.done_button)
        self.setEscapeButton(self.cancel_button)

    @classmethod
    def ask(cls, parent: QWidget, text: str) -> bool:
        box = cls(text, parent)
        box.exec()
        return box.clickedButton() is box.done_button


class FollowUpPage(QWidget):
    rows_shown = Signal(int)
    status = Signal(str)

    def __init__(self, context: Callable[[], WindowContext], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Follow-up")
        self._context = context
        ctx = context()
        self.this_hub = QRadioButton("This hu&b")
        self.all_hubs = QRadioButton("&All hubs")
        self.this_hub.setAccessibleName("This desk's hub only")
        self.all_hubs.setAccessibleName("All hubs")
        self.scope = QButtonGroup(self)
        self.scope.addButton(self.this_hub)
        self.scope.addButton(self.all_hubs)
        self.model = FollowUpModel(ctx.vocab, ctx.rules, self)
        self.table = rows_table(self.model, "Actions still to do")
        self.table.installEventFilter(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.done_button = QPushButton("Mark &done…")
        self.open_button = QPushButton("&Open request")
        self.reload_button = QPushButton("Re&load")
        self._layout()
        self.scope.buttonToggled.connect(self._scope_changed)
        self.reload_button.clicked.connect(self.refresh)
        self.done_button.clicked.connect(self.mark_selected_done)
        self.open_button.clicked.connect(self.open_selected)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.set_default_scope()

    def _layout(self) -> None:
        caption = QLabel("Ac&tions still to do, most urgent first:")
        caption.setBuddy(self.table)
        scope_row = QHBoxLayout()
        scope_row.addWidget(QLabel("Show:"))
        scope_row.addWidget(self.this_hub)
        scope_row.addWidget(self.all_hubs)
        scope_row.addStretch(1)
        scope_row.addWidget(self.reload_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.done_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(scope_row)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        for first, second in (
            (self.this_hub, self.all_hubs),
            (self.all_hubs, self.reload_button),
            (self.reload_button, self.table),
            (self.table, self.open_button),
            (self.open_button, self.done_button),
        ):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.table)

    # --- the list ------------------------------------------------------------------------

    def _scope_changed(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self.refresh()

    def set_default_scope(self) -> None:
        """The desk's hub when it has one (a reception), else all hubs."""
        hub = self._context().actor.hub
        self.this_hub.setEnabled(hub is not None)
        self.this_hub.setToolTip(
            "" if hub else "This desk has no hub of its own (it is the freephone line)"
        )
        self.scope.blockSignals(True)
        (self.this_hub if hub else self.all_hubs).setChecked(True)
        self.scope.blockSignals(False)

    def reset(self) -> None:
        """Start afresh (someone else signed in): the desk's hub, the list reloaded."""
        self.set_default_scope()
        self.refresh()

    def hub(self) -> str | None:
        return self._context().actor.hub if self.this_hub.isChecked() else None

    def refresh(self) -> None:
        ctx, hub = self._context(), self.hub()
        now = ctx.now()
        gate(self.done_button, ctx.actor, MARK_DONE, MARK_TIP)

        def op() -> list[FollowUpRow]:
            with ctx.db.read() as session:
                return open_actions(
                    session, hub=hub, actor=ctx.actor, now=now, urgency=ctx.rules.pathways
                )

        def failed(e: TriageError) -> bool:
            self.model.set_rows([])
            self.summary.setText(str(e)[:1].upper() + str(e)[1:])
            self.rows_shown.emit(0)
            return True

        run_op(self, op, lambda rows: self._show(rows, now), failed)

    def _show(self, rows: list[FollowUpRow], now: datetime) -> None:
        keep = self.table.currentIndex().row()
        self.model.set_rows(rows, now)
        overdue = sum(1 for r in rows if r.overdue)
        self.summary.setText(
            f"{len(rows)} action{'s' if len(rows) != 1 else ''} to do, {overdue} overdue."
            if rows
            else "Nothing to follow up: every action has been done."
        )
        self.table.setAccessibleDescription(self.summary.text())
        if rows:
            self.table.selectRow(min(max(keep, 0), len(rows) - 1))
        self.rows_shown.emit(len(rows))

    def selected(self) -> FollowUpRow | None:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return self.model.row_at(rows[0].row()) if rows else None

    # --- doing something with the chosen action ------------------------------------------

    def mark_selected_done(self) -> None:
        row = self.selected()
        if row is None:
            self.status.emit("Choose an action in the list first.")
            return
        if not self.done_button.isEnabled():
            self.status.emit(self.done_button.toolTip())
            return
        if row.action == COMPLETE_REQUEST:
            self.status.emit(f"{row.reference} is completed by amending it (Enter opens it).")
            return
        label = self.model.action_label(row.action)
        if not ConfirmDone.ask(self, f"Record this as done for {row.reference}?\n\n{label}"):
            return
        ctx = self._context()

        def op() -> None:
            with ctx.db.write() as session:
                mark_done(session, row.reference, row.action, actor=ctx.actor, now=ctx.now())

        def done(_r: None) -> None:
            self.status.emit(f"Marked done for {row.reference}: {label}")
            self.refresh()

        def already(e: TriageError) -> bool:
            if isinstance(e, AlreadyDone):
                self.status.emit(str(e)[:1].upper() + str(e)[1:] + ".")
                self.refresh()
                return True
            return False

        run_op(self, op, done, already, title="Mark done")
        self.table.setFocus()

    def open_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.status.emit("Choose an action in the list first.")
            return
        window = open_record_window(self, self._context, row.reference)
        if window is not None:
            window.amended.connect(lambda _ref: self.refresh())

    # --- Qt ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space in the list marks the chosen action done."""
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Space
        ):
            self.mark_selected_done()
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
