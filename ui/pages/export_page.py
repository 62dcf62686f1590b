"""Export (team leaders): what the central case system has not had, sending it, past batches.

Wiring only: counting, writing and marking are ``triage_app.export``'s, guarded by
``accounts.roles.require``; each call goes through :func:`ui.ops.run_op`. What is waiting is
counted a part per turn of the event loop (``pending_part``), so a waiting list of a million
never stops the window taking keys while it is counted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_app.accounts.roles import require
from triage_app.domain.localtime import LOCAL_ZONE
from triage_app.errors import TriageError
from triage_app.export import (
    BatchInfo,
    ExportResult,
    PendingPart,
    PendingSummary,
    export_pending,
    list_batches,
    pending_part,
    write_batch_again,
)
from triage_app.export.files import CHUNK
from triage_app.export.waiting import NONE_YET
from ui.context import WindowContext
from ui.in_parts import InParts
from ui.ops import run_op, show_message
from ui.permissions import gate, why_not
from ui.table_model import RowsModel, rows_table

EXPORT = "export"

#: (parent, caption, where to start) → the chosen folder, or None when cancelled.
FolderChooser = Callable[[QWidget, str, Path | None], Path | None]


def choose_folder(parent: QWidget, caption: str, start: Path | None) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, caption, str(start or Path.home()))
    return Path(chosen) if chosen else None


def local_time(moment: datetime) -> str:
    """``2 Mar 2026, 09:00`` in the service's own time."""
    local = moment.astimezone(LOCAL_ZONE)
    return f"{local.day} {local:%b %Y, %H:%M}"


class BatchesModel(RowsModel[BatchInfo]):
    """Past batches, newest first."""

    COL_BATCH, COL_CREATED, COL_RECORDS, COL_BY, COL_FORMAT = range(5)
    HEADERS = ("Batch", "Written", "Records", "By", "Format")
    NUMBERS = (COL_RECORDS,)

    def batch_at(self, row: int) -> BatchInfo:
        return self.row_at(row)

    def text(self, b: BatchInfo, col: int) -> str:
        values = (b.batch_id, local_time(b.created_at), str(b.record_count), b.actor)
        return values[col] if col < len(values) else f"version {b.schema_version}"


def waiting_text(p: PendingSummary) -> tuple[str, str]:
    """(how many are waiting, when the oldest was taken) in words."""
    if p.count == 0 or p.oldest_received_at is None:
        return "Nothing is waiting: the central system has had every saved request.", ""
    noun = "request version" if p.count == 1 else "request versions"
    return (
        f"{p.count:,} {noun} waiting for the central system.",
        f"The oldest waiting was taken on {local_time(p.oldest_received_at)}.",
    )


#: Where the oldest waiting is said, until the count is in.
STILL_COUNTING = "When the oldest waiting was taken: still counting…"


def counting_text(so_far: PendingSummary) -> str:
    """What the page says while it is still counting."""
    return f"Counting what is waiting for the central system: {so_far.count:,} so far…"


def result_text(result: ExportResult) -> str:
    lines = [
        f"Batch {b} had been left unfinished by an interrupted export; its folder is now complete."
        for b in result.finished_earlier
    ]
    if result.batch is None:
        lines.append("Nothing new to export: the central system has had every saved request.")
    else:
        n = result.batch.record_count
        lines.append(
            f"Exported {n} record{'s' if n != 1 else ''} as batch {result.batch.batch_id}, "
            f"in the folder {result.folder}."
        )
    return "\n".join(lines)


STOPPED = "The export was stopped: nothing was exported, and nothing was marked as sent."


