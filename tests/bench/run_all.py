"""Run every benchmark over one big demo database and write the table to docs/benchmarks.md.

Builds (or reuses, when it holds the right number of demo requests) a SQLite file of N
synthetic requests (``triage-app demo-data``) and a 100,000-request file for the export, in
``--workdir`` (a folder under /tmp by default, never the repository); with ``--postgres`` it
also fills a database on that server (created if missing) and runs the save, search and
figures benchmarks against it. Each script runs in its own process and prints its figures
beside a baseline measured in the same run on the same data; this gathers them, with the
machine they ran on, into one markdown table. Nothing here asserts a time.

Run: ``python tests/bench/run_all.py [--requests 1000000] [--postgres URL]
[--postgres-requests N] [--workdir DIR] [--out docs/benchmarks.md]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchlib import DURABLE, durability

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
APP = [sys.executable, "-m", "triage_app.cli.main"]
DEMO_AUTHOR = "demo-data"
EXPORT_REQUESTS = 100_000
#: From this heading on, docs/benchmarks.md is written by hand and kept by a new run.
FINDINGS = "## Findings"


def log(text: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}] {text}", flush=True)


# --- the databases -----------------------------------------------------------------------


def demo_count(target: str) -> int | None:
    """How many demo requests the database holds (None: it cannot be read as one)."""
    sql = "SELECT count(*) FROM request_versions WHERE author = 'demo-data' AND version = 1"
    try:
        if target.startswith("postgres"):
            import psycopg

            with psycopg.connect(target) as con:
                return int(con.execute(sql).fetchone()[0])  # type: ignore[index]
        if not Path(target).exists():
            return None
        with sqlite3.connect(target) as con:
            return int(con.execute(sql).fetchone()[0])
    except Exception:  # any unreadable database is rebuilt
        return None


def demo_data(target: str, count: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [*APP, "--database", target, "demo-data", "--requests", str(count)], cwd=ROOT, check=True
    )
    return time.perf_counter() - started


def sqlite_db(workdir: Path, count: int) -> tuple[str, str]:
    path = workdir / f"demo-{count}.sqlite"
    if demo_count(str(path)) == count:
        return str(path), "reused"
    building = workdir / f"demo-{count}.building.sqlite"
    for old in (path, building):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{old}{suffix}").unlink(missing_ok=True)
    log(f"demo-data: {count:,} requests into {path}")
    took = demo_data(str(building), count)
    building.rename(path)
    return str(path), f"built in {took / 60:.1f} min"


def postgres_db(server: str, count: int) -> tuple[str, str]:
    import psycopg

    name = f"here_to_help_bench_{count}"
    base = server.rsplit("/", 1)[0]
    target = f"{base}/{name}"
    if demo_count(target) == count:
        return target, "reused"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')
    log(f"demo-data: {count:,} requests into {target}")
    took = demo_data(target, count)
    return target, f"built in {took / 60:.1f} min"


# --- the machine -------------------------------------------------------------------------


def machine(postgres: str | None) -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    facts = {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "load average at start (1, 5, 15 min)": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    facts["code"] = code_state()
    if postgres:
        import psycopg

        with psycopg.connect(postgres) as con:
            facts["PostgreSQL"] = str(con.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
        facts["PostgreSQL durability"] = f"{durability(postgres)}, as a council's server keeps it"
    return facts


def code_state() -> str:
    """The commit measured, and what was changed in the working tree beyond it."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    changed = subprocess.run(
        ["git", "status", "--porcelain", "--", "triage_app", "ui", "db"],
        check=False,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.split("\n")
    paths = [line[3:] for line in changed if line.strip()]
    return f"commit {head}" + (
        f", with uncommitted changes to {', '.join(f'`{p}`' for p in paths)}" if paths else ""
    )


# --- running and reporting ---------------------------------------------------------------


def run(script: str, args: list[str], results: Path, label: str) -> dict[str, Any] | None:
    """Run one benchmark script; on failure, a row saying so."""
    log(f"{label}: {script} {' '.join(args)}")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / script), *args, "--json", str(results)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    log(f"{label}: finished in {time.perf_counter() - started:.0f} s (exit {done.returncode})")
    if done.returncode != 0:
        return {"name": f"{label} ({script})", "failed": done.returncode}
    return None


def fmt(value: float, unit: str) -> str:
    if unit == "ms" and value < 10:
        return f"{value:.2f} ms"
    if unit == "s" and value < 10:
        return f"{value:.2f} s"
    return f"{value:.0f} {unit}" if value >= 100 else f"{value:.1f} {unit}"


