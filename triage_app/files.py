"""Writing a file whole or not at all: a report is never seen half written.

The data goes into a hidden file beside the target, which is then renamed over it (one step
on every platform the app runs on); a failure removes the hidden file and becomes a plain
message naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path

from triage_app.errors import TriageError


def write_whole(path: Path, data: bytes, *, named: str = "") -> Path:
    """Write ``data`` to ``path`` beside it, then rename; ``named`` begins the message.

    Raises:
        TriageError: the file cannot be written ("``named``cannot write PATH (why)").
    """
    temporary = path.with_name(f".{path.name}.partial")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except OSError as e:
        temporary.unlink(missing_ok=True)
        raise TriageError(f"{named}cannot write {path} ({e.strerror})") from None
    return path
