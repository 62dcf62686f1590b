"""Rendering an advice sheet: :class:`SheetData` in, PDF bytes out, nothing else touched.

Every text is escaped before it reaches a ``Paragraph``, so a name such as ``<b>&`` prints as
written instead of being read as reportlab markup; emphasis comes from the styles, never from
markup in the text. Output is repeatable (reportlab's ``invariant``): the same data gives the
same bytes.

A discreet sheet (:attr:`SheetData.discreet`) prints no advice, partners or need, whatever
the data holds, and adds the police's Silent Solution to the emergency block.
"""

from __future__ import annotations

import io
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Table
from reportlab.platypus.doctemplate import BaseDocTemplate

from triage_app.locations import resources_dir
from triage_app.sheets.data import HubDetails, PartnerDetails, SheetData
from triage_app.sheets.styles import EMERGENCY_TINT, RULE_GREY, Styles, register_fonts, styles

MARGIN = 16 * mm


def _p(text: str, style: object) -> Paragraph:
    return Paragraph(escape(text), style)


def _hub_lines(hub: HubDetails, data: SheetData, st: Styles) -> list[Flowable]:
    w = data.wording
    found: list[Flowable] = [_p(hub.name, st.strong)]
    if hub.address:
        found.append(_p(hub.address, st.body))
    if hub.phone:
        found.append(_p(w.hub_phone.format(phone=hub.phone), st.strong))
    if hub.directions:
        found.append(_p(w.hub_directions.format(directions=hub.directions), st.body))
    return found


def _line_details(data: SheetData, st: Styles) -> list[Flowable]:
    """The Here to Help line: what it is, its number once the service has set one, the web."""
    w = data.wording
    found: list[Flowable] = [_p(line, st.body) for line in w.line_intro]
    if w.line_phone:
        found.append(_p(w.line_phone_line.format(name=w.line_name, phone=w.line_phone), st.strong))
    if w.line_web:
        found.append(_p(w.line_web_line.format(web=w.line_web), st.body))
    return found


def _all_hubs(data: SheetData, st: Styles) -> list[Flowable]:
    w = data.wording
    found: list[Flowable] = [_p(w.heading_all_hubs, st.heading)]
    for hub in data.all_hubs:
        text = f"{hub.name}, {hub.address}. {w.hub_phone.format(phone=hub.phone)}"
        found.append(_p(text, st.small))
    return found


def _contact(data: SheetData, st: Styles) -> list[Flowable]:
    w = data.wording
    if data.hub is not None:
        return [KeepTogether([_p(w.heading_hub, st.heading), *_hub_lines(data.hub, data, st)])]
    found: list[Flowable] = [_p(w.heading_no_hub, st.heading), *_line_details(data, st)]
    return [KeepTogether(found), *_all_hubs(data, st)]


def _steps(data: SheetData, st: Styles) -> list[Flowable]:
    w = data.wording
    found: list[Flowable] = [_p(w.heading_next_steps, st.heading)]
    if data.respond_within:
        found.append(_p(w.respond_sentence(data.respond_within), st.strong))
    if not data.steps:
        found.append(_p(w.no_steps, st.body))
    for number, step in enumerate(data.steps, start=1):
        found.append(Paragraph(escape(step), st.step, bulletText=f"{number}."))
    return found


def _advice(data: SheetData, st: Styles) -> list[Flowable]:
    if not data.advice or data.discreet:
        return []
    return [_p(data.wording.heading_advice, st.heading), *(_p(a, st.body) for a in data.advice)]


