"""Figures speed: one month's figures over a big database, beside hand-written SQL.

Fills a SQLite file with N synthetic requests over two years (``demo-data``; 1,000,000 by
default, kept with ``--db`` so later runs reuse it), or opens a filled SQLite file or
PostgreSQL URL given with ``--database``, then times ``monthly_figures`` for the last whole
month before today (the data's two years end today), all hubs and one hub, against a
baseline in the same run: hand-written GROUP BY queries on a plain driver connection giving
the request breakdowns of the same month. The figures are read from the kept counts
(``store.figure_counts``); the same figures worked out from the month's versions
(``recounted_figures``, what a check does) are timed beside them. The target is 0.25 s.
Run: ``python tests/bench/bench_figures.py [N] [--db PATH | --database PATH_OR_URL] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from benchlib import Figure, backend_of, open_db, param_style, raw_connect, report

from triage_app.demo.fill import fill_demo
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.figures import Month, monthly_figures
from triage_app.figures.queries import recounted_figures
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.store.database import database_url

NOW = datetime.now(UTC)
MONTH = Month.containing(NOW).plus(-1)
TARGET_S = 0.25


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def baseline(target: str | Path, hub: str | None) -> None:
    """The request breakdowns of the month, as one would write them by hand."""
    backend = backend_of(target)
    if backend == "sqlite":
        target = database_url(target).database or str(target)  # a sqlite:/// URL or a path
    con = raw_connect(target)
    start, end = MONTH.starts, MONTH.ends
    if backend == "sqlite":
        start = start.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")  # type: ignore[assignment]
        end = end.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")  # type: ignore[assignment]
    current = "is_current = true" if backend == "postgresql" else "is_current = 1"
    hub_clause = "AND hub = :hub" if hub else ""
    cur = con.cursor()
    for column in ("contact_method", "source", "primary_need", "pathway", "hub"):
        sql = (
            f"SELECT {column}, count(*) FROM request_versions WHERE {current} "
            f"AND received_at >= :start AND received_at < :end {hub_clause} GROUP BY {column}"
        )
        cur.execute(param_style(sql, backend), {"start": start, "end": end, "hub": hub})
        cur.fetchall()
    con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="a filled file to use (made if missing)")
    parser.add_argument("--database", help="a filled SQLite file or PostgreSQL URL to use")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    path = args.database or args.db
    path = path or Path(tempfile.mkdtemp(prefix="bench-figures-")) / "bench.sqlite"
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

    def figures(
        hub: str | None, how: Callable[..., object] = monthly_figures
    ) -> Callable[[], object]:
        def work() -> object:
            with db.read() as s:
                return how(s, MONTH, hub, vocab, NOW)

        return work

    with db.read() as s:
        one = monthly_figures(s, MONTH, None, vocab, NOW)
    print(f"stored requests:           {stored:,}")
    print(f"{MONTH.label}, all hubs:     {one.requests:,} requests, {one.children:,} children, "
          f"{one.rereferrals:,} re-referrals")  # fmt: skip
    results = []
    for hub in (None, "woodside"):
        name = hub or "all hubs"
        hand = best_of(3, lambda hub=hub: baseline(path, hub))
        took = best_of(3, figures(hub))
        recounted = best_of(3, figures(hub, recounted_figures))
        print(f"[{name}] hand-written GROUP BYs (5): {hand:6.3f} s")
        print(f"[{name}] monthly_figures (all):      {took:6.3f} s  (target ≤ {TARGET_S} s)")
        print(f"[{name}] recounted from versions:    {recounted:6.3f} s")
        results.append(
            Figure(
                f"a month's figures ({MONTH.label}, {name}), best of 3",
                took,
                "s",
                hand,
                "the same month's 5 breakdowns in hand-written SQL",
                f"≤ {TARGET_S} s",
                took <= TARGET_S,
                backend_of(path),
                f"{one.requests:,} requests in the month" if hub is None else "",
            )
        )
    db.close()
    report(results, args.json)


if __name__ == "__main__":
    main()
