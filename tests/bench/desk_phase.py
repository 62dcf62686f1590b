"""One phase of ``bench_desks.py``: its desks started together, and what they did.

Each desk is a process of its own (``desk_process``), started and made ready before the
phase's clock starts; while they work the locks are sampled (``desk_database.LockWatch``) and
the server's CPU read before and after (``pgcpu``). A :class:`Phase` holds the desks'
outcomes and says what they come to: saves per second, CPU per save, lock waits.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from dataclasses import dataclass
from math import nan

from benchlib import median, p99
from desk_database import LockWatch
from desk_process import LOCKS, Job, Outcome, desk
from pgcpu import ServerCpu


@dataclass
class Phase:
    name: str
    desks: int
    outcomes: list[Outcome]
    locks: str
    lock_wait: dict[str, float]
    load: tuple[float, float]
    server_cpu: float | None = None  # seconds the server spent for the desks (None: remote)

    def all(self, what: str) -> list[float]:
        return [v for o in self.outcomes for v in getattr(o, what)]

    @property
    def per_second(self) -> float:
        return len(self.all("saves")) / max(o.seconds for o in self.outcomes)

    @property
    def first_saves(self) -> str:
        """Each desk's first save, made before the phase (a fresh process compiling)."""
        first = [o.first_save for o in self.outcomes]
        return f"each desk's first save, before the phase: p50 {median(first):.1f} ms, " + (
            f"max {max(first):.1f} ms"
        )

    @property
    def errors(self) -> list[str]:
        return [e for o in self.outcomes for e in o.errors]

    @property
    def desk_seconds(self) -> float:
        return sum(o.seconds for o in self.outcomes)

    def cpu_ms(self, server: bool) -> float:
        """CPU per save (with its searches), the server's or the desks' processes'."""
        spent = self.server_cpu if server else sum(o.cpu for o in self.outcomes)
        return 1000 * spent / max(1, len(self.all("saves"))) if spent is not None else nan

    def cpu_line(self) -> str:
        per = len(self.all("searches")) / max(1, len(self.all("saves")))
        server = (
            f"server CPU {self.cpu_ms(True):.1f} ms per save+{per:.0f} searches "
            f"({1000 * self.server_cpu / self.desk_seconds:.1f} ms per desk-second)"
            if self.server_cpu is not None
            else "server CPU not readable"
        )
        return f"{server}, desk CPU {self.cpu_ms(False):.1f} ms per save"


def run_phase(
    name: str, jobs: list[Job], watch_url: str, database: str, cpu: ServerCpu | None
) -> Phase:
    ctx = mp.get_context("spawn")
    ready, start, out = ctx.Queue(), ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=desk, args=(j, ready, start, out)) for j in jobs]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=600)
    load_before = os.getloadavg()[0]
    watch = LockWatch(watch_url, database)
    server_before = cpu.seconds() if cpu else 0.0
    start.set()
    outcomes = [out.get(timeout=jobs[0].seconds + 600) for _ in procs]
    locks = watch.stop()
    for p in procs:
        p.join()
    time.sleep(0.5)  # the desks' backends end with them: read once the server has reaped them
    server = cpu.seconds() - server_before if cpu else None
    phase = Phase(name, len(jobs), outcomes, locks, {}, (load_before, os.getloadavg()[0]))
    phase.server_cpu = None if server is None else server - watch.cpu
    phase.lock_wait = {n: watch.wait_ms(k, phase.per_second) for n, k in LOCKS.items()}
    saves, searches = phase.all("saves"), phase.all("searches")
    print(
        f"{name}: {len(saves)} saves in {max(o.seconds for o in outcomes):.0f} s "
        f"({phase.per_second:.1f}/s), save p50 {median(saves):.1f} ms p99 {p99(saves):.1f} ms"
        + (f", search p99 {p99(searches):.1f} ms" if searches else "")
        + f"; {len(phase.errors)} errors; {locks}; {phase.cpu_line()}; {phase.first_saves}"
        + f"; load {load_before:.2f} -> {phase.load[1]:.2f}",
        flush=True,
    )
    return phase