def _partner(partner: PartnerDetails, data: SheetData, st: Styles) -> Flowable:
    w = data.wording
    lines = [_p(partner.name, st.strong), _p(partner.helps_with, st.body)]
    if partner.waiting_list:
        lines.append(_p(w.partner_waiting_list, st.body))
    reach = [w.partner_phone.format(phone=partner.phone)] if partner.phone else []
    if partner.email:
        reach.append(w.partner_email.format(email=partner.email))
    if partner.web:
        reach.append(w.partner_web.format(web=partner.web))
    if reach:
        lines.append(_p(" · ".join(reach), st.body))
    if partner.ask and not partner.phone:
        lines.append(_p(partner.ask, st.body))
    return KeepTogether(lines)


def _partners(data: SheetData, st: Styles) -> list[Flowable]:
    if not data.partners or data.discreet:
        return []
    heading = _p(data.wording.heading_partners, st.heading)
    return [heading, *(_partner(p, data, st) for p in data.partners)]


def _emergency(data: SheetData, st: Styles) -> list[Flowable]:
    w = data.wording
    lines = (*w.emergency, *(w.silent_solution if data.discreet else ()))
    rows = [[_p(w.heading_emergency, st.strong)], *([_p(line, st.body)] for line in lines)]
    box = Table(rows, colWidths=["100%"])
    box.setStyle(
        [
            ("BACKGROUND", (0, 0), (-1, -1), EMERGENCY_TINT),
            ("BOX", (0, 0), (-1, -1), 0.8, RULE_GREY),
            ("LEFTPADDING", (0, 0), (-1, -1), st.sizes.body * 0.6),
            ("RIGHTPADDING", (0, 0), (-1, -1), st.sizes.body * 0.6),
        ]
    )
    return [_p("", st.body), KeepTogether([box])]


def _header(data: SheetData, st: Styles) -> list[Flowable]:
    w = data.wording
    if data.blank:
        title = (
            w.discreet_blank_title if data.discreet else w.blank_title.format(need=data.need_label)
        )
        return [_p(title, st.title), _p(w.blank_notice, st.body)]
    found: list[Flowable] = [_p(w.title, st.title)]
    if data.first_name:
        found.append(_p(w.for_name.format(first_name=data.first_name), st.strong))
    found.append(_p(w.reference.format(reference=data.reference), st.strong))
    if data.date_text:
        found.append(_p(w.date.format(date=data.date_text), st.body))
    found.append(_p(w.reference_hint, st.small))
    return found


def story(data: SheetData) -> list[Flowable]:
    """The sheet's content, top to bottom."""
    st = styles(data.large_print)
    w = data.wording
    # A family's own hub goes near the top; without one, the line and every hub's number
    # follow the guidance, so that "what happens next" still comes first.
    hub_first = data.hub is not None
    found = [
        *_header(data, st),
        *(_contact(data, st) if hub_first else []),
        *_steps(data, st),
        *_advice(data, st),
        *_partners(data, st),
        *([] if hub_first else _contact(data, st)),
        *_emergency(data, st),
    ]
    if hub_first:
        found += [_p(w.heading_here_to_help, st.heading), *_line_details(data, st)]
    if not data.blank:
        found.append(_p(w.private, st.small))
    return found


def _footer_text(data: SheetData, page: int) -> str:
    w = data.wording
    if data.blank:
        return w.blank_footer.format(page=page)
    return w.footer.format(reference=data.reference, page=page)


def build_sheet(data: SheetData, *, fonts: Path | None = None) -> bytes:
    """The advice sheet as PDF bytes: A4, standard or large print.

    Args:
        data: everything the sheet says, already in the family's words.
        fonts: the folder holding the embedded fonts (default: the application's resources).
    """
    family = register_fonts(fonts or resources_dir() / "fonts")
    st = styles(data.large_print)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + st.sizes.small * 1.5,
        title=data.wording.title,
        author="",
        subject="",
        creator="Here to Help",
        invariant=1,
    )

    def footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(family, st.sizes.small)
        canvas.setFillColor(RULE_GREY)
        canvas.drawString(MARGIN, MARGIN * 0.7, _footer_text(data, doc.page))
        canvas.restoreState()

    doc.build(story(data), onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()
