"""The record printed for the file: :class:`RecordContent` in, PDF bytes out.

The same fonts and styles as the advice sheet (``styles``), each section a two-column table
of what the form asks and what was recorded. Every text is escaped before it reaches a
``Paragraph``. Each page's foot names the request and says the paper is confidential; the
output is repeatable (reportlab's ``invariant``).
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table

from triage_app.sheets.pages import build_a4
from triage_app.sheets.record_data import RecordContent, RecordSection
from triage_app.sheets.styles import RULE_GREY, Styles

#: At the foot of every page.
FOOTER = "{reference} · confidential: keep with the family's file · page {page}"
#: Width of the column of names, as a share of the text width.
LABEL_SHARE = 0.34


def _p(text: str, style: object) -> Paragraph:
    return Paragraph(escape(text), style)


def _section(section: RecordSection, st: Styles, width: float) -> Flowable:
    rows = [
        [_p(row.label, st.strong), _p(row.value, st.body)]
        if row.label
        else [_p(row.value, st.body), ""]
        for row in section.rows
    ]
    spans = [("SPAN", (0, i), (1, i)) for i, row in enumerate(section.rows) if not row.label]
    table = Table(
        rows,
        colWidths=(width * LABEL_SHARE, width * (1 - LABEL_SHARE)),
        style=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE_GREY),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            *spans,
        ],
        repeatRows=0,
    )
    return KeepTogether([_p(section.title, st.heading), table])


def build_record(
    content: RecordContent, *, large_print: bool = False, fonts: Path | None = None
) -> bytes:
    """The record as PDF bytes: A4, standard or large print."""

    def story(st: Styles, width: float) -> list[Flowable]:
        return [_p(content.title, st.title), *(_section(s, st, width) for s in content.sections)]

    return build_a4(
        story,
        title=f"Request {content.reference}",
        footer=lambda page: FOOTER.format(reference=content.reference, page=page),
        large_print=large_print,
        fonts=fonts,
    )
