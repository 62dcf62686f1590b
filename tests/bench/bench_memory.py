"""Peak memory of the window with a big database open, beside a bare PySide6 window.

Runs ``triage-app --database DB --exit-when-ready`` (the window opened on the database, its
first list loaded, ready for typing) and ``bare_window.py`` as fresh processes, and reads
each one's peak resident set size (``ru_maxrss`` from ``wait4``, what Linux keeps as VmHWM)
when it exits. The target is at most 300 MB for the window.
Run: ``python tests/bench/bench_memory.py --database PATH_OR_URL [--runs 3] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_startup import BARE, ROOT, app_args, bench_env
from benchlib import Figure, backend_of, report

TARGET_MB = 300.0


def peak_mb(args: list[str], env: dict[str, str]) -> float:
    """The process's peak resident memory in MB (ru_maxrss is in KiB on Linux)."""
    child = subprocess.Popen(
        [sys.executable, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    out, err = child.stdout.read(), child.stderr.read()  # type: ignore[union-attr]
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0 or b"ready in" not in out:
        raise SystemExit(f"{' '.join(args)} failed ({child.returncode}): {err[-2000:]!r}")
    return usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="a filled SQLite file or URL")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(tmp)
        app = app_args(args.database)
        peak_mb(app, env)  # migrates if needed, warms the file cache; not counted
        app_mb, bare_mb = [], []
        for _ in range(args.runs):
            bare_mb.append(peak_mb(BARE, env))
            app_mb.append(peak_mb(app, env))
    a, b = max(app_mb), max(bare_mb)
    report(
        [
            Figure(
                "peak memory of the window with the database open (VmHWM), worst run",
                a,
                "MB",
                b,
                "bare PySide6 window, worst run",
                f"≤ {TARGET_MB:.0f} MB",
                a <= TARGET_MB,
                backend_of(args.database),
                f"{args.runs} runs each: window {', '.join(f'{m:.0f}' for m in app_mb)} MB",
            )
        ],
        args.json,
    )


if __name__ == "__main__":
    main()
