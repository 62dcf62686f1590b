"""A reader that stops reading (``triage-app ... | head``) is no bug: no message, no log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.cli.conftest import MONEY_WORRIES


def test_routes_piped_into_a_reader_that_stops_early(tmp_path: Path) -> None:
    lines = (json.dumps(MONEY_WORRIES) + "\n") * 20_000
    env = {
        **os.environ,
        **{f"XDG_{d}_HOME": str(tmp_path / d) for d in ("DATA", "CONFIG", "STATE", "CACHE")},
    }
    with subprocess.Popen(
        [sys.executable, "-m", "triage_app.cli.main", "route", "--jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as routing:
        assert routing.stdin is not None and routing.stdout is not None
        routing.stdin.write(lines.encode())
        routing.stdin.close()
        assert json.loads(routing.stdout.readline())["pathway"]
        routing.stdout.close()  # as head does once it has its lines
        said = routing.stderr.read().decode() if routing.stderr else ""
        code = routing.wait(timeout=120)
    assert code == 1
    assert said == ""
