"""Counting the figures from scratch: ``count_month`` for one month and for every month.

What ``demo-data`` does at its end, what ``db check`` compares against, and what ``db
recount-figures`` and migration 0020 do. Opens a filled SQLite file read only (nothing is
written, nothing migrated), then times ``count_month`` for one month in a new connection
(cold: SQLite's cache empty) and again (warm), and for every month, in wall and CPU time.
The baseline, in the same run on the same months, is a plain driver reading what is counted:
the current versions of the month by hub, and their children by hub. No target is set.
Run: ``python tests/bench/bench_recount.py FILE.sqlite [--month YYYY-MM] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from benchlib import Figure, report
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from triage_app.domain.months import Month
from triage_app.store import figure_counts

BASELINE = (
    "SELECT hub, count(*) FROM request_versions WHERE is_current = 1 "
    "AND received_at >= ? AND received_at < ? GROUP BY hub",
    "SELECT v.hub, count(*) FROM request_versions v JOIN children c ON c.version_id = v.id "
    "WHERE v.is_current = 1 AND v.received_at >= ? AND v.received_at < ? GROUP BY v.hub",
)


def read_only(path: Path) -> sqlite3.Connection:
    """The file opened read only, with the app's cache size (64 MB)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    con.execute("PRAGMA cache_size=-65536")
    return con


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``work`` (SQLite runs in this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def bounds(month: Month) -> tuple[str, str]:
    """The month's bounds as SQLite stores a time: UTC, as text."""
    return tuple(  # type: ignore[return-value]
        t.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        for t in (month.starts, month.ends)
    )


def baseline(path: Path, months: list[Month]) -> tuple[float, float]:
    """Wall and CPU of reading the counted rows of ``months`` in a new connection."""
    con = read_only(path)

    def read() -> None:
        for month in months:
            for sql in BASELINE:
                con.execute(sql, bounds(month)).fetchall()

    try:
        return timed(read)
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--month", help="YYYY-MM (default: the last whole month)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    engine = create_engine("sqlite://", creator=lambda: read_only(args.file))
    with Session(engine) as session:
        every = figure_counts.months(session)
    month = Month.parse(args.month) if args.month else every[-2]
    figures: list[Figure] = []
    one_base = baseline(args.file, [month])
    with Session(engine) as session:
        cold = timed(lambda: figure_counts.count_month(session, month))
        warm = timed(lambda: figure_counts.count_month(session, month))
    for how, (wall, cpu) in (("cold", cold), ("warm", warm)):
        figures.append(
            Figure(f"count_month {month.code}, {how}", wall, "s", one_base[0],
                   "the month's versions and children read", "—", None, "sqlite",
                   f"CPU {cpu:.2f} s beside {one_base[1]:.2f} s")
        )  # fmt: skip
    all_base = baseline(args.file, every)
    with Session(engine) as session:
        wall, cpu = timed(lambda: [figure_counts.count_month(session, m) for m in every])
    figures.append(
        Figure(f"count_month, all {len(every)} months", wall, "s", all_base[0],
               "every month's versions and children read", "—", None, "sqlite",
               f"CPU {cpu:.2f} s beside {all_base[1]:.2f} s")
    )  # fmt: skip
    report(figures, args.json)


if __name__ == "__main__":
    main()
