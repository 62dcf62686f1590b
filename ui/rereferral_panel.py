"""Earlier requests for the same child or family within 12 months, shown while typing.

Signals:
    RereferralPanel.open_requested(str): staff asked to open an earlier request (its reference).
    RereferralPanel.use_requested(str): staff asked to start from an earlier request's details.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
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
    # What staff quote and why it was found come first; the rest wraps in what width is left.
    COL_REFERENCE, COL_MATCHED, COL_DATE, COL_PATHWAY, COL_HUB = range(5)
    HEADERS = ("Reference", "Matched on", "Date", "Pathway", "Hub")

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
        self._fit_columns()
        self.open_button = QPushButton("&Open it")
        self.open_button.setAccessibleName("Open the selected earlier request")
        self.open_button.setToolTip("Open the selected earlier request, read-only (Alt+O)")
        # Alt+Z: every other letter is taken on the capture page.
        self.use_button = QPushButton("Use its details (Alt+&Z)")
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

    def _fit_columns(self) -> None:
        """Everything in the panel's width, whatever the text size: no sideways scrolling.

        The reference and the date are never cut, nor the "Matched on" heading (its reasons
        wrap beneath it where room is short); the pathway and the hub share what is left,
        and where the panel is too narrow for them they are left out (the record has them).
        """
        table, model = self.table, self.model
        table.verticalHeader().hide()
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.setWordWrap(True)
        header = table.horizontalHeader()
        header.setMinimumSectionSize(table.fontMetrics().horizontalAdvance("Hub") + 8)
        mode = QHeaderView.ResizeMode
        for column in (model.COL_REFERENCE, model.COL_DATE):
            header.setSectionResizeMode(column, mode.ResizeToContents)
        for column in (model.COL_PATHWAY, model.COL_HUB):
            header.setSectionResizeMode(column, mode.Stretch)
        header.setSectionResizeMode(model.COL_MATCHED, mode.Fixed)
        table.setMaximumHeight(header.sizeHint().height() + 6 * table.fontMetrics().lineSpacing())
        self._fit_width()

    def _fit_width(self) -> None:
        """Widths for the panel's width now: what each column may have of it.

        "Matched on" is as wide as its reasons where there is room, never narrower than its
        heading; the pathway and the hub share the rest, shown only where their headings fit.
        """
        table, model = self.table, self.model
        header = table.horizontalHeader()
        left = table.viewport().width() - sum(
            header.sectionSize(c) for c in (model.COL_REFERENCE, model.COL_DATE)
        )
        heading = max(header.sectionSizeHint(c) for c in (model.COL_PATHWAY, model.COL_HUB))
        reasons = max(table.sizeHintForColumn(model.COL_MATCHED), 0)
        matched = max(header.sectionSizeHint(model.COL_MATCHED), min(reasons, left - 2 * heading))
        header.resizeSection(model.COL_MATCHED, matched)
        spare = left - matched
        table.setColumnHidden(model.COL_PATHWAY, spare < heading)
        table.setColumnHidden(model.COL_HUB, spare < 2 * heading)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_width()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # a larger text size: headings re-measured
            self._fit_columns()
        super().changeEvent(event)

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
            self._fit_width()  # the new rows' widths
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
