"""``triage-app --exit-when-ready``: opens the real window, reports when it can be typed in."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TRIAGE_USER": "smoke.test",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    env.pop("TRIAGE_DATABASE_URL", None)
    return env


def _start(tmp_path: Path, database: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "triage_app.cli.main",
            "--exit-when-ready",
            "--database",
            str(database),
        ],
        cwd=ROOT,
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )


def test_exit_when_ready(tmp_path):
    done = _start(tmp_path, tmp_path / "w.sqlite")
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(r"ready in \d+ ms\n", done.stdout), done.stdout
    assert "Traceback" not in done.stderr
    assert (tmp_path / "w.sqlite").exists()


def test_a_file_that_is_not_a_database_is_named_and_the_start_fails(tmp_path):
    """The sign-in screen is up before the database opens; the exit status still says it failed."""
    bad = tmp_path / "notes.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    done = _start(tmp_path, bad)
    assert done.returncode == 1, done.stderr
    assert "notes.sqlite" in done.stderr
    assert "Traceback" not in done.stderr
    assert bad.read_bytes() == b"this is not a database" * 100  # nothing overwritten
