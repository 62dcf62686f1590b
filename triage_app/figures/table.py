"""The figures as one long CSV table: ``section,code,label,count``.

Long rather than wide, so a spreadsheet or Power BI can pivot it any way and a new code
adds rows, never columns. Labels come from the vocabularies and are neutralised like any
cell, in case a label is ever reworded to begin with a formula character.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from triage_app.export.cells import safe_cell
from triage_app.figures.model import MonthlyFigures

HEADER = ("section", "code", "label", "count")


def figure_rows(figures: MonthlyFigures) -> Iterator[tuple[str, str, str, int]]:
    """Every number in the report, once, under the section it belongs to."""
    yield from (
        ("summary", "requests", "Requests for help", figures.requests),
        ("summary", "rereferrals", rereferral_label(figures), figures.rereferrals),
        ("summary", "children", "Children and young people named", figures.children),
        ("summary", "aged_16_and_over", "Children aged 16 and over",
         figures.children_aged_16_and_over),
        ("summary", "aged_19_and_over", "Children aged 19 and over",
         figures.children_aged_19_and_over),
    )  # fmt: skip
    life = figures.outcomes
    yield ("summary", "closed", "Requests closed", life.closed)
    yield ("summary", "early_help_episodes", EPISODES_LABEL, life.early_help_episodes)
    yield ("summary", "overridden", "Pathway overridden", life.overridden)
    for breakdown in (*figures.requests_by, *figures.children_by, *life.breakdowns):
        for c in breakdown.counts:
            yield breakdown.key, c.code or "", c.label, c.count
    for point in figures.trend:
        yield "trend", point.month.code, point.month.label, point.requests
    for point in figures.trend:
        for c in point.by_pathway:
            yield "trend_pathway", f"{point.month.code}/{c.code or ''}", c.label, c.count


#: Beside the annual report's figure, as the board reads it.
EPISODES_LABEL = "Became early help episodes (2020/21 report: 1,823 of 5,188 requests)"


def rereferral_label(figures: MonthlyFigures) -> str:
    days = figures.rereferral_window_days
    return f"Re-referrals (same child or family asked in the previous {days} days)"


def figures_csv(figures: MonthlyFigures) -> bytes:
    """UTF-8 CSV with one header row."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for section, code, label, count in figure_rows(figures):
        writer.writerow((safe_cell(section), safe_cell(code), safe_cell(label), count))
    return out.getvalue().encode("utf-8")
