"""Start-up: ``triage-app --exit-when-ready`` against a bare PySide6 window, in the same run.

Each run is a fresh process (what staff wait for after a PC restart is the cold-ish start;
the file cache is warm after the first run, as it is on a PC in use). Both report
``ready in N ms`` counted from process start. Prints the medians, the ratio, and whether the
window met the 1.5 s target on this machine.
Run: ``python tests/bench/bench_startup.py [RUNS]`` (RUNS defaults to 7).
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET_MS = 1500


def ready_ms(args: list[str], env: dict[str, str]) -> int:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    match = re.search(r"ready in (\d+) ms", done.stdout)
    if done.returncode != 0 or match is None:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return int(match.group(1))


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "PYTHONPATH": str(ROOT),
            "XDG_DATA_HOME": f"{tmp}/data",
            "XDG_CONFIG_HOME": f"{tmp}/config",
            "TRIAGE_USER": "bench",
        }
        env.pop("TRIAGE_DATABASE_URL", None)
        app = [
            "-m",
            "triage_app.cli.main",
            "--database",
            f"{tmp}/bench.sqlite",
            "--exit-when-ready",
        ]
        bare = [str(ROOT / "tests" / "bench" / "bare_window.py")]
        ready_ms(app, env)  # creates and migrates the database; not counted
        app_ms, bare_ms = [], []
        for _ in range(runs):  # interleaved, so both see the same machine load
            bare_ms.append(ready_ms(bare, env))
            app_ms.append(ready_ms(app, env))
    a, b = statistics.median(app_ms), statistics.median(bare_ms)
    print(f"bare PySide6 window: median {b:.0f} ms  (runs: {bare_ms})")
    print(f"Here to Help window: median {a:.0f} ms  (runs: {app_ms})")
    print(
        f"ratio {a / b:.1f}x the bare window; target under {TARGET_MS} ms: "
        f"{'met' if a < TARGET_MS else 'NOT met'} on this machine"
    )


if __name__ == "__main__":
    main()
