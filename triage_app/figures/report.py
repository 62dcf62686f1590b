"""The figures as the PDF a team leader takes to the performance board.

A pure function of the figures: headed with the month, the hub and when it was produced; a
summary (with the ages and re-referrals the scrutiny board asked for); then each breakdown as
a bar chart and a table, and the 12-month trend. Labels are the vocabularies' words, never
codes; every label is escaped before it reaches a ``Paragraph``.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab import rl_config

# reportlab checks each attribute set on a chart's shapes against its declared type as it is
# set: a help while writing charts, and a quarter of the time this report takes to draw (235
# to 170 ms, the same bytes). The charts here are fixed code, read back by the tests, so the
# checks are off, before the charts' modules load: they decide then (hence the late imports).
rl_config.shapeChecking = 0

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from triage_app.domain.localtime import LOCAL_ZONE
from triage_app.figures.grid import Grid, outcome_grids
from triage_app.figures.model import Breakdown, MonthlyFigures
from triage_app.figures.table import EPISODES_LABEL, rereferral_label

_STYLES = getSampleStyleSheet()
TITLE = ParagraphStyle("FiguresTitle", parent=_STYLES["Title"], fontSize=18, spaceAfter=4)
SUBTITLE = ParagraphStyle("FiguresSubtitle", parent=_STYLES["Normal"], fontSize=11, leading=15)
HEADING = ParagraphStyle("FiguresHeading", parent=_STYLES["Heading2"], spaceBefore=10)
BAR = colors.HexColor("#1f5f8b")
WIDTH = A4[0] - 40 * mm
_TABLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#eef3f7")]),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
    ]
)


def _percent(count: int, total: int) -> str:
    return f"{100 * count / total:.0f}%" if total else "–"


def _table(rows: Sequence[Sequence[str | int]], widths: Sequence[float]) -> Table:
    table = Table([list(r) for r in rows], colWidths=list(widths), repeatRows=1)
    table.setStyle(_TABLE)
    return table


def _short(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _step(values: Sequence[int]) -> int:
    """A whole-number tick step giving about five ticks: counts have no halves."""
    return max(1, -(-max(values, default=0) // 5))


def _bars(labels: Sequence[str], values: Sequence[int]) -> Drawing:
    """A horizontal bar per row with a count, largest category first in reading order."""
    height = 14 * len(labels) + 20
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 190, 10, WIDTH - 210, height - 20
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = [_short(x) for x in reversed(labels)]
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = _step(values)
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.forceZero = 1
    chart.bars[0].fillColor = BAR
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _breakdown(b: Breakdown) -> list[Flowable]:
    total = b.total
    shown = [c for c in b.counts if c.count]
    parts: list[Flowable] = [Paragraph(escape(b.title), HEADING)]
    if shown:
        parts.append(_bars([c.label for c in shown], [c.count for c in shown]))
    rows: list[Sequence[str | int]] = [("", "Count", "Share")]
    rows += [(_short(c.label, 70), c.count, _percent(c.count, total)) for c in b.counts]
    rows.append(("Total", total, ""))
    parts.append(_table(rows, (WIDTH - 110, 55, 55)))
    return parts


#: Breakdowns read side by side, as one grid, rather than each with its share of itself: a
#: pathway's share of the "in time" column says nothing; its share of its own requests does.
_AS_GRID = {
    "first_contact_in_time": "timeliness",
    "first_contact_late": "timeliness",
    "no_first_contact": "timeliness",
}


def _grid(g: Grid) -> list[Flowable]:
    """A grid as one table: a row per code, a column per breakdown, the total and share."""
    header = [g.row_title, *g.columns]
    header += [t for t in (g.total_title, g.share_title) if t]
    rows: list[Sequence[str | int]] = [tuple(_short(h, 22) for h in header)]
    for r in g.rows:
        extra = [v for v, t in ((r.total, g.total_title), (r.share, g.share_title)) if t]
        rows.append((_short(r.label, 40), *r.counts, *extra))
    first = 150.0
    rest = (WIDTH - first) / max(1, len(header) - 1)
    widths = (first, *([rest] * (len(header) - 1)))
    return [Paragraph(escape(g.title), HEADING), _table(rows, widths)]


def _after_the_front_door(figures: MonthlyFigures) -> list[Flowable]:
    """The outcome breakdowns, those read side by side as their grid, once, where the first is."""
    grids = {g.key: g for g in outcome_grids(figures)}
    story: list[Flowable] = []
    shown: set[str] = set()
    for b in figures.outcomes.breakdowns:
        key = _AS_GRID.get(b.key)
        if key is not None and key in shown:
            continue
        story.append(CondPageBreak(60 * mm))
        if key is not None and key in grids:
            shown.add(key)
            story.extend(_grid(grids[key]))
        else:
            story.extend(_breakdown(b))
    return story


def _summary(f: MonthlyFigures) -> Table:
    rows: list[Sequence[str | int]] = [
        ("", "Count", "Share"),
        ("Requests for help", f.requests, ""),
        (rereferral_label(f), f.rereferrals, _percent(f.rereferrals, f.requests)),
        ("Children and young people named", f.children, ""),
        ("Children aged 16 and over", f.children_aged_16_and_over,
         _percent(f.children_aged_16_and_over, f.children)),
        ("Children aged 19 and over", f.children_aged_19_and_over,
         _percent(f.children_aged_19_and_over, f.children)),
        ("Requests closed", f.outcomes.closed, _percent(f.outcomes.closed, f.requests)),
        (EPISODES_LABEL, f.outcomes.early_help_episodes,
         _percent(f.outcomes.early_help_episodes, f.requests)),
        ("Pathway overridden", f.outcomes.overridden, _percent(f.outcomes.overridden, f.requests)),
    ]  # fmt: skip
    return _table(rows, (WIDTH - 110, 55, 55))


def _trend(f: MonthlyFigures) -> list[Flowable]:
    drawing = Drawing(WIDTH, 170)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 25, WIDTH - 40, 135
    chart.data = [[p.requests for p in f.trend]]
    chart.categoryAxis.categoryNames = [p.month.short_label for p in f.trend]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = _step(chart.data[0])
    chart.valueAxis.forceZero = 1
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = BAR
    chart.barLabelFormat = "%d"
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    drawing.add(chart)
    pathways = [c.label for c in f.trend[-1].by_pathway] if f.trend else []
    header = ("Month", "Requests", *(_short(p, 14) for p in pathways))
    rows: list[Sequence[str | int]] = [header]
    rows += [(p.month.label, p.requests, *(c.count for c in p.by_pathway)) for p in f.trend]
    first = 80.0
    rest = (WIDTH - first) / max(1, len(header) - 1)
    table = _table(rows, (first, *([rest] * (len(header) - 1))))
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7)]))
    title = "Requests month by month (the last 12 months)"
    return [Paragraph(title, HEADING), drawing, table]


def figures_pdf(figures: MonthlyFigures) -> bytes:
    """The report as PDF bytes; the same figures give the same bytes."""
    produced = figures.produced_at.astimezone(LOCAL_ZONE)
    heading = f"Here to Help figures — {figures.month.label}"
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=heading,
        author="Here to Help",
        invariant=1,
    )
    story: list[Flowable] = [
        Paragraph(escape(heading), TITLE),
        Paragraph(f"Hub: <b>{escape(figures.hub_label)}</b>", SUBTITLE),
        Paragraph(f"Produced {produced:%d %B %Y at %H:%M} (UK time)", SUBTITLE),
        Spacer(1, 6),
        Paragraph("Summary", HEADING),
        _summary(figures),
    ]
    for b in (*figures.requests_by, *figures.children_by):
        story.append(CondPageBreak(60 * mm))
        story.extend(_breakdown(b))
    story.extend(_after_the_front_door(figures))
    story.append(KeepTogether(_trend(figures)))
    doc.build(story)
    return out.getvalue()
