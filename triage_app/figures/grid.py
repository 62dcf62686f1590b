"""The after-the-front-door figures arranged as small tables for the window (issue 18).

The core counts each breakdown once (``figures.outcomes``); a team leader reads some of them
side by side: outcomes for each course of action, first contact in time or not for each,
the requests naming a young person of 16 or over beside those of 19 or over. A ``Grid`` lines
those breakdowns up by code, with each row's total and, where it means something, the share
of one column in the row, so the window only shows numbers it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from triage_app.domain.counts import share
from triage_app.figures.model import Breakdown, MonthlyFigures


@dataclass(frozen=True)
class GridRow:
    """One row: its label, a count per column, the row's total, the chosen column's share."""

    code: str | None
    label: str
    counts: tuple[int, ...]
    total: int
    share: str


@dataclass(frozen=True)
class Grid:
    """Breakdowns side by side: ``columns`` name them, ``rows`` line them up by code.

    ``total_title`` and ``share_title`` head the total and share columns ("" when the grid
    has none: a total of overlapping columns, 16 and over beside 19 and over, means nothing).
    """

    key: str
    title: str
    row_title: str
    columns: tuple[str, ...]
    rows: tuple[GridRow, ...]
    total_title: str = ""
    share_title: str = ""

    def cell(self, code: str | None, column: str) -> int:
        """The count for one row's code under one column (for tests and captions)."""
        i = self.columns.index(column)
        return next((r.counts[i] for r in self.rows if r.code == code), 0)


def grid(
    key: str,
    title: str,
    row_title: str,
    columns: Sequence[tuple[str, Breakdown]],
    *,
    total_title: str = "",
    share_of: int | None = None,
    share_title: str = "",
) -> Grid:
    """Line ``columns`` up by code, in the order the codes first appear in them.

    ``share_of`` is the column whose share of each row's total is given;
    """
    order: dict[str | None, str] = {}
    for _name, b in columns:
        for c in b.counts:
            order.setdefault(c.code, c.label)
    rows = []
    for code, label in order.items():
        counts = tuple(b.count(code) for _name, b in columns)
        total = sum(counts)
        shown = share(counts[share_of], total) if share_of is not None else ""
        rows.append(GridRow(code, label, counts, total, shown))
    return Grid(
        key, title, row_title, tuple(n for n, _b in columns), tuple(rows), total_title, share_title
    )


def outcome_grids(figures: MonthlyFigures) -> tuple[Grid, ...]:
    """The grids of the month's outcome figures; none when the figures have no outcomes."""
    if not figures.outcomes.breakdowns:
        return ()
    f = figures.breakdown
    pathways = f("final_pathway").counts
    by_pathway = [(c.label, f(f"outcome:{c.code}")) for c in pathways if c.code is not None]
    return (
        grid(
            "outcomes_by_pathway",
            "Outcomes by course of action (after overrides)",
            "Outcome",
            [("All", f("outcome")), *by_pathway],
        ),
        grid(
            "timeliness",
            "First contact that reached the family, by course of action",
            "Course of action",
            [
                ("Within timescale", f("first_contact_in_time")),
                ("Later", f("first_contact_late")),
                ("No contact yet", f("no_first_contact")),
            ],
            total_title="Requests",
            share_of=0,
            share_title="Share within timescale",
        ),
        *(
            grid(
                f"older_{what}",
                f"Requests naming a young person aged 16 or over, by {title}",
                title.capitalize(),
                [
                    ("Aged 16 or over", f(f"aged_16_{what}")),
                    ("Aged 19 or over", f(f"aged_19_{what}")),
                ],
            )
            for what, title in (("pathway", "course of action"), ("outcome", "outcome"))
        ),
    )