class ExportProgress:
    """How far a long export has got, with a Stop button, while the window waits for it.

    Window-modal, so nothing else in the window can be used meanwhile, and shown only if the
    export lasts longer than ``after_ms``: a day's batch is done before it would appear. Each
    chunk written repaints the window and hears the Stop button; stopping before the batch is
    recorded leaves nothing behind (see ``export_pending``).
    """

    def __init__(self, parent: QWidget, after_ms: int) -> None:
        self.dialog = QProgressDialog("Exporting…", "Stop", 0, 0, parent)
        self.dialog.setWindowTitle("Export")
        self.dialog.setAccessibleName("Export progress")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(after_ms)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setValue(0)  # starts the clock for the minimum duration

    def written(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setLabelText(f"Exporting {total} request versions: {done} written.")
        self.dialog.setValue(done)  # lets the window repaint and hear the Stop button
        self._stop_if_asked()

    def step(self, name: str) -> None:
        if name == "files":  # the last point before the batch is recorded
            self._stop_if_asked()

    def _stop_if_asked(self) -> None:
        if self.dialog.wasCanceled():
            raise TriageError(STOPPED)

    def close(self) -> None:
        self.dialog.close()
        self.dialog.deleteLater()


class ExportPage(QWidget):
    #: An export lasting longer than this shows its progress (milliseconds).
    progress_after_ms = 1000
    #: Records written between updates of the progress (see ``export_pending``).
    chunk = CHUNK
    #: Waiting versions counted per turn of the event loop: a few milliseconds read cold.
    count_part = 10_000

    def __init__(
        self,
        context: Callable[[], WindowContext],
        *,
        choose: FolderChooser = choose_folder,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Export")
        self._context = context
        self._choose = choose
        self.folder: Path | None = None
        self.waiting = QLabel()
        self.waiting.setAccessibleName("Waiting to be exported")
        self.oldest = QLabel()
        self.oldest.setAccessibleName("Oldest waiting")
        self.last_result = QLabel()
        self.last_result.setAccessibleName("Last export")
        self.last_result.setWordWrap(True)
        self.last_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.export_button = QPushButton("&Export now…")
        self.again_button = QPushButton("&Write again…")
        self.refresh_button = QPushButton("Refresh")
        for button, name in (
            (self.export_button, "Export now"),
            (self.again_button, "Write the chosen batch again"),
            (self.refresh_button, "Refresh"),
        ):
            button.setAccessibleName(name)
        self.model = BatchesModel(self)
        self.table = rows_table(self.model, "Past batches")
        caption = QLabel("Past &batches (newest first):")
        caption.setBuddy(self.table)
        buttons = QHBoxLayout()
        for button in (self.export_button, self.again_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h3>Export to the central case system (EHM)</h3>"))
        layout.addWidget(self.waiting)
        layout.addWidget(self.oldest)
        layout.addLayout(buttons)
        layout.addWidget(self.last_result)
        layout.addWidget(caption)
        layout.addWidget(self.table, 1)
        self.export_button.clicked.connect(self.export_now)
        self.again_button.clicked.connect(self.write_again)
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        self._so_far = NONE_YET
        self._next_after = 0
        self._counter = InParts(self, "Export")

    def reset(self) -> None:
        """Forget what was shown (someone else signed in); it is read again when shown."""
        self._counter.stop()
        self.model.set_rows([])
        self.waiting.clear()
        self.oldest.clear()
        self.last_result.clear()
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop counting: the page counts afresh when it is shown again."""
        super().hideEvent(event)
        self._counter.stop()

    # --- reading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """List the batches and count what is waiting (when the role may export).

        The first part of the count comes with the batches; any more are counted one part per
        turn of the event loop, the page saying how many so far, until the last is in.
        """
        self._counter.stop()
        ctx = self._context()
        tips = {self.refresh_button: "Count again (F5)"}
        buttons = (self.export_button, self.again_button, self.refresh_button)
        if not all([gate(b, ctx.actor, EXPORT, tips.get(b, "")) for b in buttons]):
            self.model.set_rows([])
            self.waiting.setText(why_not(ctx.actor, EXPORT) or "")
            self.oldest.clear()
            return

        size = self.count_part

        def op() -> tuple[PendingPart, tuple[BatchInfo, ...]]:
            require(ctx.actor, EXPORT)
            with ctx.db.read() as session:
                return pending_part(session, 0, size), list_batches(session)

        run_op(self, op, self._show, title="Export")

    def _next_part(self) -> PendingPart:
        ctx, after, size = self._context(), self._next_after, self.count_part
        require(ctx.actor, EXPORT)
        with ctx.db.read() as session:
            return pending_part(session, after, size)

    def _counted(self, part: PendingPart) -> bool:
        """Show the count so far, or the total once the last part is in; True if more."""
        self._so_far += part.summary
        if part.next_after is not None:
            self._next_after = part.next_after
            self.waiting.setText(counting_text(self._so_far))
            self.oldest.setText(STILL_COUNTING)  # holds its line: the buttons stay put
            self.oldest.setVisible(True)
            return True
        waiting, oldest = waiting_text(self._so_far)
        self.waiting.setText(waiting)
        self.oldest.setText(oldest)
        self.oldest.setVisible(bool(oldest))
        return False

    def _show(self, found: tuple[PendingPart, tuple[BatchInfo, ...]]) -> None:
        part, batches = found
        self._so_far = NONE_YET
        if self._counted(part):
            self._counter.start(self._next_part, self._counted)
        self.model.set_rows(batches)
        # Nothing to write again until a batch has been written.
        self.again_button.setEnabled(bool(batches))
        self.again_button.setToolTip(
            "Write the chosen batch again, into a folder you choose"
            if batches
            else "No batch has been written yet: Export now writes the first."
        )

    # --- exporting -----------------------------------------------------------------------

    def export_now(self) -> None:
        folder = self._choose(self, "Export into which folder?", self.folder)
        if folder is not None:
            self.export_to(folder)

    def export_to(self, folder: Path) -> bool:
        """Write one batch of everything new into ``folder``. True if the export ran."""
        self._counter.stop()  # counted afresh once the batch is written
        ctx = self._context()
        progress = ExportProgress(self, self.progress_after_ms)

        def op() -> ExportResult:
            require(ctx.actor, EXPORT)
            return export_pending(
                ctx.db,
                folder,
                actor=ctx.actor,
                now=ctx.now(),
                on_step=progress.step,
                on_progress=progress.written,
                chunk=self.chunk,
            )

        try:
            return run_op(self, op, lambda r: self._exported(folder, r), title="Export")
        finally:
            progress.close()

    def _exported(self, folder: Path, result: ExportResult) -> None:
        self.folder = folder
        self._report(result_text(result))

    def selected_batch(self) -> BatchInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.batch_at(rows[0].row()) if rows else None

    def write_again(self) -> None:
        batch = self.selected_batch()
        if batch is None:
            show_message(self, "Write again", "Choose a batch in the list first.")
            return
        folder = self._choose(self, f"Write batch {batch.batch_id} into which folder?", self.folder)
        if folder is not None:
            self.write_again_to(batch.batch_id, folder)

    def write_again_to(self, batch_id: str, folder: Path) -> bool:
        ctx = self._context()

        def op() -> Path:
            require(ctx.actor, EXPORT)
            return write_batch_again(ctx.db, batch_id, folder, actor=ctx.actor, now=ctx.now())

        def done(written: Path) -> None:
            self.folder = folder
            self._report(f"Wrote batch {batch_id} again, in the folder {written}.")

        return run_op(self, op, done, title="Write again")

    def _report(self, text: str) -> None:
        self.last_result.setText(text)
        self.refresh()
        show_message(self, "Export", text, warning=False)
