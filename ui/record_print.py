"""Printing a request's record for the file: previewed, then printed or saved as a PDF.

The record is made by the core (``triage_app.services.record_print``) for someone who may
open it, shown in the sheet preview (standard or large print), and each print or save is
recorded in the audit trail (``print_record``) once it has happened.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from ui.context import WindowContext
from ui.ops import run_op

#: The paper's name in the preview and the print queue, and the file name suggested.
WHAT = "Record for the file"
FILE_NAME = "request-record.pdf"


def print_record(
    parent: QWidget, context: Callable[[], WindowContext], reference: str, version: int
) -> None:
    """Preview one version of the record; print or save it, each recorded."""
    from triage_app.services.record_print import record_pdf, record_printed  # noqa: PLC0415
    from ui.sheet_preview import SheetPreviewDialog  # noqa: PLC0415

    ctx = context()

    def make(large: bool) -> bytes:
        with ctx.db.read() as session:
            return record_pdf(
                session,
                reference,
                actor=ctx.actor,
                now=ctx.now(),
                vocab=ctx.vocab,
                rules=ctx.rules,
                version=version,
                large_print=large,
                fonts=ctx.resources / "fonts",
            )

    def record(_discreet: bool = False) -> None:
        with ctx.db.write() as session:
            record_printed(session, reference, actor=ctx.actor, now=ctx.now(), version=version)

    made: list[bytes] = []
    if not run_op(parent, lambda: make(False), made.append, title=WHAT):
        return
    back = parent.focusWidget()  # where the keyboard goes once the preview is closed
    SheetPreviewDialog.ask(
        parent,
        made[0],
        discreet=False,
        staff_note="",
        remake=lambda large, _discreet: make(large),
        record=record,
        what=WHAT,
        file_name=FILE_NAME,
    )
    parent.activateWindow()
    (back or parent).setFocus()
