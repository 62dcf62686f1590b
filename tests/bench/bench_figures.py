"""Figures speed: one month's figures over a big database, beside hand-written SQL.

Fills a SQLite file with N synthetic requests over two years (``demo-data``; 1,000,000 by
default, kept with ``--db`` so later runs reuse it), then times ``monthly_figures`` for the
last whole month, all hubs and one hub, against a baseline in the same run: hand-written
``sqlite3`` GROUP BY queries giving the request breakdowns of the same month. The target is
under 1 s for the month's figures. Run:
``python tests/bench/bench_figures.py [N] [--db PATH]``.
"""

from __future__ import annotations

import argparse
import sqlite3
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from triage_app import __version__
from triage_app.demo.fill import fill_demo
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.figures import Month, monthly_figures
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import open_database

NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
MONTH = Month(2026, 2)


def open_db(path: Path) -> Database:
    db = Database(make_engine(database_url(path)))
    open_database(db, __version__)
    return db


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def baseline(path: Path, hub: str | None) -> None:
    """The request breakdowns of the month, as one would write them by hand."""
    con = sqlite3.connect(path)
    start = MONTH.starts.replace(tzinfo=None).isoformat(sep=" ")
    end = MONTH.ends.replace(tzinfo=None).isoformat(sep=" ")
    hub_clause = "AND hub = :hub" if hub else ""
    for column in ("contact_method", "source", "primary_need", "pathway", "hub"):
        con.execute(
            f"SELECT {column}, count(*) FROM request_versions WHERE is_current = 1 "
            f"AND received_at >= :start AND received_at < :end {hub_clause} GROUP BY {column}",
            {"start": start, "end": end, "hub": hub},
        ).fetchall()
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="a filled file to use (made if missing)")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp(prefix="bench-figures-")) / "bench.sqlite"
    resources = resources_dir()
    vocab = load_vocabularies(resources)
    db = open_db(path)
    with db.read() as s:
        stored = s.connection().exec_driver_sql("SELECT count(*) FROM requests").scalar_one()
    if not stored:
        rules = load_rules(default_rules_dir(resources), vocab)
        started = time.perf_counter()
        fill_demo(db, resources=resources, rules=rules, now=NOW, count=args.count)
        stored = args.count
        print(f"filled {args.count:,} requests in {time.perf_counter() - started:.0f} s")

    def figures(hub: str | None) -> Callable[[], object]:
        def work() -> object:
            with db.read() as s:
                return monthly_figures(s, MONTH, hub, vocab, NOW)

        return work

    with db.read() as s:
        one = monthly_figures(s, MONTH, None, vocab, NOW)
    print(f"stored requests:           {stored:,}")
    print(f"{MONTH.label}, all hubs:     {one.requests:,} requests, {one.children:,} children, "
          f"{one.rereferrals:,} re-referrals")  # fmt: skip
    for hub in (None, "woodside"):
        name = hub or "all hubs"
        hand = best_of(3, lambda hub=hub: baseline(path, hub))
        took = best_of(3, figures(hub))
        print(f"[{name}] hand-written GROUP BYs (5): {hand:6.3f} s")
        print(f"[{name}] monthly_figures (all):      {took:6.3f} s  (target < 1 s)")
    db.close()


if __name__ == "__main__":
    main()
