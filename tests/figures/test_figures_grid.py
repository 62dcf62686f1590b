"""Breakdowns side by side (``triage_app.figures.grid``): rows lined up by code, totals and
shares worded as everywhere else."""

from __future__ import annotations

from triage_app.figures.grid import grid
from triage_app.figures.model import Breakdown, Count


def _b(key: str, *counts: tuple[str | None, str, int]) -> Breakdown:
    return Breakdown(key, key, tuple(Count(c, label, n) for c, label, n in counts))


def test_rows_line_up_by_code_with_totals_and_shares():
    in_time = _b("in", ("early_help", "Early help", 1), ("signpost", "Signpost", 392))
    late = _b("late", ("early_help", "Early help", 392), ("old_code", "old_code", 2))
    g = grid(
        "t", "Title", "Course of action", [("In time", in_time), ("Later", late)],
        total_title="Requests", share_of=0, share_title="Share in time",
    )  # fmt: skip
    assert [(r.code, r.counts, r.total, r.share) for r in g.rows] == [
        ("early_help", (1, 392), 393, "<1 %"),  # never a false 0 %
        ("signpost", (392, 0), 392, "100 %"),
        ("old_code", (0, 2), 2, "0 %"),  # a code only one column has still gets its row
    ]
    assert g.cell("early_help", "Later") == 392
    assert g.cell("nothing", "Later") == 0


def test_a_row_of_nothing_has_no_share():
    g = grid("t", "T", "R", [("A", _b("a", ("x", "X", 0)))], share_of=0, share_title="S")
    assert g.rows[0].share == "–"
    assert (g.total_title, g.share_title) == ("", "S")
