"""``demo-data`` speed: N synthetic requests into a new SQLite file, phase by phase.

Fills a new file as ``triage-app demo-data`` does (``fill_demo``, other processes making the
rows from 50,000 requests on) and times each phase: making and writing the rows (with their
life steps and name words), building the indexes and making the file durable, working out
re-referrals, and working older requests stored before (none, in a new file). The CPU time
of this process and of the processes that made the rows is printed beside the wall time:
on a shared machine the wall time follows the load. The baseline, in the same run on the
same data, is SQLite alone copying every loaded row (``INSERT ... SELECT``, no index, no
wait for the disk) into another new file: the floor for writing these rows at all.
Run: ``python tests/bench/bench_demo.py [N] [--workdir DIR] [--keep] [--json FILE]``
(N defaults to 100,000; the files are deleted afterwards unless ``--keep``).
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# The rest is imported in the functions: the processes that make the rows import this
# module again (they are spawned).

NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of the finished processes it started."""
    own, done = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime, done.ru_utime + done.ru_stime


class Phases:
    """Wall and CPU seconds of each phase, in the order they ran.

    The CPU is this process's; that of the processes making the rows is counted once they
    end (with the rows), as ``workers``.
    """

    def __init__(self) -> None:
        self.seen: list[tuple[str, float, float]] = []
        self.workers = 0.0
        self._mark = (time.perf_counter(), *_cpu())

    def lap(self, name: str) -> None:
        wall, cpu, children = time.perf_counter(), *_cpu()
        self.seen.append((name, wall - self._mark[0], cpu - self._mark[1]))
        self.workers += children - self._mark[2]
        self._mark = (wall, cpu, children)

    def timed(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            self.lap("(before " + name + ")")
            out = fn(*args, **kwargs)
            self.lap(name)
            return out

        return run


def fill(path: Path, count: int) -> Phases:
    """Fill ``path`` with ``count`` demo requests as the command does, timing each phase."""
    from benchlib import open_db

    from triage_app.demo import fill as filling
    from triage_app.domain.vocabulary import load_vocabularies
    from triage_app.locations import resources_dir
    from triage_app.pathways import default_rules_dir, load_rules

    resources = resources_dir()
    rules = load_rules(default_rules_dir(resources), load_vocabularies(resources))
    db = open_db(path)
    phases = Phases()

    def progress(done: int) -> None:
        if done == count:
            phases.lap("rows made and written")

    # Timed where fill_demo calls them; the functions themselves are the product's.
    filling.load_sqlite = phases.timed("indexes built, file made durable", filling.load_sqlite)
    filling.finish_load = phases.timed("re-referrals, audit", filling.finish_load)
    filling.work_older_requests = phases.timed(
        "older stored requests worked", filling.work_older_requests
    )
    filling.fill_demo(
        db,
        resources=resources,
        rules=rules,
        now=NOW,
        count=count,
        progress=progress,
        parallel=count >= filling.PARALLEL_FROM,
    )
    phases.lap("(rest)")
    db.close()
    return phases


def copy_rows(source: Path, target: Path) -> tuple[float, int]:
    """Copy every row of the loaded tables into ``target`` with SQLite alone; (seconds, rows)."""
    from triage_app.demo.rows import TABLES

    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute(f"ATTACH DATABASE '{source}' AS loaded")
    for table in ("rereferrals", "export_waiting", *TABLES):
        (sql,) = con.execute(
            "SELECT sql FROM loaded.sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        con.execute(sql)
    started, rows = time.perf_counter(), 0
    con.execute("BEGIN")
    for table in ("rereferrals", "export_waiting", *TABLES):
        rows += con.execute(f"INSERT INTO main.{table} SELECT * FROM loaded.{table}").rowcount
    con.execute("COMMIT")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return time.perf_counter() - started, rows


def main() -> None:
    from benchlib import Figure, report

    parser = argparse.ArgumentParser()
    parser.add_argument("count", type=int, nargs="?", default=100_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bench-demo"))
    parser.add_argument("--keep", action="store_true", help="keep the filled file")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    path, copy = args.workdir / f"demo-{args.count}.sqlite", args.workdir / "copy.sqlite"
    for old in (path, copy):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{old}{suffix}").unlink(missing_ok=True)
    load_before = os.getloadavg()
    started = time.perf_counter()
    phases = fill(path, args.count)
    total = time.perf_counter() - started
    load_after = os.getloadavg()
    baseline, rows = copy_rows(path, copy)
    load = f"load average {load_before[0]:.2f} -> {load_after[0]:.2f}"
    for name, wall, cpu in phases.seen:
        if not name.startswith("(before"):
            print(f"  {name}: {wall:.1f} s wall, {cpu:.1f} s CPU")
    own = sum(cpu for _, _, cpu in phases.seen)
    cpu_total = own + phases.workers
    print(
        f"  total: {total:.1f} s wall; CPU {own:.1f} s here, {phases.workers:.1f} s in the "
        f"processes making rows; {rows:,} rows; {load}"
    )
    report(
        [
            Figure(
                f"demo-data --requests {args.count:,} into a new file",
                total,
                "s",
                baseline,
                "SQLite alone copying the same rows into a new file",
                "≤ 180 s at 1,000,000",
                total <= 180 if args.count >= 1_000_000 else None,
                "sqlite",
                f"{cpu_total:.0f} s CPU over all processes; {load}",
            )
        ],
        args.json,
    )
    if not args.keep:
        for old in (path, copy):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{old}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
