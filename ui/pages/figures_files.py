"""Saving the Figures page's report: the PDF and CSV writers, the file chooser, the file name.

Kept apart from the page so that the page holds only what is shown; the file itself is
written whole or not at all (``triage_app.files.write_whole``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

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


def suggested_name(figures: MonthlyFigures, kind: str) -> str:
    where = figures.hub or "all-hubs"
    return f"here-to-help-figures-{figures.month.code}-{where}.{kind}"
