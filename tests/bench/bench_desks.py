"""Twenty desks at once on one durable PostgreSQL server, beside one desk alone and plain inserts.

Each desk is a process of its own that signs in as its own staff account (``sign_in``) and
works as a call handler does, through the real services: searches the requests list for the
family (``search_requests``), then saves (the re-referral look-up, then ``take_request``, as
``bench_save.py`` does). The phases, one after another on the same database:

1. **one desk alone**, searching and saving back to back: the latency with no one else;
2. **twenty desks at a call handler's pace**: a save every 2-6 s of think time (4 s on
   average), two searches spread over it;
3. **twenty desks as fast as they can**: a search and a save, again and again;
4. **plain driver inserts from twenty connections**: the rows a save writes (request,
   version, children, needs, actions, audit entry), one transaction each, nothing checked,
   looked up or locked (``bench_save.raw_save``).

Phase 4 runs on a copy of the database (``CREATE DATABASE ... TEMPLATE``): plain inserts
from twenty connections at once fork the audit chain, which the real one must never have.
On the same copy, each of the two global advisory locks (re-referrals, audit chain) is then
bypassed in turn for a short fast phase, to see how much each caps throughput, and the
re-referral lock is taken at the start of the save's transaction, as it was before it moved to
just before the answers are worked out; those runs' re-referral counts and chain are not
exact, by design, and the copy is dropped.

While desks work, the locks are sampled in ``pg_locks`` every 20 ms: the share of samples
in which each lock is held, and the mean number of desks waiting for it, which divided by
the throughput is the mean time a save waits for it (Little's law).

Each phase also counts CPU time, which the load average moves far less than latency: the
server's (all its processes, read from ``/proc``, see ``pgcpu``; the lock sampler's own
backend taken out) and the desks' (each desk process's ``time.process_time()`` while it
worked), per save with its searches and per desk-second. Server CPU per desk-second at a call
handler's pace says how many desks one server core carries, which a machine running the
desks too cannot show by latency; the plain inserts give the same-run baseline. The server
must be doing nothing else meanwhile (other databases' work would count), and must run on
this machine (otherwise the CPU figures are left out).

Afterwards, on the real database: 0 errors; every request a desk was told it saved is
there exactly once by reference, and the desks' accounts authored no other request; the
stored re-referrals equal a recount from scratch (``recount_all``, in a transaction rolled
back); ``triage-app db check`` passes (the audit chain verifies). The saves are then
removed again and the database vacuumed, so the next run starts from the same data.

The database is ``here_to_help_desks_N`` on ``--server`` (the server's superuser URL, used
to make databases and roles only); it belongs to the owner role, which fills it with
``demo-data`` when it does not hold N demo requests and grants the desk role its rights,
and the desks connect as the desk role, as docs/deployment.md sets a council's server up.
The server must keep fsync and synchronous_commit on (``PG_DURABLE=1 .ci/postgres.sh``).

Run: ``python tests/bench/bench_desks.py --server postgresql://triage@127.0.0.1:PORT/postgres
[--requests 100000] [--desks 20] [--pace-seconds 180] [--fast-seconds 180] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from math import nan
from pathlib import Path
from typing import Any

import psycopg
from bench_save import desk_save, raw_save, remove
from benchlib import DURABLE, Figure, durability, median, open_db, p99, report
from pgcpu import ServerCpu, process_seconds
from run_all import demo_count, demo_data
from sqlalchemy import URL, literal, select, text
from sqlalchemy.orm import Session

from triage_app.accounts.passwords import ScryptParams, hash_password
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.roles import CALL_HANDLER
from triage_app.accounts.signin import sign_in
from triage_app.accounts.users import create_account, find_staff
from triage_app.config import audit_key_file, default_data_dir, environment
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
from triage_app.store.audit_anchor import KEY_FILE, AuditPlaces
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.models import RereferralRow
from triage_app.store.roles import grant_desk

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "bench desk password 1"
P99_TARGET_MS = 50.0
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
    lookups: list[float] = field(default_factory=list)
    searches: list[float] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu: float = 0.0  # the desk process's own CPU seconds while it worked


# --- one desk ----------------------------------------------------------------------------


def _username(index: int) -> str:
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
        db, _username(job.index), PASSWORD, desk=f"bench-{job.index:02d}", now=now,
        policy=AccountPolicy(),
    )  # fmt: skip
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
            words = req.family.last_name if n % 2 == 0 else req.postcode
            t = time.perf_counter()
            try:
                with db.read() as s:
                    search_requests(s, RequestQuery(text=words), actor=actor, now=now)
            except Exception as e:
                done.errors.append(f"search: {type(e).__name__}")
            done.searches.append((time.perf_counter() - t) * 1000)
        time.sleep(pause / (job.searches + 1))
        try:
            saved = desk_save(db, req, vocab=vocab, rules=rules, actor=actor, now=now)
        except Exception as e:
            done.errors.append(f"save: {type(e).__name__}: {str(e)[:120]}")
            continue
        done.references.append(saved.reference)
        done.saves.append(saved.lookup_ms + saved.write_ms)
        done.lookups.append(saved.lookup_ms)
    done.seconds, done.cpu = time.monotonic() - begun, time.process_time() - cpu
    db.close()
    out.put(done)


# --- the locks ---------------------------------------------------------------------------


class LockWatch:
    """Samples ``pg_locks`` for the two advisory locks while a phase runs."""

    _SQL = (
        "SELECT objid, granted, count(*) FROM pg_locks WHERE locktype = 'advisory' "
        "AND database = (SELECT oid FROM pg_database WHERE datname = %s) GROUP BY 1, 2"
    )

    def __init__(self, url: str, database: str) -> None:
        self._con = psycopg.connect(url, autocommit=True)
        # Its own backend's CPU, taken out of the server's: the desks do not spend it.
        self._pid = self._con.info.backend_pid
        self._cpu = process_seconds(self._pid)
        self.cpu = 0.0
        self._database = database
        self._stop = threading.Event()
        self.samples = 0
        self.held: Counter[int] = Counter()
        self.waiting: Counter[int] = Counter()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            rows = self._con.execute(self._SQL, (self._database,)).fetchall()
            self.samples += 1
            for objid, granted, count in rows:
                (self.held if granted else self.waiting)[int(objid)] += int(count)

    def stop(self) -> str:
        self._stop.set()
        self._thread.join()
        self.cpu = process_seconds(self._pid) - self._cpu
        self._con.close()
        return "; ".join(
            f"{name} lock held {100 * self.held[key] / max(1, self.samples):.0f} % of the time, "
            f"{self.waiting[key] / max(1, self.samples):.2f} desks waiting on average"
            for name, key in LOCKS.items()
        )

    def wait_ms(self, key: int, per_second: float) -> float:
        """Mean wait per save (Little's law: waiting = arrival rate x time waiting)."""
        return 1000 * self.waiting[key] / max(1, self.samples) / per_second if per_second else 0


# --- a phase -----------------------------------------------------------------------------


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
    server = cpu.seconds() - server_before if cpu else None
    locks = watch.stop()
    for p in procs:
        p.join()
    phase = Phase(name, len(jobs), outcomes, locks, {}, (load_before, os.getloadavg()[0]))
    phase.server_cpu = None if server is None else server - watch.cpu
    phase.lock_wait = {n: watch.wait_ms(k, phase.per_second) for n, k in LOCKS.items()}
    saves, searches = phase.all("saves"), phase.all("searches")
    print(
        f"{name}: {len(saves)} saves in {max(o.seconds for o in outcomes):.0f} s "
        f"({phase.per_second:.1f}/s), save p50 {median(saves):.1f} ms p99 {p99(saves):.1f} ms"
        + (f", search p99 {p99(searches):.1f} ms" if searches else "")
        + f"; {len(phase.errors)} errors; {locks}; {phase.cpu_line()}"
        + f"; load {load_before:.2f} -> {phase.load[1]:.2f}",
        flush=True,
    )
    return phase


# --- the database ------------------------------------------------------------------------


def _as(server: URL, role: str, database: str) -> str:
    return server.set(username=role, database=database).render_as_string(hide_password=False)


def prepare(
    args: argparse.Namespace, server: URL, name: str, places: AuditPlaces
) -> tuple[str, str]:
    """The filled database as its owner and as the desk role, with the desks' accounts."""
    plain = server.render_as_string(hide_password=False).replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as con:
        for role in (args.owner_role, args.desk_role):
            if not con.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                con.execute(f"CREATE ROLE {role} LOGIN")
    owner = _as(server, args.owner_role, name)
    if demo_count(owner.replace("+psycopg", "")) != args.requests:
        with psycopg.connect(plain, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            con.execute(f'CREATE DATABASE "{name}" OWNER {args.owner_role}')
        print(f"demo-data: {args.requests:,} requests into {name}", flush=True)
        demo_data(owner, args.requests)
    db = open_db(owner, places)
    with db.engine.begin() as conn:
        grant_desk(conn, args.desk_role)
    now = datetime.now(UTC)
    hashed = hash_password(PASSWORD, ScryptParams.of(AccountPolicy()))
    with db.write() as s:
        for i in range(args.desks):
            if find_staff(s, _username(i)) is None:
                create_account(
                    s, None, username=_username(i), role=CALL_HANDLER, password_hash=hashed,
                    set_by=None, now=now, display_name=None, hub=None, reason="benchmark desk",
                )  # fmt: skip
    db.close()
    return owner, _as(server, args.desk_role, name)


def copy_of(server: URL, name: str, owner_role: str) -> str:
    """A throwaway copy of the database, for runs that may break its chain or counts."""
    plain = server.render_as_string(hide_password=False).replace("+psycopg", "")
    copy = f"{name}_scratch"
    with psycopg.connect(plain, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        for attempt in range(10):  # autovacuum may be reading the template for a moment
            try:
                con.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}" OWNER {owner_role}')
                break
            except psycopg.errors.ObjectInUse:
                time.sleep(2 + attempt)
    return copy


def drop(server: URL, name: str) -> None:
    plain = server.render_as_string(hide_password=False).replace("+psycopg", "")
    with psycopg.connect(plain, autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- afterwards --------------------------------------------------------------------------


def verify(
    owner: str, references: list[str], authors: list[str], key_file: Path, work: Path
) -> list[str]:
    """What is wrong after the desks' work: nothing, when every check holds."""
    problems: list[str] = []
    with psycopg.connect(owner.replace("+psycopg", "")) as con:
        found = dict(
            con.execute(
                "SELECT reference, count(*) FROM requests WHERE reference = ANY(%s) "
                "GROUP BY reference",
                (references,),
            ).fetchall()
        )
        authored = con.execute(
            "SELECT count(*) FROM request_versions WHERE version = 1 AND author = ANY(%s)",
            (authors,),
        ).fetchone()[0]  # type: ignore[index]
    lost = [r for r in references if r not in found]
    doubled = [r for r, n in found.items() if n != 1] + [
        r for r, n in Counter(references).items() if n > 1
    ]
    if lost:
        problems.append(f"{len(lost)} requests a desk saved are not there")
    if doubled:
        problems.append(f"{len(doubled)} references stored or reported more than once")
    if authored != len(references):
        problems.append(
            f"the desks authored {authored} requests, and were told of {len(references)}"
        )
    db = Database(make_engine(database_url(owner)))
    columns = select(RereferralRow.version_id, RereferralRow.received_at, RereferralRow.hub)
    with db.engine.connect() as conn, conn.begin() as tx:
        stored = set(conn.execute(columns).all())
        with Session(conn) as s:
            rereferrals.recount_all(s)
            s.flush()
            recounted = set(conn.execute(columns).all())
        tx.rollback()
    db.close()
    if stored != recounted:
        problems.append(
            f"re-referrals: {len(stored - recounted)} stored that a recount does not find, "
            f"{len(recounted - stored)} found by a recount and not stored"
        )
    print(f"re-referrals: {len(stored):,} stored, {len(recounted):,} recounted", flush=True)
    checked = subprocess.run(
        [sys.executable, "-m", "triage_app.cli.main", "--database", owner, "db", "check"],
        cwd=ROOT,
        # A data folder of its own: the chain is checked against the key alone, not against
        # heads this PC may have kept of an earlier database of the same name.
        env={**os.environ, "TRIAGE_AUDIT_KEY": str(key_file), "XDG_DATA_HOME": str(work)},
        capture_output=True,
        text=True,
        check=False,
    )
    if checked.returncode != 0:
        problems.append(f"db check: exit {checked.returncode}: {checked.stdout[-400:]}")
    return problems


# --- the run -----------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True, help="the server's superuser URL")
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--pace-seconds", type=float, default=180)
    parser.add_argument("--fast-seconds", type=float, default=180)
    parser.add_argument("--solo-seconds", type=float, default=60)
    parser.add_argument("--plain-seconds", type=float, default=60)
    parser.add_argument(
        "--bypass-seconds", type=float, default=60, help="each lock bypassed (0: not run)"
    )
    parser.add_argument("--owner-role", default="triage_owner")
    parser.add_argument("--desk-role", default="triage_desk")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    server = database_url(args.server)
    if (settings := durability(args.server)) != DURABLE:
        raise SystemExit(
            f"the server runs with {settings}: start one with {DURABLE}, as a council's is "
            "(PG_DURABLE=1 .ci/postgres.sh DIR)"
        )
    name = f"here_to_help_desks_{args.requests}"
    key_file = audit_key_file(environment()) or default_data_dir() / "audit" / KEY_FILE
    work = Path(tempfile.mkdtemp(prefix="bench-desks-"))
    owner, desk_url = prepare(args, server, name, AuditPlaces(key_file, work / "owner"))
    watch_url = args.server.replace("+psycopg", "")
    cpu = ServerCpu.find(watch_url)

    def jobs(phase: str, count: int, seconds: float, url: str, **kw: Any) -> list[Job]:
        return [
            Job(
                phase,
                i,
                url,
                seconds,
                kw.get("think"),
                kw.get("searches", 1),
                str(key_file),
                str(work / f"{phase}-{i}"),
                kw.get("plain", False),
                kw.get("bypass", ()),
            )
            for i in range(count)
        ]

    n = args.desks
    started = datetime.now(UTC)
    solo = run_phase(
        "one desk alone", jobs("solo", 1, args.solo_seconds, desk_url), watch_url, name, cpu
    )
    pace = run_phase(
        "desks at a call handler's pace",
        jobs("pace", n, args.pace_seconds, desk_url, think=(2.0, 6.0), searches=2),
        watch_url,
        name,
        cpu,
    )
    fast = run_phase(
        "desks flat out", jobs("fast", n, args.fast_seconds, desk_url), watch_url, name, cpu
    )
    desks = [solo, pace, fast]
    references = [r for p in desks for r in p.all("references")]
    problems = [f"{p.name}: {len(p.errors)} errors ({Counter(p.errors).most_common(3)})"
                for p in desks if p.errors]  # fmt: skip
    problems += verify(owner, references, [_username(i) for i in range(n)], key_file, work)
    print("verified: " + ("; ".join(problems) if problems else "all checks hold"), flush=True)
    db = open_db(owner, AuditPlaces(key_file, work / "owner"))
    remove(db, references)
    db.close()

    copy = copy_of(server, name, args.owner_role)
    copy_desk = _as(server, args.desk_role, copy)
    plain = run_phase(
        "plain driver inserts", jobs("plain", n, args.plain_seconds, copy_desk, plain=True),
        watch_url, copy, cpu,
    )  # fmt: skip
    bypassed: list[Phase] = []
    if args.bypass_seconds > 0:
        for without in EXPERIMENTS:
            what = " and ".join(without) or "nothing"
            bypassed.append(
                run_phase(
                    "flat out on the copy, "
                    + ("re-referral lock first" if "lock first" in without else f"without {what}"),
                    jobs("bypass", n, args.bypass_seconds, copy_desk, bypass=without),
                    watch_url,
                    copy,
                    cpu,
                )
            )
    drop(server, copy)
    report(figures(n, solo, pace, fast, plain, bypassed, problems, started), args.json)


def _load(p: Phase) -> str:
    return f"load average {p.load[0]:.2f} -> {p.load[1]:.2f}"


def cpu_figures(n: int, solo: Phase, pace: Phase, fast: Phase, plain: Phase) -> list[Figure]:
    """What a save costs in CPU, the server's and the desk's: the load average does not move
    these much, so they say how many desks a server core carries where latency cannot."""
    if pace.server_cpu is None:
        return []
    per_desk_second = 1000 * pace.server_cpu / pace.desk_seconds
    elsewhere = "; ".join(
        f"{p.name}: server {p.cpu_ms(True):.1f} ms, desk {p.cpu_ms(False):.1f} ms per save"
        for p in (solo, fast)
    )
    return [
        Figure(
            f"{n} desks at a call handler's pace: server CPU per save+2 searches",
            pace.cpu_ms(True),
            "ms",
            plain.cpu_ms(True),
            "server CPU per plain insert transaction",
            "-",
            None,
            "postgresql",
            f"{per_desk_second:.1f} ms of server CPU per desk-second: "
            f"{1000 / per_desk_second:.0f} desks at this pace per server core; {elsewhere}",
        ),
        Figure(
            f"{n} desks at a call handler's pace: desk CPU per save+2 searches",
            pace.cpu_ms(False),
            "ms",
            plain.cpu_ms(False),
            "client CPU per plain insert transaction",
            "-",
            None,
            "postgresql",
            f"{1000 * sum(o.cpu for o in pace.outcomes) / pace.desk_seconds:.1f} ms "
            "of desk CPU per desk-second",
        ),
    ]


def figures(
    n: int,
    solo: Phase,
    pace: Phase,
    fast: Phase,
    plain: Phase,
    bypassed: list[Phase],
    problems: list[str],
    started: datetime,
) -> list[Figure]:
    pg = "postgresql"
    checks = (
        "; ".join(problems)
        if problems
        else "0 errors, 0 lost or duplicated, re-referrals exact, db check passes"
    )
    alone = "one desk alone"

    def waits(p: Phase) -> str:
        return ", ".join(f"{k} wait {v:.1f} ms per save" for k, v in p.lock_wait.items())

    out = [
        Figure(
            f"{n} desks at a call handler's pace: save p50",
            median(pace.all("saves")),
            "ms",
            median(solo.all("saves")),
            f"{alone}, p50",
            "-",
            None,
            pg,
            f"{len(pace.all('saves'))} saves, {pace.per_second:.1f}/s; {_load(pace)}",
        ),
        Figure(
            f"{n} desks at a call handler's pace: save p99",
            p99(pace.all("saves")),
            "ms",
            p99(solo.all("saves")),
            f"{alone}, p99",
            f"≤ {P99_TARGET_MS:.0f} ms",
            p99(pace.all("saves")) <= P99_TARGET_MS and not problems,
            pg,
            f"{checks}; {waits(pace)}",
        ),
        Figure(
            f"{n} desks at a call handler's pace: search p99",
            p99(pace.all("searches")),
            "ms",
            p99(solo.all("searches")),
            f"{alone}, p99",
            "-",
            None,
            pg,
            f"{len(pace.all('searches'))} searches; median {median(pace.all('searches')):.1f} ms",
        ),
        *cpu_figures(n, solo, pace, fast, plain),
        Figure(
            f"{n} desks flat out: saves per second",
            fast.per_second,
            "saves/s",
            plain.per_second,
            f"plain driver inserts from {n} connections",
            "-",
            None,
            pg,
            f"{alone}: {solo.per_second:.1f}/s; {fast.locks}; {_load(fast)}",
        ),
        Figure(
            f"{n} desks flat out: save p50",
            median(fast.all("saves")),
            "ms",
            median(plain.all("saves")),
            f"plain driver inserts from {n} connections, p50",
            "-",
            None,
            pg,
            waits(fast),
        ),
        Figure(
            f"{n} desks flat out: save p99",
            p99(fast.all("saves")),
            "ms",
            p99(plain.all("saves")),
            f"plain driver inserts from {n} connections, p99",
            "-",
            None,
            pg,
            f"search p99 {p99(fast.all('searches')):.0f} ms",
        ),
    ]
    if bypassed:
        base = bypassed[0]
        for p in bypassed[1:]:
            out.append(
                Figure(
                    f"{n} desks flat out, {p.name.split(', ')[-1]}: saves per second",
                    p.per_second,
                    "saves/s",
                    base.per_second,
                    "the same on the copy, locks as they are",
                    "-",
                    None,
                    pg,
                    f"a throwaway experiment on a copy; {p.locks}; {_load(p)}",
                )
            )
    print(f"run from {started:%H:%M} to {datetime.now(UTC):%H:%M} UTC", flush=True)
    return out


if __name__ == "__main__":
    main()
