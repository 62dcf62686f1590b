"""The rows of synthetic requests, a batch at a time: made here, or in a second process.

Making a request (drawing it, routing it, building its rows) costs more than writing it, so
a large load makes the rows in a second process while this one writes them: on a two-core
PC that halves the time. Both ways run the same code from the same seed, so they give the
same rows.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
import signal
from collections.abc import Generator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from triage_app.demo.generate import DemoGenerator
from triage_app.demo.profile import load_profile
from triage_app.demo.rows import RowBuilder, Rows
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.errors import TriageError
from triage_app.pathways import RuleSet, load_rules
from triage_app.store.requests import new_reference

if TYPE_CHECKING:
    from multiprocessing.queues import Queue

BATCH = 5000
#: Batches made ahead of the writer: enough to keep it busy, little memory.
_AHEAD = 4
_POLL_SECONDS = 1.0


@dataclass(frozen=True)
class RowsJob:
    """What making the rows needs, as values a second process can be given."""

    resources: Path
    actor: Actor
    now: datetime
    count: int
    seed: int
    first_ids: dict[str, int]


def row_batches(job: RowsJob, rules: RuleSet) -> Generator[Rows, None, None]:
    """The rows of ``job.count`` synthetic requests; the same seed, the same rows."""
    generator = DemoGenerator(load_profile(job.resources), rules.areas, job.now, job.seed)
    rng = random.Random(job.seed)  # noqa: S311 - repeatable references for synthetic data
    builder = RowBuilder(rules, job.actor, job.first_ids, lambda: new_reference(rng))
    stream = generator.requests(job.count)
    while batch := list(islice(stream, BATCH)):
        yield builder.rows(batch, job.now)


def _produce(
    job: RowsJob, rules_dir: Path, rules_version: str, out: Queue[Rows | str | None]
) -> None:
    """The second process: load the same rules, make every batch, then ``None``.

    A failure is sent as its message; Ctrl+C is left to the writer, which stops this process.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        rules = load_rules(rules_dir, load_vocabularies(job.resources))
        if rules.version != rules_version:
            raise TriageError(
                f"the rules changed while demo data was being made ({rules_version} → "
                f"{rules.version}); run it again"
            )
        for rows in row_batches(job, rules):
            out.put(rows)
        out.put(None)
    except Exception as e:  # every failure must reach the writer
        out.put(f"{type(e).__name__}: {e}")


def rows_in_worker(job: RowsJob, rules: RuleSet) -> Generator[Rows, None, None]:
    """:func:`row_batches`, made in a second process that stops when this iterator does."""
    context = multiprocessing.get_context("spawn")
    out: Queue[Rows | str | None] = context.Queue(maxsize=_AHEAD)
    worker = context.Process(
        target=_produce, args=(job, rules.file.parent, rules.version, out), daemon=True
    )
    worker.start()
    try:
        while True:
            try:
                item = out.get(timeout=_POLL_SECONDS)
            except queue.Empty:
                if not worker.is_alive():
                    raise TriageError("the process making demo rows stopped unexpectedly") from None
                continue
            if item is None:
                return
            if isinstance(item, str):
                raise TriageError(f"making demo rows failed: {item}")
            yield item
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()
        out.close()