def table(rows: list[dict[str, Any]]) -> str:
    out = [
        "| Database | Benchmark | Figure | Baseline (same run, same data) | Ratio | Target | "
        "Met | Notes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "failed" in r:
            out.append(f"| | {r['name']} | did not finish (exit {r['failed']}) | | | | | |")
            continue
        ratio = r["value"] / r["baseline"] if r["baseline"] else float("nan")
        met = {True: "met", False: "**MISSED**", None: "—"}[r["met"]]
        out.append(
            f"| {r['backend']} | {r['name']} | {fmt(r['value'], r['unit'])} | "
            f"{fmt(r['baseline'], r['unit'])} ({r['baseline_label']}) | {ratio:.1f}× | "
            f"{r['target']} | {met} | {r['note']} |"
        )
    return "\n".join(out)


def write(out: Path, *, facts: dict[str, str], rows: list[dict[str, Any]], extra: dict[str, str],
          command: str) -> None:  # fmt: skip
    lines = [
        "# Benchmarks",
        "",
        "The latest run of `tests/bench/run_all.py`: every figure beside a baseline measured in",
        "the same run on the same data, and the ratio between them. Benchmarks are run on demand,",
        "never in the test run (pytest ignores `tests/bench`), and assert nothing.",
        "",
        "Reproduce it with:",
        "",
        "```",
        command,
        "```",
        "",
        f"Run finished {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "## The machine",
        "",
        *[f"- {k}: {v}" for k, v in facts.items()],
        "",
        "## The data",
        "",
        *[f"- {k}: {v}" for k, v in extra.items()],
        "",
        "## The table",
        "",
        table(rows),
        "",
    ]
    kept = ""  # the hand-written findings below the table survive a new run
    if out.exists() and FINDINGS in (old := out.read_text(encoding="utf-8")):
        kept = old[old.index(FINDINGS) :]
    out.write_text("\n".join(lines) + ("\n" + kept if kept else ""), encoding="utf-8")
    log(f"wrote {out}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument(
        "--postgres",
        help="a durable server's URL (fsync and synchronous_commit on), e.g. "
        "postgresql://user@host:port/postgres",
    )
    parser.add_argument(
        "--postgres-requests", type=int, help="demo requests on PostgreSQL (default: --requests)"
    )
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/here-to-help-bench"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--save-budget", type=float, default=300, help="seconds, per database")
    parser.add_argument("--only", nargs="*", help="run only these benchmarks (by label)")
    args = parser.parse_args()
    if ROOT in args.workdir.resolve().parents:
        raise SystemExit("the work folder must be outside the repository")
    args.workdir.mkdir(parents=True, exist_ok=True)
    command = "python tests/bench/run_all.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    if args.postgres and (settings := durability(args.postgres)) != DURABLE:
        raise SystemExit(
            f"the PostgreSQL server runs with {settings}: every PostgreSQL figure is measured "
            f"with {DURABLE}, as a council's server keeps them (PG_DURABLE=1 .ci/postgres.sh DIR)"
        )
    facts = machine(args.postgres)
    results = args.workdir / f"results-{datetime.now(UTC):%Y%m%dT%H%M%S}.jsonl"
    failed: list[dict[str, Any]] = []
    extra: dict[str, str] = {}

    def flush() -> None:
        rows: list[dict[str, Any]] = []
        if results.exists():
            rows = [json.loads(line) for line in results.read_text().splitlines() if line]
        facts["load average at end (1, 5, 15 min)"] = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        write(args.out, facts=facts, rows=rows + failed, extra=extra, command=command)

    def bench(label: str, script: str, *script_args: str) -> None:
        if args.only and label not in args.only:
            return
        row = run(script, list(script_args), results, label)
        if row:
            failed.append(row)
        flush()

    big, how = sqlite_db(args.workdir, args.requests)
    extra["SQLite"] = f"{args.requests:,} demo requests ({how}), `{big}`"
    bench("sheet", "bench_sheet.py")
    bench("route", "bench_route.py", "10000")
    bench("search", "bench_search.py", "--database", big)
    bench("figures", "bench_figures.py", "--database", big)
    bench("followup", "bench_followup.py", "--database", big)
    bench("queue-page", "bench_queue_page.py", "--database", big)
    bench("startup", "bench_startup.py", "5", "--database", big)
    bench("memory", "bench_memory.py", "--database", big, "--runs", "3")
    save = ["--saves", str(args.saves), "--budget", str(args.save_budget)]
    bench("save", "bench_save.py", "--database", big, *save)
    bench("demo-data", "bench_demo.py", "100000", "--workdir", str(args.workdir / "demo-data"))
    if not args.only or "export" in args.only:
        export_db, how = sqlite_db(args.workdir, EXPORT_REQUESTS)
        extra["SQLite, export"] = f"{EXPORT_REQUESTS:,} demo requests ({how}), copied per run"
        bench("export", "bench_export.py", str(EXPORT_REQUESTS), "--db", export_db)
    if args.postgres:
        count = args.postgres_requests or args.requests
        pg, how = postgres_db(args.postgres, count)
        extra["PostgreSQL"] = f"{count:,} demo requests ({how}), database `{pg.rsplit('/', 1)[1]}`"
        bench("pg-search", "bench_search.py", "--database", pg)
        bench("pg-figures", "bench_figures.py", "--database", pg)
        bench("pg-followup", "bench_followup.py", "--database", pg)
        bench("pg-save", "bench_save.py", "--database", pg, *save)
        bench("desks", "bench_desks.py", "--server", args.postgres, "--requests", str(count))
    flush()


if __name__ == "__main__":
    main()
