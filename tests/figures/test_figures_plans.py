"""The figures read kept counts only: every query's SQLite plan is a seek by month.

A month's figures must stay quick at a million requests: no query may scan a table, read a
version of the month (their counts are kept as versions are saved:
``tests/figures/test_figures_kept.py``) or work out re-referrals (kept as requests are
saved: ``tests/store/test_rereferrals.py``). The plans are checked without statistics
(no ``ANALYZE``), as a new file has none.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event

from tests.figures.figures_data import build
from triage_app.domain.actor import Actor
from triage_app.figures import Month, monthly_figures
from triage_app.store.database import Database

#: A scan of anything but a constant row, or of the re-referral intervals' own rows (``found``:
#: a few per re-referral, made by seeks, then grouped).
_SCAN = re.compile(r"\bSCAN (?!CONSTANT ROW|found\b)")


def _plans(db: Database, vocab, now, hub: str | None) -> list[list[str]]:
    statements: list[tuple[str, Any]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.read() as s:
            monthly_figures(s, Month(2026, 3), hub, vocab, now)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    with db.read() as s:
        conn = s.connection()
        return [
            [row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)]
            for sql, params in statements
        ]


def test_the_figures_read_kept_counts_by_month_never_a_version(
    db: Database, vocab, actor: Actor, now
):
    build(db, vocab, actor)
    for hub in (None, "mosaic"):
        plans = _plans(db, vocab, now, hub)
        assert len(plans) >= 3
        everything = "\n".join("\n".join(lines) for lines in plans)
        assert not _SCAN.search(everything), everything
        for table in ("request_versions", "children", "request_needs", "request_concerns"):
            assert f" {table} " not in everything, everything
        kept = (
            "figure_counts USING PRIMARY KEY (month=? AND hub=?"
            if hub
            else ("figure_counts USING PRIMARY KEY (month=?")
        )
        rereferrals = (
            "ix_rereferrals_hub_received (hub=? AND received_at>? AND received_at<?)"
            if hub
            else "ix_rereferrals_received (received_at>? AND received_at<?)"
        )
        for index in (kept, rereferrals):
            assert index in everything, everything
