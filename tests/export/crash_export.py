"""Run one export and kill this process with SIGKILL at a chosen step: a real crash.

Usage: python crash_export.py DATABASE OUT STEP [NTH] [helpers]

With ``helpers``, the export is made by two helper processes whatever its size, and their
process ids are printed just before the kill, so that a test can see them stop too.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from triage_app.domain.actor import Actor
from triage_app.export import export_pending
from triage_app.store.database import Database, database_url, make_engine


def main() -> None:
    database, out, stop_at = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    nth = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    helpers = sys.argv[5:] == ["helpers"]
    seen = 0

    def on_step(name: str) -> None:
        nonlocal seen
        if name == stop_at:
            seen += 1
            if seen == nth:
                if helpers:
                    print(*(p.pid for p in multiprocessing.active_children()), flush=True)
                os.kill(os.getpid(), signal.SIGKILL)

    db = Database(make_engine(database_url(database)))
    now = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
    export_pending(
        db,
        out,
        actor=Actor("team.leader"),
        now=now,
        on_step=on_step,
        chunk=100,  # several chunks from a small data set: "written" is mid-file
        helpers=2 if helpers else 0,
    )


if __name__ == "__main__":
    main()
