"""Folding SQLite's write-ahead log into the database file, off the path of a save.

In WAL mode SQLite copies the log back into the database file (a checkpoint) inside
whichever commit takes the log past ``wal_autocheckpoint`` pages. At a million requests a
save dirties a few dozen index pages, so about one save in thirty paid for a checkpoint of
a thousand pages and an extra fsync: those were the slowest saves a desk saw.

So the application's connections checkpoint automatically only as a safety net
(:data:`SAFETY_NET_PAGES`, for a writer that bypasses :meth:`Database.write`), and a worker
thread runs a PASSIVE checkpoint on a connection of its own shortly after each write. A
PASSIVE checkpoint never blocks a writer or a reader, and releases Python's lock while
SQLite works. Durability is unchanged: a commit is in the log on disk before it returns
(``synchronous=FULL``); if the program stops before a checkpoint, SQLite applies the log when
the file is next opened.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import Engine

#: ``wal_autocheckpoint`` on the application's connections: forty megabytes of log.
SAFETY_NET_PAGES = 10_000
#: Seconds to wait after a write before checkpointing, so a burst of writes is folded once.
SETTLE_SECONDS = 0.05

log = logging.getLogger(__name__)


class Checkpointer:
    """One worker thread per open SQLite database, started by the first write."""

    def __init__(self, engine: Engine, *, settle_seconds: float = SETTLE_SECONDS) -> None:
        self._engine = engine
        self._settle = settle_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        #: Checkpoints run so far (tests and benchmarks read it).
        self.runs = 0

    def wrote(self) -> None:
        """A write transaction has committed: checkpoint soon, on the worker thread."""
        with self._lock:
            if self._stop.is_set():
                return
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="sqlite-checkpoint", daemon=True
                )
                self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            if self._stop.wait(self._settle):
                return
            self._wake.clear()
            if self._stop.is_set():  # close() may have set both just before the clear
                return
            self.checkpoint()

    def checkpoint(self) -> None:
        """Fold what the log holds into the file now, as far as readers allow."""
        try:
            raw = self._engine.raw_connection()
            try:
                cursor = raw.cursor()
                cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
                cursor.close()
            finally:
                raw.close()
            self.runs += 1
        except Exception as e:  # the next write tries again; saves never depend on it
            log.warning("background checkpoint did not run: %s", type(e).__name__)

    def close(self) -> None:
        """Stop the worker (it finishes a checkpoint in progress first)."""
        with self._lock:
            self._stop.set()
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join()
