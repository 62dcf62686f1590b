"""The Requests page: today's and recent requests, a search box, filters, open and amend.

Wiring only: what matches, who sees what and how a family is shown are
:mod:`triage_app.services.search`'s; opening is audited by
:mod:`triage_app.services.records`. Each call goes through :func:`ui.ops.run_op`.

Keys: type in the search box (the list follows after a short pause); Down moves into the
list; Enter opens the chosen request read-only; Alt+A amends it (team leaders).

Signals:
    results_shown(int): the list shows a new set of rows (how many).
    status(str): a short message for the status bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.localtime import local_text, local_today
from triage_app.domain.vocabulary import Vocabularies
from triage_app.services import records
from triage_app.services.matching import parse_birth_date
from triage_app.services.search import (
    RequestQuery,
    RequestRow,
    search_requests,
)
from triage_app.store.stored import StoredRequest
from ui.context import WindowContext
from ui.ops import run_op
from ui.pages.amend_dialog import AmendDialog
from ui.pages.version_history import open_record_window
from ui.permissions import gate
from ui.table_model import RowsModel, rows_table

#: Quiet time after a keystroke before searching (milliseconds).
SEARCH_DELAY_MS = 250
AMEND = "amend_request"
AMEND_TIP = "Correct this request: a new version with a reason; the earlier one stays readable"


class RequestsModel(RowsModel[RequestRow]):
    """Requests as the list shows them."""

    (
        COL_REFERENCE,
        COL_RECEIVED,
        COL_FAMILY,
        COL_CHILDREN,
        COL_NEED,
        COL_PATHWAY,
        COL_HUB,
        COL_OPEN,
        COL_VERSION,
    ) = range(9)
    HEADERS = (
        "Reference",
        "Received",
        "Family",
        "Children",
        "Primary need",
        "Pathway",
        "Hub",
        "Actions to do",
        "Version",
    )
    NUMBERS = (COL_CHILDREN, COL_OPEN, COL_VERSION)

    def __init__(self, vocab: Vocabularies, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vocab = vocab

    def _label(self, kind: str, code: str | None) -> str:
        if code is None:
            return "—"
        vocabulary = getattr(self._vocab, kind)
        return vocabulary.label(code) if code in vocabulary else code

    def text(self, row: RequestRow, column: int) -> str:
        return {
            self.COL_REFERENCE: row.reference,
            self.COL_RECEIVED: local_text(row.received_at),
            self.COL_FAMILY: row.family,
            self.COL_CHILDREN: str(row.children),
            self.COL_NEED: self._label("need", row.primary_need),
            self.COL_PATHWAY: self._label("pathway", row.pathway),
            self.COL_HUB: self._label("hub", row.hub),
            self.COL_OPEN: str(row.open_actions),
            self.COL_VERSION: str(row.version),
        }[column]


def _date_box(name: str) -> QLineEdit:
    box = QLineEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText("dd/mm/yyyy")
    box.setMaxLength(10)
    box.setToolTip(f"{name}, as dd/mm/yyyy; leave empty for no limit")
    return box


class RequestsPage(QWidget):
    results_shown = Signal(int)
    status = Signal(str)

    def __init__(self, context: Callable[[], WindowContext], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Requests")
        self._context = context
        ctx = context()
        self.search = QLineEdit()
        self.search.setAccessibleName("Search requests")
        self.search.setPlaceholderText(
            "Surname, postcode, phone, reference or date of birth (dd/mm/yyyy)"
        )
        self.search.setClearButtonEnabled(True)
        self.hub = QComboBox()
        self.hub.setAccessibleName("Hub")
        self.hub.addItem("All hubs", None)
        for term in ctx.vocab.hub:
            self.hub.addItem(term.label, term.code)
        self.pathway = QComboBox()
        self.pathway.setAccessibleName("Pathway")
        self.pathway.addItem("Any pathway", None)
        for term in ctx.vocab.pathway:
            self.pathway.addItem(term.label, term.code)
        self.received_from = _date_box("Received from")
        self.received_to = _date_box("Received to")
        self.clear_button = QPushButton("Cl&ear")
        self.clear_button.setToolTip("Empty the search box and reset the filters")
        self.model = RequestsModel(ctx.vocab, self)
        self.table = rows_table(self.model, "Requests found")
        self.summary = QLabel()
        self.summary.setObjectName("resultsSummary")
        self.summary.setWordWrap(True)
        self.open_button = QPushButton("&Open (read-only)")
        self.amend_button = QPushButton("&Amend…")
        self._layout()
        self._wire()
        self.set_default_hub()

    def _wire(self) -> None:
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.refresh)
        self.search.installEventFilter(self)
        for combo in (self.hub, self.pathway):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        for box in (self.received_from, self.received_to):
            box.textChanged.connect(lambda _t: self._timer.start())
            box.returnPressed.connect(self.refresh)
        self.clear_button.clicked.connect(self.clear)
        self.table.activated.connect(lambda _i: self.open_selected())
        self.open_button.clicked.connect(self.open_selected)
        self.amend_button.clicked.connect(self.amend_selected)

    def _layout(self) -> None:
        grid = QGridLayout()
        pairs: list[tuple[str, QWidget]] = [
            ("&Search:", self.search),
            ("H&ub:", self.hub),
            ("Path&way:", self.pathway),
            ("Received fro&m:", self.received_from),
            ("&to:", self.received_to),
        ]
        for i, (text, widget) in enumerate(pairs):
            label = QLabel(text)
            label.setBuddy(widget)
            if i == 0:
                grid.addWidget(label, 0, 0)
                grid.addWidget(widget, 0, 1, 1, 7)
            else:
                grid.addWidget(label, 1, 2 * (i - 1))
                grid.addWidget(widget, 1, 2 * (i - 1) + 1)
        grid.addWidget(self.clear_button, 1, 8)
        grid.setColumnStretch(7, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.amend_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(grid)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        for first, second in (
            (self.search, self.hub),
            (self.hub, self.pathway),
            (self.pathway, self.received_from),
            (self.received_from, self.received_to),
            (self.received_to, self.clear_button),
            (self.clear_button, self.table),
            (self.table, self.open_button),
            (self.open_button, self.amend_button),
        ):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.search)

    # --- the query -----------------------------------------------------------------------

    def set_default_hub(self) -> None:
        """The desk's hub (a reception's), else all hubs."""
        hub = self._context().actor.hub
        self.hub.blockSignals(True)
        self.hub.setCurrentIndex(max(self.hub.findData(hub), 0) if hub else 0)
        self.hub.blockSignals(False)

    def reset(self) -> None:
        """Start afresh (someone else signed in): no search, the desk's hub, the recent list."""
        self.clear()

    def clear(self) -> None:
        for widget in (self.search, self.pathway, self.received_from, self.received_to):
            widget.blockSignals(True)
        self.search.clear()
        self.pathway.setCurrentIndex(0)
        self.received_from.clear()
        self.received_to.clear()
        for widget in (self.search, self.pathway, self.received_from, self.received_to):
            widget.blockSignals(False)
        self.set_default_hub()
        self.refresh()
        self.search.setFocus()

    def query(self) -> RequestQuery | None:
        """What is typed and chosen; ``None`` while a date box holds something not a date."""
        days = []
        today = local_today(self._context().now())
        for box in (self.received_from, self.received_to):
            text = box.text().strip()
            day = parse_birth_date(text, today) if text else None
            if text and day is None:
                return None
            days.append(day)
        return RequestQuery(
            text=self.search.text().strip() or None,
            hub=self.hub.currentData(),
            pathway=self.pathway.currentData(),
            received_from=days[0],
            received_to=days[1],
        )

    def refresh(self) -> None:
        """Search now with what is typed and chosen."""
        self._timer.stop()
        ctx, query = self._context(), self.query()
        gate(self.amend_button, ctx.actor, AMEND, AMEND_TIP)
        if query is None:
            self.summary.setText("⚠ Type the dates as dd/mm/yyyy (or leave them empty).")
            return

        def op() -> list[RequestRow]:
            with ctx.db.read() as session:
                return search_requests(session, query, actor=ctx.actor, now=ctx.now())

        def failed(e: Exception) -> bool:
            self.model.set_rows([])
            self.summary.setText(str(e)[:1].upper() + str(e)[1:])
            self.results_shown.emit(0)
            return True

        run_op(self, op, lambda rows: self._show(rows, query), failed)

    def _show(self, rows: list[RequestRow], query: RequestQuery) -> None:
        reference = self.selected_reference()
        self.model.set_rows(rows)
        n = len(rows)
        if query.text is None and query.received_from is None and query.received_to is None:
            what = "received today and in the last 7 days"
        else:
            what = "found"
        self.summary.setText(
            f"{n} request{'s' if n != 1 else ''} {what}."
            if n
            else "No requests match. Try fewer letters of the surname, or another filter."
        )
        self.table.setAccessibleDescription(self.summary.text())
        keep = next((i for i, r in enumerate(rows) if r.reference == reference), 0)
        if rows:
            self.table.selectRow(keep)
        self.results_shown.emit(n)

    # --- the chosen request --------------------------------------------------------------

    def selected_reference(self) -> str | None:
        selection = self.table.selectionModel()
        rows = selection.selectedRows() if selection is not None else []
        return self.model.row_at(rows[0].row()).reference if rows else None

    def open_selected(self) -> None:
        reference = self.selected_reference()
        if reference is None:
            self.status.emit("Choose a request in the list first.")
            return
        window = open_record_window(self, self._context, reference)
        if window is not None:
            window.amended.connect(lambda _ref: self.refresh())

    def amend_selected(self) -> None:
        """Open the chosen request (audited) in the capture form to amend it."""
        reference = self.selected_reference()
        if reference is None:
            self.status.emit("Choose a request in the list first.")
            return
        ctx = self._context()

        def op() -> StoredRequest:
            with ctx.db.write() as session:
                return records.open_record(session, reference, actor=ctx.actor, now=ctx.now())

        def amend(stored: StoredRequest) -> None:
            saved = AmendDialog.ask(self, self._context, stored)
            if saved is not None:
                self.status.emit(f"Saved {saved.reference} as version {saved.version}.")
                self.refresh()

        run_op(self, op, amend, title="Amend a request")

    # --- Qt ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down in the search box moves into the list."""
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.table.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.table.selectionModel().selectedRows():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()
