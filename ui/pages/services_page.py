"""The Services page: every Family Hub and partner service, its status and when last checked.

Staff see each entry's status, the number they may give out (or why not), when it was last
checked, and "⚠ stale" when that was too long ago (the database's setting); a detail
without a source is marked unconfirmed. Paused and closed services are listed only when
asked for. Team leaders and administrators can change an entry (:mod:`ui.pages.service_edit`);
others see Change disabled, saying why. Reading the directory changes nothing and is not
audited; every change is.

Signals:
    status(str): a short message for the status bar.
    changed: an entry was saved (the capture page reloads what it knows of the directory).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.directory import Directory
from triage_app.services.directory import Finder, ServiceAnswer, all_services, answer, stale_months
from triage_app.store.directory import Change, history
from ui.context import WindowContext
from ui.ops import run_op
from ui.pages.service_edit import ServiceEditDialog
from ui.permissions import gate
from ui.services_view import ServicesModel, history_html, service_html
from ui.table_model import rows_table

Context = Callable[[], WindowContext]
EDIT_DIRECTORY = "edit_directory"


class ServicesPage(QWidget):
    status = Signal(str)
    changed = Signal()

    def __init__(self, context: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Services")
        self._context = context
        self._directory = Directory()
        self._months = 6
        self._finder = Finder(context().search_words)
        # Mnemonics of this page's own (the capture page's are hidden while it is shown).
        self.query = QLineEdit()
        self.query.setAccessibleName("Filter services by need, concern, name or word")
        self.query.setPlaceholderText("Filter: a need, a concern, a name or a word")
        self.filter_caption = QLabel("Fil&ter:")
        self.filter_caption.setBuddy(self.query)
        self.closed = QCheckBox("Show &paused and closed")
        self.closed.setAccessibleName("Show paused and closed services")
        self.stale_only = QCheckBox("Only &stale entries")
        self.stale_only.setAccessibleName("Only entries not checked recently")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = ServicesModel(self)
        self.table = rows_table(self.model, "Services")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(ServicesModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The service's details")
        self.edit_button = QPushButton("&Change this service…")
        self.edit_button.setAccessibleName("Change the selected service")
        self._lay_out()
        self.query.textChanged.connect(self.show_rows)
        self.closed.toggled.connect(self.show_rows)
        self.stale_only.toggled.connect(self.show_rows)
        self.table.selectionModel().currentRowChanged.connect(self._show)
        self.table.activated.connect(lambda _i: self.edit_selected())
        self.edit_button.clicked.connect(self.edit_selected)
        self._loaded = False

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.filter_caption)
        filters.addWidget(self.query, 1)
        filters.addWidget(self.closed)
        filters.addWidget(self.stale_only)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.edit_button)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([800, 520])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        for first, second in (
            (self.query, self.closed),
            (self.closed, self.stale_only),
            (self.stale_only, self.table),
            (self.table, self.detail),
            (self.detail, self.edit_button),
        ):
            QWidget.setTabOrder(first, second)

    def showEvent(self, event: object) -> None:
        if not self._loaded:
            self.reload()
        super().showEvent(event)  # type: ignore[arg-type]

    def reset(self) -> None:
        """Someone else signed in: read again, and say what they may do."""
        self._loaded = False
        if self.isVisible():
            self.reload()

    # --- what is shown -------------------------------------------------------------------

    def _now(self) -> datetime:
        return self._context().now()

    def reload(self, select: str | None = None) -> None:
        ctx = self._context()

        def op() -> tuple[Directory, int]:
            with ctx.db.read() as session:
                return all_services(session), stale_months(session)

        def done(result: tuple[Directory, int]) -> None:
            self._directory, self._months = result
            self._loaded = True
            self.show_rows()
            if select is not None:
                self.select(select)

        run_op(self, op, done, title="Services")
        gate(self.edit_button, ctx.actor, EDIT_DIRECTORY, "Change status, contact details …")

    def rows(self) -> list[ServiceAnswer]:
        """The entries the filters let through, as the table lists them."""
        now, months = self._now(), self._months
        text = self.query.text()
        if text.strip():
            found = self._finder.find(
                self._directory,
                text,
                now=now,
                months=months,
                include_closed=self.closed.isChecked(),
            )
        else:
            found = [
                answer(e, now=now, months=months)
                for e in self._directory
                if self.closed.isChecked() or e.is_open
            ]
        if self.stale_only.isChecked():
            found = [a for a in found if a.stale]
        return found

    def show_rows(self) -> None:
        rows = self.rows()
        self.model.set_rows(rows)
        stale = sum(1 for a in rows if a.stale)
        unconfirmed = sum(1 for a in rows if a.unconfirmed)
        self.summary.setText(
            f"{len(rows)} shown · {stale} ⚠ stale (not checked for {self._months} months) · "
            f"{unconfirmed} with unconfirmed details"
        )
        if rows:
            self.table.selectRow(0)
        else:
            self.detail.clear()

    def select(self, code: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).entry.code == code:
                self.table.selectRow(row)
                return

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        found = self.model.row_at(current.row())
        ctx, code = self._context(), found.entry.code

        def op() -> list[Change]:
            with ctx.db.read() as session:
                return history(session, code)

        changes: list[Change] = []
        run_op(self, op, changes.extend, title="Services")
        self.detail.setHtml(service_html(found, ctx.vocab) + history_html(changes))

    def selected(self) -> ServiceAnswer | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    # --- changing ------------------------------------------------------------------------

    def edit_selected(self) -> None:
        found = self.selected()
        if found is None or not self.edit_button.isEnabled():
            return
        saved = ServiceEditDialog.ask(self, self._context, found.entry)
        self.window().activateWindow()
        self.table.setFocus()
        if saved is None:
            return
        self.status.emit(f"{saved.name} saved (version {saved.version}).")
        self.reload(select=saved.code)
        self.changed.emit()
