"""Start-up: ``triage-app --exit-when-ready`` against a bare PySide6 window, in the same run.

Each run is a fresh process (what staff wait for after a PC restart is the cold-ish start;
the file cache is warm after the first run, as it is on a PC in use). Both report
``ready in N ms`` counted from process start. Prints the medians and the ratio; the target
(issue 21) is the window ready in at most 1.5 times the bare window's time. Python may write
its compiled modules (``PYTHONDONTWRITEBYTECODE`` is dropped), as an installed copy has them:
the first, uncounted run compiles them. With ``--database`` the window
opens that (filled) database; without, a new empty file.
Run: ``python tests/bench/bench_startup.py [RUNS] [--database PATH_OR_URL] [--json FILE]``
(RUNS defaults to 7).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchlib import Figure, backend_of, report

ROOT = Path(__file__).resolve().parents[2]
TARGET_RATIO = 1.5


def bench_env(tmp: str) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        "PYTHONPATH": str(ROOT),
        "XDG_DATA_HOME": f"{tmp}/data",
        "XDG_CONFIG_HOME": f"{tmp}/config",
        "TRIAGE_USER": "bench",
    }
    env.pop("TRIAGE_DATABASE_URL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed copy has its modules compiled
    return env


def app_args(database: str) -> list[str]:
    return ["-m", "triage_app.cli.main", "--database", database, "--exit-when-ready"]


BARE = [str(ROOT / "tests" / "bench" / "bare_window.py")]


def ready_ms(args: list[str], env: dict[str, str]) -> int:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    match = re.search(r"ready in (\d+) ms", done.stdout)
    if done.returncode != 0 or match is None:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", nargs="?", type=int, default=7)
    parser.add_argument("--database", help="a filled SQLite file or URL (default: a new file)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(tmp)
        database = args.database or f"{tmp}/bench.sqlite"
        app = app_args(database)
        ready_ms(app, env)  # creates or migrates the database, warms the cache; not counted
        app_ms, bare_ms = [], []
        for _ in range(args.runs):  # interleaved, so both see the same machine load
            bare_ms.append(ready_ms(BARE, env))
            app_ms.append(ready_ms(app, env))
    a, b = statistics.median(app_ms), statistics.median(bare_ms)
    print(f"bare PySide6 window: median {b:.0f} ms  (runs: {bare_ms})")
    print(f"Here to Help window: median {a:.0f} ms  (runs: {app_ms})")
    filled = "the filled database" if args.database else "a new empty database"
    report(
        [
            Figure(
                f"window start to ready (--exit-when-ready), {filled}, median",
                a,
                "ms",
                b,
                "bare PySide6 window, median",
                f"≤ {TARGET_RATIO:g}x the bare window",
                a <= TARGET_RATIO * b,
                backend_of(database),
                f"{args.runs} runs each, interleaved; window max {max(app_ms)} ms",
            )
        ],
        args.json,
    )


if __name__ == "__main__":
    main()
