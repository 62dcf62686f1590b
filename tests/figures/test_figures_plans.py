"""The figures read indexes only: every query's SQLite plan is a seek into a covering index.

A month's figures must stay quick at a million requests: no query may scan a table, read
the wide version rows of a whole month, or work out re-referrals (they are kept as requests
are saved: ``tests/store/test_rereferrals.py``). The plans are checked without statistics
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


def test_every_figures_query_seeks_covering_indexes(db: Database, vocab, actor: Actor, now):
    build(db, vocab, actor)
    for hub in (None, "mosaic"):
        plans = _plans(db, vocab, now, hub)
        assert len(plans) >= 5
        for lines in plans:
            text = "\n".join(lines)
            assert not _SCAN.search(text), text
            for line in lines:
                if line.startswith("SEARCH"):
                    # A version or child row is read only by id, for a child named before.
                    assert "COVERING INDEX" in line or "(rowid=?)" in line, text
        period = (
            "ix_request_versions_current_hub_received"
            if hub
            else ("ix_request_versions_current_received")
        )
        assert any(period in line for line in plans[0]), plans[0]
        everything = "\n".join("\n".join(lines) for lines in plans)
        rereferrals = (
            "ix_rereferrals_hub_received (hub=? AND received_at>? AND received_at<?)"
            if hub
            else "ix_rereferrals_received (received_at>? AND received_at<?)"
        )
        for index in (
            "ix_request_needs_version",
            "ix_children_version",
            rereferrals,
            "_pathway (is_current=? AND ",
        ):
            assert index in everything, everything
