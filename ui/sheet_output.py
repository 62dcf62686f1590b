"""Handing over a saved request's advice sheet: previewed, then printed or saved as a PDF.

:func:`hand_over_sheet` makes the sheet (``triage_app.sheets``) and shows it in the preview
(:mod:`ui.sheet_preview`), where staff print it through the system's print dialog or save
it as a PDF. Each print and each save is recorded in the audit trail (``print_sheet``, by
reference only) once it has happened, through :func:`ui.ops.run_op`.

A :data:`SheetOutput` replaces the preview where no one is there to look at it (tests, a
scripted run): it is handed the PDF and says where it went.

The sheets service (reportlab) and QtPdf are imported when a sheet is first asked for, not
at start: the window opens faster without them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ui.context import WindowContext
from ui.ops import run_op

if TYPE_CHECKING:
    from triage_app.sheets.service import Sheet
    from triage_app.sheets.wording import SheetWording
    from ui.sheet_preview import HandedOver

#: (parent, reference, PDF bytes) → where it was written, or None if nothing was.
SheetOutput = Callable[[QWidget, str, bytes], Path | None]


def hand_over_sheet(
    parent: QWidget,
    context: Callable[[], WindowContext],
    reference: str,
    *,
    output: SheetOutput | None = None,
) -> tuple[HandedOver, ...]:
    """Make the sheet for ``reference`` and preview it (or give it to ``output``).

    Returns every print and save, each already recorded in the audit trail (maybe none).
    """
    from triage_app.services.advice_sheet import family_sheet, sheet_printed  # noqa: PLC0415
    from triage_app.sheets.wording import default_wording_file, load_wording  # noqa: PLC0415
    from ui.sheet_preview import SheetPreviewDialog  # noqa: PLC0415

    ctx = context()
    wording: list[SheetWording] = []  # loaded once, by the first operation

    def make(large: bool, discreet: bool = False) -> Sheet:
        if not wording:
            wording.append(load_wording(default_wording_file(ctx.resources)))
        with ctx.db.read() as session:
            return family_sheet(
                session,
                reference,
                actor=ctx.actor,
                now=ctx.now(),
                vocab=ctx.vocab,
                rules=ctx.rules,
                wording=wording[0],
                large_print=large,
                fonts=ctx.resources / "fonts",
                discreet=discreet,
            )

    def record(discreet: bool) -> None:
        with ctx.db.write() as session:
            sheet_printed(session, reference, actor=ctx.actor, now=ctx.now(), discreet=discreet)

    made: list[Sheet] = []
    if not run_op(parent, lambda: make(False), made.append, title="The advice sheet"):
        return ()
    sheet = made[0]
    if output is not None:
        return _to_output(parent, output, reference, sheet.pdf, lambda: record(sheet.discreet))
    return SheetPreviewDialog.ask(
        parent,
        sheet.pdf,
        discreet=sheet.discreet,
        staff_note=wording[0].discreet_staff_note,
        remake=lambda large, discreet: make(large, discreet).pdf,
        record=record,
        offer_discreet=True,
    )


def _to_output(
    parent: QWidget,
    output: SheetOutput,
    reference: str,
    pdf: bytes,
    record: Callable[[], None],
) -> tuple[HandedOver, ...]:
    from ui.sheet_preview import SAVED, HandedOver  # noqa: PLC0415

    written: list[Path | None] = []
    if not run_op(parent, lambda: output(parent, reference, pdf), written.append) or not (
        path := written[0]
    ):
        return ()
    if not run_op(parent, record, lambda _r: None, title="The advice sheet"):
        return ()
    return (HandedOver(SAVED, str(path)),)
