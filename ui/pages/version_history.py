"""A request in full, read-only, with its versions; a team leader can amend the current one.

Any earlier version can be shown beside the history.
Every opening (of the current version or an earlier one) goes through
:func:`triage_app.services.records.open_record`, so the audit trail shows who read what.

Signals:
    RecordWindow.amended(str): a new version of the request was saved (its reference).
    RecordWindow.shown_version(int): the version now on screen.
    RecordWindow.use_details(str): start a new request from this one's details (its reference).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QWidget

from triage_app.domain.localtime import local_text
from triage_app.services import records
from triage_app.services.records import VersionSummary
from triage_app.store.stored import StoredRequest
from ui.context import WindowContext
from ui.ops import run_op
from ui.pages.amend_dialog import AmendDialog
from ui.permissions import why_not
from ui.record_life import LifePanel
from ui.record_print import print_record
from ui.record_view import RecordDialog, record_html
from ui.sheet_output import hand_over_sheet
from ui.table_model import TEXT_ROLES, RowsModel, rows_table

Context = Callable[[], WindowContext]
#: A version made by a step of the request's life, in words (not an amendment).
LIFE_CHANGES = {
    "status": "(status changed)",
    "attempt": "(contact attempt logged)",
    "note": "(note added)",
    "override": "(pathway override)",
    "assignment": "(assigned)",
}


class VersionsModel(RowsModel[VersionSummary]):
    """The versions of one request: number, when, by whom, why it was amended."""

    COL_VERSION, COL_WHEN, COL_AUTHOR, COL_REASON = range(4)
    HEADERS = ("Version", "Saved", "By", "Why")

    def cell(self, row: int, column: int, role: int) -> Any:
        if role not in TEXT_ROLES:
            return None
        v = self._rows[row]
        latest = row == len(self._rows) - 1
        return {
            self.COL_VERSION: f"{v.version} (current)" if latest else str(v.version),
            self.COL_WHEN: local_text(v.created_at),
            self.COL_AUTHOR: v.author,
            self.COL_REASON: v.reason
            or LIFE_CHANGES.get(v.life_change or "", "")
            or ("first recorded" if v.version == 1 else "—"),
        }.get(column)


class RecordWindow(RecordDialog):
    """The read-only viewer, with the request's versions and (for a team leader) Amend."""

    amended = Signal(str)
    shown_version = Signal(int)
    use_details = Signal(str)

    def __init__(
        self, context: Context, stored: StoredRequest, parent: QWidget | None = None
    ) -> None:
        ctx = context()
        super().__init__(stored, ctx.vocab, ctx.rules, parent)
        self._context = context
        self.stored = stored
        self.versions = VersionsModel(self)
        self.table = rows_table(self.versions, "Versions of this request")
        self.table.setMaximumHeight(self.fontMetrics().height() * 8)
        self.table.activated.connect(lambda _i: self.show_selected_version())
        caption = QLabel("&Versions (Enter shows the one chosen):")
        caption.setBuddy(self.table)
        self.notice = QLabel()
        self.notice.setObjectName("fieldError")
        self.notice.setWordWrap(True)
        self.show_button = QPushButton("&Show this version")
        self.show_button.clicked.connect(self.show_selected_version)
        self.amend_button = QPushButton("&Amend…")
        self.amend_button.clicked.connect(self.amend)
        self.print_button = QPushButton("&Print advice sheet…")
        self.print_button.setAccessibleName("Print the family's advice sheet")
        self.print_button.clicked.connect(
            lambda: hand_over_sheet(self, self._context, self.stored.reference)
        )
        self.use_button = QPushButton("&Use these details")
        self.use_button.setAccessibleName("Use these details in a new request")
        self.use_button.clicked.connect(self._use_details)
        self.record_button = QPushButton("Print for the &file…")
        self.record_button.setAccessibleName("Print this version of the record for the file")
        self.record_button.setToolTip(
            "Preview, print or save everything recorded in this version, for the file"
        )
        self.record_button.clicked.connect(
            lambda: print_record(self, self._context, self.stored.reference, self.stored.version)
        )
        for button in (
            self.show_button,
            self.amend_button,
            self.print_button,
            self.record_button,
            self.use_button,
        ):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.panels.insertWidget(0, self.notice)
        self.add_panel(caption)
        self.add_panel(self.table)
        self.life = LifePanel(context, stored.reference)
        self.life.changed.connect(self._life_changed)
        self.add_beside(self.life)
        self.resize(1220, 720)
        self._show(stored)
        self.reload_versions()

    # --- what is shown -------------------------------------------------------------------

    def _show(self, stored: StoredRequest) -> None:
        self.stored = stored
        ctx = self._context()
        title = f"Request {stored.reference}, version {stored.version} of {stored.latest_version}"
        self.setWindowTitle(f"{title} (read-only)")
        self.setAccessibleName(f"{title}, read-only")
        self.text.setHtml(record_html(stored, ctx.vocab, ctx.rules))
        earlier = stored.version < stored.latest_version
        self.notice.setText(
            f"⚠ This is an earlier version ({stored.version}). The current one is version "
            f"{stored.latest_version}."
            if earlier
            else ""
        )
        self.notice.setVisible(earlier)
        refused = why_not(ctx.actor, "amend_request")
        self.amend_button.setEnabled(refused is None and not earlier)
        self.amend_button.setToolTip(
            refused
            if refused
            else "Only the current version can be amended"
            if earlier
            else "Correct this request: a new version, with a reason; this one stays readable"
        )
        cannot_print = why_not(ctx.actor, "print_sheet")
        self.print_button.setEnabled(cannot_print is None)
        self.print_button.setToolTip(
            cannot_print or "Preview, print or save the advice sheet of the current version"
        )
        cannot_record = why_not(ctx.actor, "record_request")
        self.use_button.setEnabled(cannot_record is None)
        self.use_button.setToolTip(
            cannot_record
            or "Start the new request from this family and its children (ages for today), "
            "each detail marked until confirmed with the caller"
        )
        self.shown_version.emit(stored.version)

    def reload_versions(self) -> None:
        ctx, reference = self._context(), self.stored.reference

        def op() -> list[VersionSummary]:
            with ctx.db.read() as session:
                return records.versions(session, reference)

        def done(rows: list[VersionSummary]) -> None:
            self.versions.set_rows(rows)
            for i, row in enumerate(rows):
                if row.version == self.stored.version:
                    self.table.selectRow(i)

        run_op(self, op, done)

    def show_version(self, version: int) -> None:
        """Show one version, its opening audited like any other."""
        ctx, reference = self._context(), self.stored.reference

        def op() -> StoredRequest:
            with ctx.db.write() as session:
                return records.open_record(
                    session, reference, actor=ctx.actor, now=ctx.now(), version=version
                )

        run_op(self, op, self._show)

    def show_selected_version(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.show_version(self.versions.row_at(rows[0].row()).version)

    def _use_details(self) -> None:
        """Hand the reference to the new request, and give the form the keyboard back."""
        self.close()  # first: the form then moves the focus to what is to be confirmed
        self.use_details.emit(self.stored.reference)

    def _life_changed(self, version: int) -> None:
        """A step of the request's life made a new version: show it (the current one)."""
        self.amended.emit(self.stored.reference)
        self.show_version(version)
        self.reload_versions()

    # --- amending ------------------------------------------------------------------------

    def amend(self) -> None:
        saved = AmendDialog.ask(self, self._context, self.stored)
        if saved is None:
            return
        self.amended.emit(saved.reference)
        self.show_version(saved.version)
        self.reload_versions()


def open_record_window(parent: QWidget, context: Context, reference: str) -> RecordWindow | None:
    """Open a request's current version (audited) in a window that does not block the caller.

    Returns the window, or ``None`` if it could not be opened (the reason was shown).
    """
    ctx = context()
    opened: list[RecordWindow] = []

    def op() -> StoredRequest:
        with ctx.db.write() as session:
            return records.open_record(session, reference, actor=ctx.actor, now=ctx.now())

    def done(stored: StoredRequest) -> None:
        window = RecordWindow(context, stored, parent)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.open()
        opened.append(window)

    run_op(parent, op, done, title="Open a request")
    return opened[0] if opened else None


def open_with_history(window: Any, reference: str) -> None:
    """The main window's record opener: ``window.ctx`` is always the current context.

    "Use these details" in the record goes to the window's ``use_details``.
    """
    opened = open_record_window(window, lambda: window.ctx, reference)
    if opened is not None and hasattr(window, "use_details"):
        opened.use_details.connect(window.use_details)
