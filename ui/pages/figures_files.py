"""Saving the Figures page's report: the PDF and CSV writers, the file chooser, the file name.

Kept apart from the page so that the page holds only what is shown; a file is written
beside its target and renamed, so nobody opens half a report.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from triage_app.errors import TriageError
from triage_app.figures import MonthlyFigures
from triage_app.figures.table import figures_csv


def _pdf(figures: MonthlyFigures) -> bytes:
    from triage_app.figures.report import figures_pdf  # noqa: PLC0415 - reportlab loads slowly

    return figures_pdf(figures)


WRITERS: dict[str, Callable[[MonthlyFigures], bytes]] = {"pdf": _pdf, "csv": figures_csv}

#: (parent, caption, suggested file) → the file to write, or None when cancelled.
SaveChooser = Callable[[QWidget, str, Path], Path | None]


def choose_file(parent: QWidget, caption: str, suggested: Path) -> Path | None:
    kind = suggested.suffix.lstrip(".").upper()
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, caption, str(suggested), f"{kind} files (*{suggested.suffix})"
    )
    return Path(chosen) if chosen else None


def write_file(path: Path, data: bytes) -> Path:
    """Write beside the target, then rename: nobody opens half a report."""
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise TriageError(f"cannot write {path} ({e.strerror})") from None
    return path


def suggested_name(figures: MonthlyFigures, kind: str) -> str:
    where = figures.hub or "all-hubs"
    return f"here-to-help-figures-{figures.month.code}-{where}.{kind}"
