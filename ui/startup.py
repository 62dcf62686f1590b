"""How long since this process started: the figure ``--exit-when-ready`` prints."""

from __future__ import annotations

import os
import time
from pathlib import Path

#: The earliest moment this module can know of, for systems without ``/proc``.
_IMPORTED = time.monotonic()


def _linux_seconds_since_start() -> float | None:
    try:
        stat = Path("/proc/self/stat").read_text()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        ticks = os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, AttributeError):
        return None
    # Field 22 (starttime) counts clock ticks since boot; the name in field 2 may hold spaces.
    fields = stat.rsplit(")", 1)[1].split()
    start = int(fields[19]) / ticks
    return max(0.0, uptime - start)


def ms_since_process_start() -> int:
    """Milliseconds since the process began (Linux), else since the window code was loaded."""
    seconds = _linux_seconds_since_start()
    if seconds is None:
        seconds = time.monotonic() - _IMPORTED
    return round(seconds * 1000)
