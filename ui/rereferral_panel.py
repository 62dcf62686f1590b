"""Earlier requests for the same child or family within 12 months, shown while typing.

Signals:
    RereferralPanel.open_requested(str): staff asked to open an earlier request (its reference).
    RereferralPanel.use_requested(str): staff asked to start from an earlier request's details.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.vocabulary import Vocabularies
from triage_app.services.rereferral import EarlierRequest, is_repeat, ordinal
from ui.table_model import RowsModel


class EarlierRequestsModel(RowsModel[EarlierRequest]):
    COL_DATE, COL_HUB, COL_PATHWAY, COL_MATCHED, COL_REFERENCE = range(5)
    HEADERS = ("Date", "Hub", "Pathway", "Matched on", "Reference")

    def __init__(self, vocab: Vocabularies, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vocab = vocab

    def text(self, r: EarlierRequest, column: int) -> str:
        if column == self.COL_DATE:
            return r.received_at.strftime("%d/%m/%Y")
        if column == self.COL_HUB:
            return self._vocab.hub.label(r.hub) if r.hub and r.hub in self._vocab.hub else "—"
        if column == self.COL_PATHWAY:
            return (
                self._vocab.pathway.label(r.pathway)
                if r.pathway in self._vocab.pathway
                else r.pathway
            )
        if column == self.COL_MATCHED:
            return ", ".join(r.matched_on)
        return r.reference


class RereferralPanel(QWidget):
    open_requested = Signal(str)
    use_requested = Signal(str)

    def __init__(self, vocab: Vocabularies, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Earlier requests")
        self.model = EarlierRequestsModel(vocab, self)
        self.heading = QLabel()
        self.heading.setObjectName("rereferralHeading")
        self.heading.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Earlier requests within 12 months")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMaximumHeight(130)
        self.open_button = QPushButton("&Open earlier request")
        self.open_button.setAccessibleName("Open the selected earlier request")
        self.open_button.setToolTip("Open the selected earlier request, read-only (Alt+O)")
        # Alt+Z: every other letter is taken on the capture page.
        self.use_button = QPushButton("Use these details (Alt+&Z)")
        self.use_button.setAccessibleName("Use the selected earlier request's details")
        self.use_button.setToolTip(
            "Fill in the family and children from the selected earlier request (ages for "
            "today); needs, concerns and answers are asked afresh. Each copied detail is "
            "marked until confirmed with the caller (Alt+Z)"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.use_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self._open_selected)
        self.use_button.clicked.connect(self._use_selected)
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.set_rows([])

    def set_rows(self, rows: list[EarlierRequest], in_year: int = 0) -> None:
        """Show the earlier requests; ``in_year`` of them count for rule 13 (the core's count)."""
        self.model.set_rows(rows)
        if rows:
            n = len(rows)
            heading = (
                f"⚠ <b>Re-referral:</b> {n} earlier request{'s' if n != 1 else ''} "
                "for this child or family in the last 12 months"
            )
            if is_repeat(in_year):
                heading = (
                    f"⚠ <b>{ordinal(in_year + 1)} request in 12 months</b> for this child or "
                    f"family: concerns may be adding up (a safeguarding consultation). "
                    f"The earlier ones:"
                )
            self.heading.setText(heading)
            self.heading.setAccessibleName(
                self.heading.text().replace("<b>", "").replace("</b>", "")
            )
            self.table.selectRow(0)
        self.setVisible(bool(rows))

    def _open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._open_row(rows[0].row() if rows else 0)

    def selected_reference(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        return self.model.row_at(row).reference if 0 <= row < self.model.rowCount() else None

    def _use_selected(self) -> None:
        reference = self.selected_reference()
        if reference is not None:
            self.use_requested.emit(reference)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_requested.emit(self.model.row_at(row).reference)
