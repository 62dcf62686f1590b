"""The advice sheet from the window: previewed, printed through the print dialog, saved as PDF.

The preview is modal, as staff meet it: Ctrl+P returns when it closes. Each test acts on the
open preview from the event loop (:func:`while_previewing`) and checks afterwards. The two
system dialogs are stood in for, as the person choosing: ``QFileDialog.getSaveFileName``
returns a file, and ``SheetPreviewDialog.choose_printer`` (the documented seam around the
system print dialog) returns a printer that writes a PDF file.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from tests.sheets.conftest import reasons
from tests.ui.conftest import focused
from tests.ui.forms import complete_values
from triage_app.errors import TriageError
from triage_app.sheets.service import PRINT_SHEET
from triage_app.sheets.wording import default_wording_file, load_wording
from triage_app.store.audit_models import AuditEntry
from ui.main_window import MainWindow
from ui.sheet_preview import DEFAULT_FILE_NAME, PRINT_JOB_NAME, PRINTED, SAVED, SheetPreviewDialog

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def preview_window(qtbot, make_context) -> Iterator[MainWindow]:
    """The window as staff have it: no sheet output given, so Ctrl+P opens the preview."""
    window = MainWindow(make_context())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready):
        window.start()
    yield window
    window.capture.autosave.stop()


def while_previewing(qtbot, act: Callable[[SheetPreviewDialog], Any]) -> list[Any]:
    """Once the preview is open and active, run ``act`` on it and close it; keep the result."""
    results: list[Any] = []
    tries = [0]

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SheetPreviewDialog):
            tries[0] += 1
            if tries[0] < 500:  # the preview never opened: the test's own checks say so
                QTimer.singleShot(10, look)
            return
        try:
            qtbot.waitUntil(dialog.isActiveWindow)
            results.append(act(dialog))
        finally:
            dialog.reject()

    QTimer.singleShot(0, look)
    return results


def save_then_print(
    qtbot: Any, window: MainWindow, act: Callable[[SheetPreviewDialog], Any], **values: Any
) -> tuple[str, Any]:
    """Save a request, press Ctrl+P, act on the preview; (reference, what ``act`` returned)."""
    page = window.capture
    page.form.set_values(complete_values(**values))
    page.refresh_now()
    assert page.save()
    reference = page.last_saved.reference
    results = while_previewing(qtbot, act)
    window.activateWindow()
    QTest.keyClick(focused(), Qt.Key.Key_P, CTRL)
    assert len(results) == 1, "Ctrl+P did not open the preview"
    return reference, results[0]


def pages_of(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def sheet_audits(db) -> list[str | None]:
    with db.read() as s:
        return list(
            s.execute(select(AuditEntry.record_ref).where(AuditEntry.action == PRINT_SHEET))
            .scalars()
            .all()
        )


def test_ctrl_p_after_saving_previews_every_page(preview_window, qtbot, db):
    def look(dialog: SheetPreviewDialog) -> dict[str, Any]:
        return {
            "pdf": dialog.pdf,
            "count": dialog.page_count(),
            "images": [not i.isNull() for i in dialog.images],
            "pages_label": dialog.pages_label.text(),
            "focus": QApplication.focusWidget() is dialog.print_button,
            "names": [
                w.accessibleName()
                for w in (
                    dialog.print_button,
                    dialog.save_button,
                    dialog.close_button,
                    dialog.standard,
                    dialog.large,
                    dialog.sheet_view,
                )
            ],
            "banner": dialog.banner.isVisible(),
        }

    reference, seen = save_then_print(qtbot, preview_window, look)
    assert reference in text_of(seen["pdf"])
    assert seen["count"] == pages_of(seen["pdf"]) >= 1
    assert seen["images"] == [True] * seen["count"]
    assert seen["pages_label"].startswith(f"{seen['count']} page")
    assert seen["focus"]  # Enter prints
    assert all(seen["names"])
    assert not seen["banner"]  # money worries: not a discreet sheet
    assert sheet_audits(db) == []  # looking is not printing
    assert "not printed or saved" in preview_window.statusBar().currentMessage()


def test_large_print_makes_the_sheet_again(preview_window, qtbot):
    def toggle(dialog: SheetPreviewDialog) -> dict[str, Any]:
        before = (dialog.pdf, dialog.page_count(), [QImage(i) for i in dialog.images])
        with qtbot.waitSignal(dialog.rendered):
            QTest.keyClick(dialog, Qt.Key.Key_L, ALT)  # Alt+L: large print, by keyboard
        after = (dialog.pdf, dialog.page_count(), list(dialog.images))
        with qtbot.waitSignal(dialog.rendered):
            dialog.standard.click()
        return {"before": before, "after": after, "back": dialog.pdf, "large": dialog.large}

    _reference, seen = save_then_print(qtbot, preview_window, toggle)
    (pdf, count, images), (large_pdf, large_count, large_images) = seen["before"], seen["after"]
    assert large_pdf != pdf
    assert large_count == pages_of(large_pdf) >= count
    assert large_images[0] != images[0]  # what is on screen changed
    assert seen["back"] == pdf  # standard again: the same sheet as before


def test_save_as_pdf_writes_the_sheet_and_audits_it(
    preview_window, qtbot, db, tmp_path, monkeypatch
):
    chosen = tmp_path / "chosen" / "sheet-for-the-family.pdf"
    chosen.parent.mkdir()
    asked: list[str] = []

    def pick(_parent, _caption, suggested, _filter):
        asked.append(suggested)
        return str(chosen), "PDF (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(pick))
    reference, handed = save_then_print(
        qtbot, preview_window, lambda d: (d.save_button.click(), list(d.handed))[1]
    )

    assert Path(asked[0]).name == DEFAULT_FILE_NAME  # nothing personal in the suggested name
    assert reference in text_of(chosen.read_bytes())
    assert [(h.how, h.where) for h in handed] == [(SAVED, str(chosen))]
    assert sheet_audits(db) == [reference]
    assert f"Advice sheet for {reference} saved" in preview_window.statusBar().currentMessage()


def test_print_through_the_dialog_writes_pages_and_audits_once(
    preview_window, qtbot, db, tmp_path, monkeypatch
):
    out = tmp_path / "printed.pdf"
    printers: list[QPrinter] = []

    def pdf_printer(_dialog):
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printers.append(printer)
        return printer

    monkeypatch.setattr(SheetPreviewDialog, "choose_printer", pdf_printer)

    def print_it(dialog: SheetPreviewDialog) -> tuple[int, list[str]]:
        QTest.keyClick(dialog, Qt.Key.Key_P, ALT)  # Alt+P: Print… (a mnemonic animates a click)
        qtbot.waitUntil(lambda: bool(dialog.handed))
        return dialog.page_count(), [h.how for h in dialog.handed]

    reference, (count, handed) = save_then_print(qtbot, preview_window, print_it)

    assert out.stat().st_size > 0
    assert pages_of(out.read_bytes()) == count
    assert printers[0].docName() == PRINT_JOB_NAME  # the print queue shows nothing personal
    assert handed == [PRINTED]
    assert sheet_audits(db) == [reference]


def test_cancelling_the_print_or_save_dialog_records_nothing(
    preview_window, qtbot, db, monkeypatch
):
    monkeypatch.setattr(SheetPreviewDialog, "choose_printer", lambda _d: None)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a: ("", "")))

    def cancel_both(dialog: SheetPreviewDialog) -> list[Any]:
        dialog.print_button.click()
        dialog.save_button.click()
        return list(dialog.handed)

    _reference, handed = save_then_print(qtbot, preview_window, cancel_both)
    assert handed == []
    assert sheet_audits(db) == []


def test_a_discreet_sheet_shows_staff_the_note_not_the_family(preview_window, qtbot, resources):
    note = load_wording(default_wording_file(resources)).discreet_staff_note

    def look(dialog: SheetPreviewDialog) -> tuple[bool, str, bytes]:
        return dialog.banner.isVisible(), dialog.banner.text(), dialog.pdf

    _reference, (shown, text, pdf) = save_then_print(
        qtbot,
        preview_window,
        look,
        needs=["domestic_abuse"],
        no_contact_reason="unsafe_to_contact",  # early help, and no safe way to reach them
    )
    assert shown
    assert note in text
    printed = " ".join(text_of(pdf).split())
    assert note not in printed
    assert "domestic" not in printed.lower()


def test_staff_make_a_sheet_discreet_by_keyboard_and_back(preview_window, qtbot, db, tmp_path):
    """Alt+D: the person the family fears may see it; the sheet says nothing of what was asked."""

    def toggle(dialog: SheetPreviewDialog) -> dict[str, Any]:
        before = (dialog.pdf, dialog.banner.isVisible(), dialog.discreet.isEnabled())
        with qtbot.waitSignal(dialog.rendered):
            QTest.keyClick(dialog, Qt.Key.Key_D, ALT)
        quiet = (dialog.pdf, dialog.banner.isVisible())
        saved = dialog.save_to(tmp_path / "quiet.pdf")  # audited as the discreet sheet
        with qtbot.waitSignal(dialog.rendered):
            dialog.discreet.click()
        return {"before": before, "quiet": quiet, "back": dialog.pdf, "saved": saved}

    _reference, seen = save_then_print(qtbot, preview_window, toggle)
    (pdf, banner, offered), (quiet_pdf, quiet_banner) = seen["before"], seen["quiet"]
    assert offered and not banner and quiet_banner
    assert "Independent Advice" in text_of(pdf)  # money worries, named
    quiet = text_of(quiet_pdf)
    assert "Independent Advice" not in quiet and "wrong number" in quiet
    assert seen["back"] == pdf
    assert seen["saved"] and reasons(db) == ["discreet"]
    assert text_of((tmp_path / "quiet.pdf").read_bytes()) == quiet


def test_a_sheet_the_rules_make_discreet_cannot_be_made_plain(preview_window, qtbot):
    def look(dialog: SheetPreviewDialog) -> tuple[bool, bool, bool]:
        return dialog.discreet.isVisible(), dialog.discreet.isChecked(), dialog.discreet.isEnabled()

    _reference, (visible, checked, enabled) = save_then_print(
        qtbot,
        preview_window,
        look,
        needs=["domestic_abuse"],
        no_contact_reason="unsafe_to_contact",
    )
    assert visible and checked and not enabled


def test_large_print_that_cannot_be_made_leaves_the_sheet_as_it_was(qtbot):
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "A sheet")
    canvas.save()

    def cannot(_large: bool, _discreet: bool) -> bytes:
        raise TriageError("the sheet's wording file is damaged")

    dialog = SheetPreviewDialog(out.getvalue(), discreet=False, staff_note="", remake=cannot)
    qtbot.addWidget(dialog)
    dialog.large.click()
    assert dialog.standard.isChecked()
    assert dialog.pdf == out.getvalue() and dialog.page_count() == 1
    box = dialog.findChild(QMessageBox, "opMessage")
    assert box is not None and "damaged" in box.text()
    box.close()
