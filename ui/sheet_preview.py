"""The advice sheet on screen before it is handed over: preview, print, or save as PDF.

The pages are rendered by QtPdf from memory (a ``QBuffer``): the sheet is never written to a
named temporary file, so nothing about a family is left on disk unless staff save it.
Printing paints each page's image onto the printer chosen in the system's print dialog.

The dialog holds no rule. What it shows and what printing means for the audit trail come
from the caller as two operations, run through :func:`ui.ops.run_op`: ``remake(large)``
makes the sheet again in standard or large print, and ``record()`` records one hand-over.

Seams for tests (and nothing else): :meth:`SheetPreviewDialog.choose_printer` is the one
place the system print dialog is shown, and "Save as PDF…" asks through
``QFileDialog.getSaveFileName``; a test replaces either to stand in for the person choosing.

Signals:
    SheetPreviewDialog.handed_over(HandedOver): the sheet was printed or saved, and recorded.
    SheetPreviewDialog.rendered: the pages on screen are those of the current PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QStandardPaths, Signal
from PySide6.QtGui import QImage, QPageSize, QPainter, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from triage_app.errors import TriageError
from ui.ops import run_op, show_message

PRINTED, SAVED = "printed", "saved"
#: Suggested when saving: nothing personal (not even the reference) in a file name.
DEFAULT_FILE_NAME = "advice-sheet.pdf"
#: The print queue shows this: nothing personal in it either.
PRINT_JOB_NAME = "Advice sheet"
#: Pages are rendered for the printer at its resolution up to this (an A4 page at 1200 dpi
#: would be a 550 MB image; 300 dpi is print quality for text and costs about 35 MB).
MAX_PRINT_DPI = 300
#: Width of a page on screen, in device-independent pixels.
SCREEN_PAGE_WIDTH = 620


@dataclass(frozen=True)
class HandedOver:
    """One hand-over: ``how`` is PRINTED or SAVED; ``where`` the printer or the file."""

    how: str
    where: str


#: (large print?, discreet?) → the sheet's PDF made again (TriageError: a known condition).
Remake = Callable[[bool, bool], bytes]
#: Records one print or save in the audit trail (given whether the sheet was discreet).
Record = Callable[[bool], None]


def write_pdf(path: Path, pdf: bytes) -> None:
    """Write the sheet where staff chose; a known failure becomes a plain message."""
    try:
        path.write_bytes(pdf)
    except OSError as e:
        raise TriageError(f"the sheet could not be saved in {path.parent} ({e.strerror})") from None


def paint_pages(document: QPdfDocument, printer: QPrinter) -> bool:
    """Paint the printer's page range of ``document`` onto ``printer``, at full size.

    Returns False if the printer could not be started (nothing was printed).
    """
    count = document.pageCount()
    first = max(printer.fromPage(), 1)
    last = min(printer.toPage() or count, count)
    printer.setFullPage(True)  # the sheet has its own margins: place it on the paper as it is
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for index in range(first - 1, last):
            if index > first - 1:
                printer.newPage()
            _paint_page(painter, printer, document, index)
    finally:
        painter.end()
    return True


def _paint_page(painter: QPainter, printer: QPrinter, document: QPdfDocument, index: int) -> None:
    points = document.pagePointSize(index)
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    image = document.render(
        index, QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    )
    paper = printer.paperRect(QPrinter.Unit.DevicePixel)
    scale = printer.resolution() / 72
    width, height = points.width() * scale, points.height() * scale
    fit = min(1.0, paper.width() / width, paper.height() / height)  # shrink onto smaller paper
    width, height = width * fit, height * fit
    target = QRectF(
        paper.x() + (paper.width() - width) / 2, paper.y() + (paper.height() - height) / 2,
        width, height,
    )  # fmt: skip
    painter.drawImage(target, image)


def _staff_banner(note: str) -> QLabel:
    """The note to staff about a discreet sheet: on screen only, never printed."""
    banner = QLabel(f"For staff only, not on the sheet: {note}")
    banner.setObjectName("discreetBanner")
    banner.setStyleSheet(  # palette colours: readable in the high-contrast theme too
        "#discreetBanner { border: 2px solid palette(window-text); padding: 6px;"
        " font-weight: bold; }"
    )
    banner.setWordWrap(True)
    banner.setAccessibleName("Note for staff: discreet sheet")
    banner.setAccessibleDescription(note)
    return banner


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    return button


class SheetPreviewDialog(QDialog):
    handed_over = Signal(object)
    rendered = Signal()

    def __init__(
        self,
        pdf: bytes,
        *,
        discreet: bool,
        staff_note: str,
        remake: Remake | None = None,
        record: Record | None = None,
        parent: QWidget | None = None,
        what: str = PRINT_JOB_NAME,
        file_name: str = DEFAULT_FILE_NAME,
        offer_discreet: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{what} — preview")
        self.setAccessibleName(f"{what} preview")
        self._what, self._file_name = what, file_name
        self._remake = remake
        self._record = record
        self._pdf = b""
        self._buffer: QBuffer | None = None
        self.handed: list[HandedOver] = []
        self.document = QPdfDocument(self)
        self.images: list[QImage] = []

        self.banner = _staff_banner(staff_note)
        self.banner.setVisible(discreet)
        # Staff may judge that someone the family fears will see the sheet; a sheet the rules
        # make discreet stays so.
        self.discreet = QCheckBox("&Discreet: say nothing of what was asked")
        self.discreet.setAccessibleName("Discreet sheet")
        self.discreet.setToolTip(
            "For a sheet the person the family fears may find: the hub, the reference and "
            "the emergency numbers only"
        )
        self.discreet.setChecked(discreet)
        self.discreet.setEnabled(remake is not None and not discreet)
        self.discreet.setVisible(offer_discreet)
        self.pages_label = QLabel()
        self.pages_label.setObjectName("sheetPages")
        self.standard = QRadioButton("S&tandard print")
        self.large = QRadioButton("&Large print")
        self.standard.setChecked(True)
        sizes = QButtonGroup(self)
        for button, name in ((self.standard, "Standard print"), (self.large, "Large print")):
            button.setAccessibleName(name)
            button.setEnabled(remake is not None)
            sizes.addButton(button)
        self.pages = QWidget()
        self.pages.setAccessibleName("Pages of the sheet")
        self._pages_layout = QVBoxLayout(self.pages)
        self.sheet_view = QScrollArea()
        self.sheet_view.setAccessibleName("The sheet as it will print (arrow keys scroll)")
        self.sheet_view.setWidget(self.pages)
        self.sheet_view.setWidgetResizable(True)
        self.print_button = _button("&Print…", "Print the sheet")
        self.save_button = _button("Sa&ve as PDF…", "Save the sheet as a PDF file")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName("Close the preview")
        self._lay_out(buttons)

        self.large.toggled.connect(self._choice_changed)
        self.discreet.toggled.connect(self._choice_changed)
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button.clicked.connect(self.save_pdf)
        buttons.rejected.connect(self.reject)
        self.show_pdf(pdf)

    def _lay_out(self, buttons: QDialogButtonBox) -> None:
        size_row = QHBoxLayout()
        size_row.addWidget(self.standard)
        size_row.addWidget(self.large)
        size_row.addWidget(self.discreet)
        size_row.addStretch(1)
        size_row.addWidget(self.pages_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(size_row)
        layout.addWidget(self.sheet_view, 1)
        layout.addWidget(buttons)
        for a, b in (
            (self.standard, self.large),
            (self.large, self.discreet),
            (self.discreet, self.sheet_view),
            (self.sheet_view, self.print_button),
            (self.print_button, self.save_button),
            (self.save_button, self.close_button),
        ):
            QWidget.setTabOrder(a, b)
        self.print_button.setDefault(True)
        self.print_button.setFocus()
        self.resize(SCREEN_PAGE_WIDTH + 80, 760)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        pdf: bytes,
        *,
        discreet: bool,
        staff_note: str,
        remake: Remake | None = None,
        record: Record | None = None,
        what: str = PRINT_JOB_NAME,
        file_name: str = DEFAULT_FILE_NAME,
        offer_discreet: bool = False,
    ) -> tuple[HandedOver, ...]:
        """Show the sheet until staff close it; every print and save, in order (maybe none).

        ``what`` names the paper in titles and messages; ``file_name`` is the name suggested
        when saving (nothing personal in either); ``offer_discreet`` shows the choice of a
        discreet sheet (a family's advice sheet).
        """
        dialog = cls(
            pdf, discreet=discreet, staff_note=staff_note, remake=remake, record=record,
            parent=parent, what=what, file_name=file_name, offer_discreet=offer_discreet,
        )  # fmt: skip
        dialog.exec()
        handed = tuple(dialog.handed)
        dialog.deleteLater()
        return handed

    # --- what is shown -------------------------------------------------------------------

    @property
    def pdf(self) -> bytes:
        return self._pdf

    def page_count(self) -> int:
        return self.document.pageCount()

    def show_pdf(self, pdf: bytes) -> None:
        """Load ``pdf`` from memory and show every page."""
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)  # QtPdf reads the device as it renders: keep it open
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer, self._pdf = buffer, pdf
        self._render()

    def _render(self) -> None:
        while (item := self._pages_layout.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        count = self.page_count()
        ratio = self.devicePixelRatioF()
        self.images = []
        for index in range(count):
            points = self.document.pagePointSize(index)
            width = round(SCREEN_PAGE_WIDTH * ratio)
            height = round(width * points.height() / points.width())
            image = self.document.render(index, QSize(width, height))
            self.images.append(image)
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label = QLabel()
            label.setPixmap(pixmap)
            label.setAccessibleName(f"Page {index + 1} of {count}")
            self._pages_layout.addWidget(label)
        self.pages_label.setText(
            f"{count} page{'s' if count != 1 else ''}" if count else "The sheet cannot be shown"
        )
        for button in (self.print_button, self.save_button):
            button.setEnabled(count > 0)  # nothing to hand over, nothing recorded
        self.rendered.emit()

    def _choice_changed(self) -> None:
        """Make the sheet again in the size and discretion now chosen (back as it was if not)."""
        if self._remake is None:
            return
        remake = self._remake
        large, discreet = self.large.isChecked(), self.discreet.isChecked()
        if run_op(
            self, lambda: remake(large, discreet), self.show_pdf, title=f"The {self._what.lower()}"
        ):
            self.banner.setVisible(discreet)
            return
        changed = self.large if self.sender() is self.large else self.discreet
        blocked = changed.blockSignals(True)  # back as it was, without asking again
        if changed is self.large:
            (self.standard if large else self.large).setChecked(True)
        else:
            self.discreet.setChecked(not discreet)
        changed.blockSignals(blocked)

    def choose_printer(self) -> QPrinter | None:
        """The system's print dialog; the printer chosen, or None if staff cancelled.

        The seam for tests: they replace this with a printer writing a PDF file.
        """
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.page_count():
            size = QPageSize(
                self.document.pagePointSize(0),  # a QSizeF: the overload that takes a unit
                QPageSize.Unit.Point,
                "",
                QPageSize.SizeMatchPolicy.FuzzyMatch,
            )
            printer.setPageSize(size)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print the {self._what.lower()}")
        dialog.setMinMax(1, max(self.page_count(), 1))
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def print_sheet(self) -> None:
        printer = self.choose_printer()
        if printer is not None:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> bool:
        """Print every page (or the range chosen) on ``printer``, then record it."""
        printer.setDocName(self._what)  # nothing personal in the print queue
        if not paint_pages(self.document, printer):
            show_message(
                self,
                f"The {self._what.lower()}",
                "The sheet could not be sent to the printer. Check that it is on and "
                "connected, then try again, or save the sheet as a PDF.",
            )
            return False
        where = printer.printerName() or printer.outputFileName() or "the printer"
        return self._recorded(HandedOver(PRINTED, where))

    def save_pdf(self) -> None:
        """Ask where to save the sheet (suggesting a name with nothing personal), write it."""
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder or Path.home()) / self._file_name)
        chosen, _ = QFileDialog.getSaveFileName(
            self, f"Save the {self._what.lower()} as PDF", suggested, "PDF (*.pdf)"
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> bool:
        """Write the sheet to ``path`` and record it; False if it could not be written."""
        if not path.suffix:
            path = path.with_suffix(".pdf")
        pdf = self._pdf
        written = run_op(self, lambda: write_pdf(path, pdf), lambda _r: None, title="The sheet")
        return written and self._recorded(HandedOver(SAVED, str(path)))

    def _recorded(self, handed: HandedOver) -> bool:
        record, discreet = self._record, self.discreet.isChecked()
        if record is not None and not run_op(
            self, lambda: record(discreet), lambda _r: None, title=f"The {self._what.lower()}"
        ):
            return False
        self.handed.append(handed)
        self.handed_over.emit(handed)
        return True
