"""The application log: ids, codes and timings only, never what a family said.

An unexpected error is written as its type and the code locations it passed through; its
message is left out, because a message can quote the data it failed on.
"""

from __future__ import annotations

import logging
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "triage-app.log"


def setup_logging(data_dir: Path) -> Path | None:
    """Log to a rotating file in the data folder; quietly skip if the folder is not writable."""
    path = data_dir / "logs" / LOG_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_triage", False)]:
        root.removeHandler(old)
        old.close()
    handler._triage = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def scrubbed_traceback(error: BaseException) -> str:
    """The traceback's frames and the error's type, without its message."""
    frames = traceback.extract_tb(error.__traceback__)
    lines = [f"  {f.filename}:{f.lineno} in {f.name}" for f in frames]
    return f"{type(error).__module__}.{type(error).__qualname__}\n" + "\n".join(lines)


def log_unexpected(error: BaseException, log_path: Path | None) -> str:
    """Log a bug safely; returns where the log is, for the message to the user."""
    logging.getLogger("triage_app").error("unexpected error: %s", scrubbed_traceback(error))
    return str(log_path) if log_path else "the application log"
