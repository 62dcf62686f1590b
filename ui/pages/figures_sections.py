"""What the Figures page shows of the month after the front door (issue 18), and in what order.

The numbers are ``figures.outcomes``' and the grids ``triage_app.figures.grid``'s: this module
only names the sections a team leader reads at month end, words the headline's line about
early help episodes beside the annual report's, and says which grid is charted.
"""

from __future__ import annotations

from collections.abc import Mapping

from triage_app.domain.counts import counted, share
from triage_app.figures import MonthlyFigures
from triage_app.figures.grid import Grid

#: Grids shown as a table only: side by side, a chart adds nothing to them.
UNCHARTED = ("timeliness", "older_pathway", "older_outcome")
#: The annual report's figure the month is read beside: requests that became early help
#: episodes, of all requests (2020/21).
REPORT_EPISODES, REPORT_REQUESTS = 1823, 5188


def after_the_front_door(
    figures: MonthlyFigures, grids: Mapping[str, Grid]
) -> list[tuple[str, str, str]]:
    """(key, name in the list, full title) of each section, in the order a team leader reads.

    The names are short enough to tell apart in the narrow list of breakdowns.
    """
    if not figures.outcomes.breakdowns:
        return []
    f = figures.breakdown
    return [
        ("outcomes_by_pathway", "Outcomes by course of action", grids["outcomes_by_pathway"].title),
        ("outcome", "Outcomes, all", "Outcomes, all courses of action"),
        ("timeliness", "First contact in time", grids["timeliness"].title),
        ("override_direction", "Overrides, which way", f("override_direction").title),
        ("override_rule", "Rules overridden most", f("override_rule").title),
        ("rereferral_interval", "Re-referral intervals", f("rereferral_interval").title),
        ("older_pathway", "16 and over: course of action", grids["older_pathway"].title),
        ("older_outcome", "16 and over: outcome", grids["older_outcome"].title),
    ]


def outcomes_line(figures: MonthlyFigures) -> str:
    """The headline's second sentence: closed, early help episodes (beside the report's)."""
    life, requests = figures.outcomes, figures.requests
    if not life.breakdowns:
        return ""
    return (
        f"<br>{life.closed:,} closed. <b>Became early help episodes: "
        f"{life.early_help_episodes:,} of {counted(requests, 'request')} "
        f"({share(life.early_help_episodes, requests)})</b>, beside the 2020/21 annual "
        f"report's {REPORT_EPISODES:,} of {REPORT_REQUESTS:,} "
        f"({share(REPORT_EPISODES, REPORT_REQUESTS)}). "
        f"Pathway overridden: {life.overridden:,}."
    )


def chart_of(grid: Grid) -> tuple[list[tuple[str, int]], list[str]] | None:
    """A grid's chart rows and their groups, or None for a grid read as a table.

    Outcomes by course of action: each course of action's outcomes that happened, under
    its name, all on one scale so bars compare.
    """
    if grid.key in UNCHARTED:
        return None
    rows: list[tuple[str, int]] = []
    groups: list[str] = []
    for i, column in enumerate(grid.columns[1:], start=1):  # the first column is "All"
        for r in grid.rows:
            if r.counts[i]:
                rows.append((r.label, r.counts[i]))
                groups.append(column)
    return rows, groups
