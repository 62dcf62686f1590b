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

Before a phase starts, each desk makes its first two searches and its first save, which are
kept apart from the phase's figures and reported on their own: a fresh process compiles its
statements then (a save about ten times a warm one's), which a desk does once a day, so in a
two-minute phase of twenty fresh desks those twenty first saves would be its p99.

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
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench_save import remove
from benchlib import DURABLE, Figure, durability, median, open_db, p99, report
from desk_database import as_role, copy_of, drop, prepare, verify
from desk_phase import Phase, run_phase
from desk_process import EXPERIMENTS, Job, username
from pgcpu import ServerCpu

from triage_app.config import audit_key_file, default_data_dir, environment
from triage_app.store.audit_anchor import KEY_FILE, AuditPlaces
from triage_app.store.database import database_url

P99_TARGET_MS = 50.0


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
    problems += verify(owner, references, [username(i) for i in range(n)], key_file, work)
    print("verified: " + ("; ".join(problems) if problems else "all checks hold"), flush=True)
    db = open_db(owner, AuditPlaces(key_file, work / "owner"))
    remove(db, references)
    db.close()

    copy = copy_of(server, name, args.owner_role)
    copy_desk = as_role(server, args.desk_role, copy)
    plain = run_phase(
        "plain driver inserts", jobs("plain", n, args.plain_seconds, copy_desk, plain=True),
        watch_url, copy, cpu,
    )  # fmt: skip
    bypassed: list[Phase] = []
    if args.bypass_seconds > 0:
        for without in EXPERIMENTS:
            if "lock first" in without:
                what = "re-referral lock first"
            else:
                what = f"without {' and '.join(without)}" if without else "locks as they are"
            bypassed.append(
                run_phase(
                    f"flat out on the copy, {what}",
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
            f"{checks}; {waits(pace)}; {pace.first_saves}",
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
