"""A4 pages as every printed paper has them: margins, embedded fonts, a line at each foot.

The advice sheet and the record for the file are both laid out here, so they share one
page, one type and one repeatable output (reportlab's ``invariant``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate
from reportlab.platypus.doctemplate import BaseDocTemplate

from triage_app.locations import resources_dir
from triage_app.sheets.styles import RULE_GREY, Styles, register_fonts, styles

MARGIN = 16 * mm

#: (the styles, the text width in points) → what the pages hold.
Story = Callable[[Styles, float], list[Flowable]]


def build_a4(
    story: Story,
    *,
    title: str,
    footer: Callable[[int], str],
    large_print: bool = False,
    fonts: Path | None = None,
) -> bytes:
    """PDF bytes: ``story`` on A4 pages, ``footer(page)`` at the foot of each.

    Args:
        story: what the pages hold, made with the styles of standard or large print.
        title: the document's title (nothing personal: a print queue may show it).
        footer: the line at the foot of a page, given its number.
        large_print: every text 16 pt or more.
        fonts: the folder holding the embedded fonts (default: the application's resources).
    """
    family = register_fonts(fonts or resources_dir() / "fonts")
    st = styles(large_print)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + st.sizes.small * 1.5,
        title=title,
        author="",
        subject="",
        creator="Here to Help",
        invariant=1,
    )

    def draw_footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(family, st.sizes.small)
        canvas.setFillColor(RULE_GREY)
        canvas.drawString(MARGIN, MARGIN * 0.7, footer(doc.page))
        canvas.restoreState()

    doc.build(story(st, doc.width), onFirstPage=draw_footer, onLaterPages=draw_footer)
    return out.getvalue()
