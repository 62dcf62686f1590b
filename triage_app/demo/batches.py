"""The rows of synthetic requests, a batch at a time: made here, or in other processes.

Making a request (drawing it, routing it, building its rows) costs more than writing it. The
batches are therefore dealt to :data:`LANES` lanes, each drawing from a generator seeded of
its own, and a large load runs each lane in a process of its own while this one writes: on
a two-core PC the drawing and the writing overlap. Made here or there, the lanes run the
same code from the same seeds, so the rows are the same.
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import queue
import random
import signal
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from triage_app.demo.generate import DemoGenerator
from triage_app.demo.life import life_seed
from triage_app.demo.profile import load_profile
from triage_app.demo.rows import RowBuilder, Rows
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.errors import TriageError
from triage_app.pathways import RuleSet, load_rules
from triage_app.store.references import REFERENCE_ALPHABET, new_reference

if TYPE_CHECKING:
    from multiprocessing.queues import Queue

BATCH = 5000
#: How many independent streams of requests a load is made of (batch ``g`` is lane
#: ``g % LANES``'s); fixed, so that the data does not depend on the machine.
LANES = 2
#: Batches a lane makes ahead of the writer: enough to keep it busy, little memory. Each is
#: sent with ``marshal`` (plain values only), which writes a batch in half pickle's time.
_AHEAD = 3
_POLL_SECONDS = 1.0


@contextmanager
def collections_paused() -> Iterator[None]:
    """No cyclic garbage collection while loading; as it was afterwards.

    A load makes millions of short-lived objects beside a large, long-lived set (scenarios,
    families, remembered routes and keys), and each full collection walks the whole set:
    measured, that was half the time of making a request. What a load makes holds no
    reference cycles, so reference counting frees it all the same.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class RowsJob:
    """What making the rows needs, as values another process can be given.

    ``first_request_id`` and ``first_version_id`` are the first free ids of those tables.
    """

    resources: Path
    actor: Actor
    now: datetime
    count: int
    seed: int
    first_request_id: int
    first_version_id: int

    @property
    def batches(self) -> int:
        return -(-self.count // BATCH)


def _references(seed: str) -> Callable[[], str]:
    """Repeatable references in the form ``new_reference`` makes, one draw of 40 bits each."""
    bits = random.Random(seed).getrandbits  # noqa: S311 - repeatable, synthetic
    alphabet = REFERENCE_ALPHABET

    def draw() -> str:
        n = bits(40)
        body = "".join([alphabet[(n >> shift) & 31] for shift in range(35, -5, -5)])
        return f"HH-{body[:4]}-{body[4:]}"

    return draw


def lane_batches(job: RowsJob, rules: RuleSet, lane: int) -> Iterator[Rows]:
    """The batches of one lane, in order: batch ``lane``, then ``lane + LANES``, and so on."""
    seed = f"{job.seed}/{lane}"
    generator = DemoGenerator(load_profile(job.resources), rules.areas, job.now, seed)
    # The first id keeps a second load with the same seed from drawing the same references.
    references = _references(f"{seed}/references/{job.first_request_id}")
    life = random.Random(life_seed(seed))  # noqa: S311 - repeatable, synthetic
    builder = RowBuilder(rules, job.actor, references, life)
    for g in range(lane, job.batches, LANES):
        size = min(BATCH, job.count - g * BATCH)
        batch = [generator.request() for _ in range(size)]
        offset = g * BATCH
        yield builder.rows(
            batch, job.now, job.first_request_id + offset, job.first_version_id + offset
        )


def _unique_references(batches: Iterator[Rows], seed: int) -> Generator[Rows, None, None]:
    """The batches, with any reference drawn twice (in two lanes) drawn again."""
    rng = random.Random(f"{seed}/again")  # noqa: S311 - repeatable, synthetic
    taken: set[str] = set()
    for rows in batches:
        requests = rows["requests"]
        for i, row in enumerate(requests):
            reference = row[1]
            while reference in taken:
                reference = new_reference(rng)
            if reference != row[1]:
                requests[i] = (row[0], reference, *row[2:])
            taken.add(reference)
        yield rows


def _dealt(lanes: list[Iterator[Rows]], count: int) -> Iterator[Rows]:
    for g in range(count):
        yield next(lanes[g % LANES])


def row_batches(job: RowsJob, rules: RuleSet) -> Generator[Rows, None, None]:
    """The rows of ``job.count`` synthetic requests; the same seed, the same rows."""
    lanes = [lane_batches(job, rules, lane) for lane in range(LANES)]
    yield from _unique_references(_dealt(lanes, job.batches), job.seed)


def _produce(
    job: RowsJob, lane: int, rules_dir: Path, rules_version: str, out: Queue[bytes | str]
) -> None:
    """One lane's process: load the same rules and make the lane's batches.

    A failure is sent as its message; Ctrl+C is left to the writer, which stops this process.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # see collections_paused; this process ends with the load
    try:
        rules = load_rules(rules_dir, load_vocabularies(job.resources))
        if rules.version != rules_version:
            raise TriageError(
                f"the rules changed while demo data was being made ({rules_version} → "
                f"{rules.version}); run it again"
            )
        for rows in lane_batches(job, rules, lane):
            out.put(marshal.dumps(rows))
    except Exception as e:  # every failure must reach the writer
        out.put(f"{type(e).__name__}: {e}")


def _received(out: Queue[bytes | str], worker: multiprocessing.process.BaseProcess) -> Rows:
    while True:
        try:
            item = out.get(timeout=_POLL_SECONDS)
        except queue.Empty:
            if not worker.is_alive():
                raise TriageError("a process making demo rows stopped unexpectedly") from None
            continue
        if isinstance(item, str):
            raise TriageError(f"making demo rows failed: {item}")
        rows: Rows = marshal.loads(item)  # noqa: S302 - written by the lane's own process
        return rows


def rows_in_workers(job: RowsJob, rules: RuleSet) -> Generator[Rows, None, None]:
    """:func:`row_batches`, each lane made in a process that stops when this iterator does."""
    context = multiprocessing.get_context("spawn")
    outs: list[Queue[bytes | str]] = [context.Queue(maxsize=_AHEAD) for _ in range(LANES)]
    workers = [
        context.Process(
            target=_produce,
            args=(job, lane, rules.file.parent, rules.version, outs[lane]),
            daemon=True,
        )
        for lane in range(LANES)
    ]
    for worker in workers:
        worker.start()
    try:
        dealt = (_received(outs[g % LANES], workers[g % LANES]) for g in range(job.batches))
        yield from _unique_references(dealt, job.seed)
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
        for out in outs:
            out.close()
