"""Finding a service while the caller waits (Ctrl+F): by need, concern, name or a word.

Opened from anywhere in the window; before anything is typed it lists the open services
for the needs and concerns already on the form. Each service says what to tell the caller
and whether its number may be given out (the core's
:mod:`triage_app.services.directory`). The dialog reads the directory once when it opens;
it changes nothing, so nothing is audited. Closing it gives the keyboard back to where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.directory import Directory
from triage_app.services.directory import Finder, all_services, stale_months
from ui.context import WindowContext
from ui.ops import run_op
from ui.services_view import ServicesModel, service_html
from ui.table_model import rows_table

Context = Callable[[], WindowContext]


class ServiceSearchDialog(QDialog):
    def __init__(
        self,
        context: Context,
        *,
        needs: tuple[str, ...] = (),
        concerns: tuple[str, ...] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find a service")
        self.setAccessibleName("Find a service")
        ctx = context()
        self._vocab = ctx.vocab
        self._now: datetime = ctx.now()
        self._needs, self._concerns = needs, concerns
        self._finder = Finder(ctx.search_words)
        self._directory = Directory()
        self._months = 6
        self.query = QLineEdit()
        self.query.setAccessibleName("Find a service by need, concern, name or word")
        self.query.setPlaceholderText('A need, a concern, a name or a word ("eviction", "food")')
        caption = QLabel("&Find:")
        caption.setBuddy(self.query)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.model = ServicesModel(self)
        self.table = rows_table(self.model, "Services found")
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("What to tell the caller")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.query)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail, 1)
        layout.addWidget(buttons)
        self.query.textChanged.connect(self.search)
        self.query.returnPressed.connect(self._to_results)
        self.table.selectionModel().currentRowChanged.connect(self._show)
        self.resize(760, 620)
        run_op(self, lambda: self._load(context), lambda _r: self.search(""), title="Services")
        self.query.setFocus()

    def _load(self, context: Context) -> None:
        with context().db.read() as session:
            self._directory = all_services(session)
            self._months = stale_months(session)

    def search(self, text: str) -> None:
        """Services for ``text``; with nothing typed, those for the form's needs and concerns."""
        if text.strip():
            found = self._finder.find(self._directory, text, now=self._now, months=self._months)
            heading = f"{len(found)} found" if found else "Nothing found: try another word"
        else:
            found = self._finder.for_needs(
                self._directory,
                needs=self._needs,
                concerns=self._concerns,
                now=self._now,
                months=self._months,
            )
            heading = (
                "For what the caller has said so far:"
                if found
                else "Type a need, a concern, a name or a word."
            )
        self.heading.setText(heading)
        self.model.set_rows(found)
        if found:
            self.table.selectRow(0)
        else:
            self.detail.clear()

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.detail.setHtml(service_html(self.model.row_at(current.row()), self._vocab))

    def _to_results(self) -> None:
        if self.model.rowCount():
            self.table.setFocus()

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        context: Context,
        *,
        needs: tuple[str, ...] = (),
        concerns: tuple[str, ...] = (),
    ) -> None:
        """Show the search until staff close it; the keyboard goes back where it was."""
        back = QApplication.focusWidget()
        dialog = cls(context, needs=needs, concerns=concerns, parent=parent)
        dialog.exec()
        dialog.deleteLater()
        if back is not None:
            back.window().activateWindow()
            back.setFocus(Qt.FocusReason.OtherFocusReason)
