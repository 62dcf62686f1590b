"""Growth: save, search, a month's figures and the follow-up queue at several database sizes.

Runs the existing benchmarks (``bench_save``, ``bench_search``, ``bench_figures``,
``bench_followup``) over demo databases of different sizes, each in its own process as
``run_all.py`` runs them, and prints one table: every figure and its same-run baseline at
each size, and how much each grows per tenfold growth of the database. A figure that grows
about tenfold per tenfold reads the whole history; one that stays flat reads only what it
shows. Nothing here asserts a time.

The databases are SQLite files or PostgreSQL URLs, all of one kind (a growth measured from
one engine to the other would say nothing). Each benchmark's baseline is its plain-driver
equivalent on the same database in the same run. A PostgreSQL server must keep the
durability a council's keeps (fsync and synchronous_commit on) or the run is refused, and
the table is printed under the server's version and settings.

``bench_save`` writes into the database it is given and takes its saves out again when it
ends: give it a copy of a shared file (or a database of the run's own), never the shared
file itself. Its saves are audited with the key the demo databases were made with
(``--audit-key``, by default this PC's), copied into a folder of the run's own so the PC's
audit heads are never moved.

Run: ``python tests/bench/bench_growth.py --database 10000=A.sqlite --database
100000=B.sqlite --database 1000000=C.sqlite [--saves 200] [--json FILE]`` (or
``--database 10000=postgresql://USER@HOST:PORT/DB …``).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from benchlib import DURABLE, backend_of, durability
from run_all import log, run

from triage_app.config import audit_key_file, default_data_dir, environment
from triage_app.store.audit_anchor import KEY_FILE

#: Below this growth per tenfold a figure is called flat; at or above LINEAR, linear.
FLAT, LINEAR = 1.5, 6.0


def steps(database: str, saves: int, audit: Path) -> list[tuple[str, list[str]]]:
    """The benchmarks run at each size, with their arguments."""
    save = ["--database", database, "--saves", str(saves), "--budget", "120"]
    return [
        ("bench_save.py", [*save, "--audit-dir", str(audit)]),
        ("bench_search.py", ["--database", database, "--values", "10"]),
        ("bench_figures.py", ["--database", database]),
        ("bench_followup.py", ["--database", database, "--runs", "7"]),
    ]


def server_facts(sizes: dict[int, str]) -> str:
    """What the figures were measured on: the engine, and a PostgreSQL server's settings.

    Refuses databases of two engines, and a PostgreSQL server without a council's durability.
    """
    backends = {backend_of(database) for database in sizes.values()}
    if len(backends) > 1:
        raise SystemExit("the databases must all be SQLite files or all PostgreSQL URLs")
    if backends != {"postgresql"}:
        return "SQLite"
    import psycopg

    facts = []
    for url in {u.rsplit("/", 1)[0]: u for u in sizes.values()}.values():  # one per server
        if (settings := durability(url)) != DURABLE:
            raise SystemExit(
                f"the PostgreSQL server runs with {settings}: every PostgreSQL figure is "
                f"measured with {DURABLE}, as a council's server keeps them"
            )
        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as con:
            shown = {
                n: con.execute(f"SHOW {n}").fetchone()[0]  # type: ignore[index]
                for n in ("server_version", "shared_buffers")
            }
        facts.append(
            f"PostgreSQL {shown['server_version']}: {settings}, "
            f"shared_buffers {shown['shared_buffers']}"
        )
    return "; ".join(facts)


def measure(
    sizes: dict[int, str], saves: int, key: Path, folder: Path
) -> tuple[dict[int, list[dict[str, Any]]], list[float]]:
    """Every figure of every step, by database size, and the load average before each step."""
    found: dict[int, list[dict[str, Any]]] = {}
    loads: list[float] = []
    for count, database in sorted(sizes.items()):
        results = folder / f"growth-{count}.jsonl"
        audit = folder / f"audit-{count}"
        audit.mkdir()
        shutil.copyfile(key, audit / KEY_FILE)
        for script, args in steps(database, saves, audit):
            load = os.getloadavg()[0]
            loads.append(load)
            failed = run(script, args, results, f"{count:,} requests")
            if failed:
                log(f"{script} at {count:,} did not finish (exit {failed['failed']})")
            log(f"load average before it: {load:.1f}")
        found[count] = [json.loads(line) for line in results.read_text().splitlines() if line]
    return found, loads


def per_tenfold(values: dict[int, float]) -> float:
    """How many times a figure grows when the database grows tenfold (fitted end to end)."""
    (small, first), (large, last) = min(values.items()), max(values.items())
    if first <= 0 or large == small:
        return float("nan")
    return float((last / first) ** (1 / math.log10(large / small)))


def kind(growth: float) -> str:
    if math.isnan(growth):
        return "?"
    if growth < FLAT:
        return "flat"
    return "linear" if growth >= LINEAR else "sub-linear"


def table(found: dict[int, list[dict[str, Any]]]) -> list[str]:
    """Markdown rows: a figure's value at each size, its baseline's, and their growth."""
    sizes = sorted(found)
    names = list(dict.fromkeys(r["name"] for count in sizes for r in found[count]))
    head = " | ".join(f"{count:,}" for count in sizes)
    rows = [
        f"| Benchmark | {head} | per tenfold | baseline at the same sizes | baseline per tenfold |",
        "|---|" + "---|" * len(sizes) + "---|---|---|",
    ]
    for name in names:
        at = {c: r for c in sizes for r in found[c] if r["name"] == name}
        if len(at) < 2:
            continue
        unit = next(iter(at.values()))["unit"]
        values = {c: r["value"] for c, r in at.items()}
        bases = {c: r["baseline"] for c, r in at.items()}
        grows, base_grows = per_tenfold(values), per_tenfold(bases)
        cells = " | ".join(f"{values[c]:.3g} {unit}" if c in values else "—" for c in sizes)
        base_cells = ", ".join(f"{bases[c]:.3g}" for c in sizes if c in bases)
        rows.append(
            f"| {name} | {cells} | {grows:.2f}× ({kind(grows)}) | {base_cells} {unit} | "
            f"{base_grows:.2f}× ({kind(base_grows)}) |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--database",
        action="append",
        required=True,
        help="COUNT=PATH_OR_URL: a SQLite demo file or PostgreSQL database of COUNT requests "
        "(two or more, or with --previous; all of one kind)",
    )
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--json", type=Path, help="also write every figure, by size, here")
    parser.add_argument(
        "--previous",
        type=Path,
        help="the --json of an earlier run at other sizes, tabled with this run's",
    )
    parser.add_argument(
        "--audit-key",
        type=Path,
        default=audit_key_file(environment()) or default_data_dir() / "audit" / KEY_FILE,
        help="the audit key the demo files were made with (by default this PC's)",
    )
    args = parser.parse_args()
    sizes = {int(c.replace("_", "")): p for c, p in (d.split("=", 1) for d in args.database)}
    measured_on = server_facts(sizes)
    with tempfile.TemporaryDirectory() as tmp:
        found, loads = measure(sizes, args.saves, args.audit_key, Path(tmp))
    if args.previous:
        earlier = json.loads(args.previous.read_text(encoding="utf-8"))
        found = {**{int(c): rows for c, rows in earlier.items()}, **found}
    if args.json:
        args.json.write_text(json.dumps(found, indent=1), encoding="utf-8")
    print(f"{measured_on}; load average before each step {min(loads):.1f} to {max(loads):.1f}")
    print("\n".join(table(found)))


if __name__ == "__main__":
    main()
