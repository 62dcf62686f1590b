"""Handing over an advice sheet: a PDF saved where staff choose, opened in the PDF viewer.

This Qt build has no PDF renderer of its own, so printing happens from the PC's viewer.

The window takes a :data:`SheetOutput` so tests can hand in one that writes to a folder.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from triage_app.errors import TriageError

#: (parent, reference, PDF bytes) → where it was written, or None if staff cancelled.
SheetOutput = Callable[[QWidget, str, bytes], Path | None]


def sheet_file_name(reference: str) -> str:
    """Names the sheet by reference only: nothing personal in a file name."""
    return f"advice-sheet-{reference}.pdf"


def save_and_open(parent: QWidget, reference: str, pdf: bytes) -> Path | None:
    """Ask where to save the sheet, write it, and open it in the PDF viewer for printing."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    suggested = str(Path(folder or Path.home()) / sheet_file_name(reference))
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Save the advice sheet to print", suggested, "PDF (*.pdf)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    try:
        path.write_bytes(pdf)
    except OSError as e:
        raise TriageError(f"the sheet could not be saved in {path.parent} ({e.strerror})") from None
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path
