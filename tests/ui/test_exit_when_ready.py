"""``triage-app --exit-when-ready``: opens the real window, reports when it can be typed in."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_exit_when_ready(tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TRIAGE_USER": "smoke.test",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    env.pop("TRIAGE_DATABASE_URL", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "triage_app.cli.main",
            "--database",
            str(tmp_path / "w.sqlite"),
            "--exit-when-ready",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"ready in \d+ ms\n", done.stdout), done.stdout
    assert "Traceback" not in done.stderr
    assert (tmp_path / "w.sqlite").exists()
