"""Python's cycle collector, paused while an export builds its files.

An export makes millions of small, short-lived objects (rows, column values, encoded
pieces), a chunk at a time, none of them in a reference cycle. With the collector running,
they are walked again and again as they are made, for nothing (when an export held all its
rows at once, that was 10–15% of its time). Reference counting still frees everything as
usual; only the search for cycles waits until the files are written.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused_by = 0  # exports under way that paused the collector


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the collector (if it runs) until the last export that paused it is done."""
    global _paused_by  # noqa: PLW0603 - one count for the process, as there is one collector
    with _lock:
        pausing = gc.isenabled() or _paused_by > 0
        if pausing:
            _paused_by += 1
            gc.disable()
    try:
        yield
    finally:
        if pausing:
            with _lock:
                _paused_by -= 1
                if _paused_by == 0:
                    gc.enable()
