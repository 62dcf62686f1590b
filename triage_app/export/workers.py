"""Reading and encoding an export's chunks: here, or in helper processes when it is large.

Making a chunk's lines is reading its rows and then encoding them, pure Python and most of
the time. On a machine with more than one core, a large export hands whole chunks to helper
processes, each reading its chunk from the database itself and encoding it, so that chunks
are made side by side while this process writes the finished ones in order. Processes, not
threads: encoding holds Python's interpreter lock throughout. And each helper reads rather
than being sent the rows, as copying them between processes cost as much as encoding them.

A helper reads its chunk in a read of its own, later than the list of versions was made.
That is safe because a version's content never changes once saved: a version deleted
meanwhile is refused (``reading.read_chunk``), and one erased meanwhile is exported erased.

Helpers are started afresh (``spawn``, as Windows must) for each large export and stopped at
its end; one whose parent dies stops too. Should they fail to start, or one stop (killed,
out of memory), the chunks not yet back and the rest are made here instead: slower, the same
bytes. A spawned process imports the program's main module again, so a program that exports
must guard its entry point with ``if __name__ == "__main__"`` (``triage-app`` does).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Generator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import wait
from typing import Any, NamedTuple

from triage_app.errors import TriageError
from triage_app.export.encode import ChunkEncoder, Encoded
from triage_app.export.reading import ChunkSql, Run, read_chunk

log = logging.getLogger(__name__)

#: Records up to which an export is made in this process alone: starting helpers costs
#: about as much as making some 10,000 records.
IN_PROCESS_UP_TO = 10_000
#: At most this many helpers, however many cores.
MAX_HELPERS = 4
#: Chunks asked for ahead of the one being written, per helper: enough to keep each busy,
#: few enough that memory stays a few chunks' worth.
AHEAD = 2


class Source(NamedTuple):
    """Where helpers read from, and with what: all a helper is sent besides the ids."""

    backend: str  # "sqlite" or "postgresql"
    target: str  # the SQLite file, or a libpq connection URI (password included)
    sql: ChunkSql
    busy_timeout_s: float  # SQLite: how long to wait for a lock, as the app's connections do
    record_format: str  # the record format written (``record.FORMATS``)


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - Windows and macOS


def helpers_for(count: int) -> int:
    """How many helper processes to make ``count`` records with: none on one core."""
    if count <= IN_PROCESS_UP_TO:
        return 0
    cores = _cores()
    return 0 if cores < 2 else min(MAX_HELPERS, cores)


class _Helper:
    """A helper's own connection, read with the driver alone, and its encoder."""

    def __init__(self, source: Source) -> None:
        self.sql = source.sql
        self.encode = ChunkEncoder(source.record_format)
        if source.backend == "sqlite":
            self.connection: Any = sqlite3.connect(
                source.target, timeout=source.busy_timeout_s, isolation_level=None
            )
            self.connection.execute("PRAGMA query_only = ON")  # a helper only ever reads
            self.begin: Callable[[], object] = lambda: self.connection.execute("BEGIN")
            self.end: Callable[[], object] = lambda: self.connection.execute("COMMIT")
        else:
            import psycopg  # noqa: PLC0415 - only a PostgreSQL export's helpers need it

            self.connection = psycopg.connect(source.target, connect_timeout=5)
            self.connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            self.begin = lambda: None  # a transaction begins with the first query
            self.end = self.connection.rollback

    def run(self, sql: str) -> list[tuple[Any, ...]]:
        return list(self.connection.execute(sql).fetchall())

    def __call__(self, ids: list[int]) -> Encoded:
        self.begin()
        try:
            raw = read_chunk(self.run, self.sql, ids)
        finally:
            self.end()
        return self.encode(raw)


_helper: _Helper | None = None


def _stop_with_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is not None:
        wait([parent.sentinel])
        os._exit(1)


def _start_helper(source: Source) -> None:
    """Set up a helper process: its own connection, and one encoder, for its life.

    No cycle collection (see ``collector``); Ctrl+C is left to the parent, which stops it.
    """
    global _helper  # noqa: PLW0603 - one per helper process
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()
    threading.Thread(target=_stop_with_parent, daemon=True).start()
    _helper = _Helper(source)


def _make_in_helper(ids: list[int]) -> Encoded:
    assert _helper is not None, "the helper was not set up"
    return _helper(ids)


def _ready() -> None:
    """Nothing: asked of each helper as it is started, so that all start at once."""


class Helpers:
    """The helper processes of one export, started as soon as it knows how many it needs.

    Started before the export lists its versions, so that they are ready by the time it has:
    starting one takes about as long as the list. None are started for ``count`` 0, and
    none if they cannot be (the export is then made in its own process).
    """

    def __init__(self, count: int, source: Source) -> None:
        self.source = source
        self.count = count
        self.pool: ProcessPoolExecutor | None = None
        if not count:
            return
        pool = ProcessPoolExecutor(
            count,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_helper,
            initargs=(source,),
        )
        try:
            for _ in range(count):
                pool.submit(_ready)
        except Exception as e:  # the platform would not start them: no helpers, then
            log.warning("the export's helper processes did not start (%s)", type(e).__name__)
            pool.shutdown(wait=False, cancel_futures=True)
            return
        self.pool = pool

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def encoded(
    chunks: Sequence[list[int]], run: Run, helpers: Helpers
) -> Generator[Encoded, None, None]:
    """The chunks (lists of version ids), read and encoded, in order.

    Made by the helpers if there are any, otherwise here, each read with ``run`` (in the
    export's own read). Should a helper fail in any way other than refusing a chunk
    (``TriageError``), the chunks not yet back are made here: a fault of the database then
    meets the export's own read and is reported as such.
    """
    encode = ChunkEncoder(helpers.source.record_format)
    if helpers.pool is not None:
        done = yield from _from_helpers(chunks, helpers.pool, helpers.count)
        chunks = chunks[done:]
    for ids in chunks:
        yield encode(read_chunk(run, helpers.source.sql, ids))


def _from_helpers(
    chunks: Sequence[list[int]], pool: ProcessPoolExecutor, count: int
) -> Generator[Encoded, None, int]:
    """As many chunks as the helpers make, in order; returns how many."""
    asked: deque[Future[Encoded]] = deque()
    done = 0
    try:
        for ids in chunks:
            asked.append(pool.submit(_make_in_helper, ids))
            while len(asked) > count * AHEAD:
                yield asked[0].result()
                asked.popleft()
                done += 1
        while asked:
            yield asked[0].result()
            asked.popleft()
            done += 1
    except TriageError:
        raise
    except Exception as e:  # any other failure: the rest is made here
        log.warning(
            "the export's helper processes stopped (%s); it goes on without them",
            type(e).__name__,
        )
        for future in asked:
            future.cancel()
    return done
