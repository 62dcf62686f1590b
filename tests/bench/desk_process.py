"""One desk of ``bench_desks.py``: a process that signs in and searches and saves.

Each desk is a process of its own (``multiprocessing``), signing in as its own staff account
and working through the real services; or, for the baseline, inserting the rows a save
writes with the plain driver. The throwaway lock experiments are set up here too.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from math import nan
from pathlib import Path
from typing import Any

import psycopg
from bench_save import desk_save, raw_save
from benchlib import open_db
from sqlalchemy import literal, select, text
from sqlalchemy.orm import Session

from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.signin import sign_in
from triage_app.demo.generate import DemoGenerator
from triage_app.demo.profile import load_profile
from triage_app.domain.request import TriageRequest
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules, route
from triage_app.services import intake
from triage_app.services.intake import assess
from triage_app.services.search import RequestQuery, search_requests
from triage_app.store import audit, rereferrals
from triage_app.store.audit_anchor import AuditPlaces

PASSWORD = "bench desk password 1"
LOCKS = {"re-referrals": rereferrals._LOCK_KEY, "audit chain": audit._CHAIN_LOCK}


@dataclass(frozen=True)
class Job:
    """What one desk process does in one phase."""

    phase: str
    index: int
    url: str
    seconds: float
    think: tuple[float, float] | None  # None: as fast as it can
    searches: int  # between two saves
    key_file: str
    heads: str
    plain: bool = False
    bypass: tuple[str, ...] = ()


@dataclass
class Outcome:
    """What one desk did: timings, the references it was told it saved, its errors."""

    saves: list[float] = field(default_factory=list)
    searches: list[float] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0  # the desk process's own CPU seconds while it worked
    #: The desk's first save, made with its first searches before the phase starts (not in
    #: the lists above): a fresh process compiles its statements then, once a sign-in.
    first_save: float = nan


# --- one desk ----------------------------------------------------------------------------


def username(index: int) -> str:
    return f"bench.desk{index:02d}"


def _requests(seed: int, now: datetime) -> tuple[Any, Any, Any, list[TriageRequest]]:
    resources = resources_dir()
    vocab = load_vocabularies(resources)
    rules = load_rules(default_rules_dir(resources), vocab)
    generator = DemoGenerator(load_profile(resources), rules.areas, now, seed)
    reqs = [replace(d.request, received_at=None) for d in generator.requests(400)]
    # The ones the form would let a desk save (a few demo requests name a need about a child
    # and no child, which the form holds back until the child is added).
    ok = [r for r in reqs if not assess(r, vocab=vocab, rules=rules, desk_hub=None, now=now,
                                        require_answers=True).problems]  # fmt: skip
    return vocab, rules, generator, ok


#: The throwaway experiments: each lock left out, both, and the re-referral lock taken at
#: the start of the save's transaction (as it was until it moved to just before the answers).
EXPERIMENTS = (
    (),
    ("re-referrals",),
    ("audit chain",),
    ("re-referrals", "audit chain"),
    ("lock first",),
)


def _bypass(names: tuple[str, ...]) -> None:
    """A throwaway experiment: a lock's statement replaced by one that takes no lock, or the
    re-referral lock taken first (``insert_request`` takes it again later; it is held once)."""
    if "re-referrals" in names:
        rereferrals._LOCK = select(literal(1))
    if "audit chain" in names:
        audit._LOCK_CHAIN = text("SELECT 1")
    if "lock first" in names:
        later = intake.insert_request

        def first(session: Session, *args: Any, **kwargs: Any) -> str:
            rereferrals.serialise(session)
            return later(session, *args, **kwargs)

        intake.insert_request = first  # type: ignore[assignment]


def desk(job: Job, ready: Any, start: Any, out: Any) -> None:
    """One desk's process: sign in, say ready, wait for the start, then work until time."""
    now = datetime.now(UTC)
    vocab, rules, _, reqs = _requests(100 + job.index, now)
    done = Outcome()
    rng = random.Random(job.index)
    if job.plain:
        con = psycopg.connect(job.url.replace("postgresql+psycopg", "postgresql"))
        routes = [route(r, rules, on=now.date()) for r in reqs]
        t = time.perf_counter()
        done.references.append(raw_save(con, "postgresql", reqs[-1], routes[-1], now))
        done.first_save = (time.perf_counter() - t) * 1000
        ready.put(job.index)
        start.wait()
        begun, cpu = time.monotonic(), time.process_time()
        i = 0
        while time.monotonic() - begun < job.seconds:
            t = time.perf_counter()
            try:
                done.references.append(
                    raw_save(con, "postgresql", reqs[i % len(reqs)], routes[i % len(reqs)], now)
                )
            except Exception as e:
                done.errors.append(type(e).__name__)
                con.rollback()
            done.saves.append((time.perf_counter() - t) * 1000)
            i += 1
        done.seconds, done.cpu = time.monotonic() - begun, time.process_time() - cpu
        con.close()
        out.put(done)
        return
    _bypass(job.bypass)
    db = open_db(job.url, AuditPlaces(Path(job.key_file), Path(job.heads)))
    actor = sign_in(
        db, username(job.index), PASSWORD, desk=f"bench-{job.index:02d}", now=now,
        policy=AccountPolicy(),
    )  # fmt: skip

    def search(words: str, into: list[float]) -> None:
        t = time.perf_counter()
        try:
            with db.read() as s:
                search_requests(s, RequestQuery(text=words), actor=actor, now=now)
        except Exception as e:
            done.errors.append(f"search: {type(e).__name__}")
        into.append((time.perf_counter() - t) * 1000)

    def save(req: TriageRequest) -> float | None:
        try:
            saved = desk_save(db, req, vocab=vocab, rules=rules, actor=actor, now=now)
        except Exception as e:
            done.errors.append(f"save: {type(e).__name__}: {str(e)[:120]}")
            return None
        done.references.append(saved.reference)
        return saved.lookup_ms + saved.write_ms

    # A desk's day starts once and then runs for hours: its first search and save, in which
    # the process compiles its statements, are made and kept apart before the phase starts,
    # so a two-minute phase measures a desk at work, not twenty desks starting.
    warm = reqs[-1]
    search(warm.family.last_name, [])
    search(warm.postcode, [])
    done.first_save = save(warm) or nan
    ready.put(job.index)
    start.wait()
    begun, cpu = time.monotonic(), time.process_time()
    i = 0
    while time.monotonic() - begun < job.seconds:
        req = reqs[i % len(reqs)]
        i += 1
        pause = rng.uniform(*job.think) if job.think else 0.0
        for n in range(job.searches):
            time.sleep(pause / (job.searches + 1))
            search(req.family.last_name if n % 2 == 0 else req.postcode, done.searches)
        time.sleep(pause / (job.searches + 1))
        if (took := save(req)) is not None:
            done.saves.append(took)
    done.seconds, done.cpu = time.monotonic() - begun, time.process_time() - cpu
    db.close()
    out.put(done)
