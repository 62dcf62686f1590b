"""Saving one request as the window does, into a big database, beside plain DB-API inserts.

Each save is what a desk waits for: the re-referral look-up for the family and children
(``earlier_requests``, one read), then one write transaction that checks, routes, inserts
the request with its version, children, needs and actions, and appends the audit entry
(``take_request``). The requests are demo requests drawn with the database's own seed, so
the families are ones already stored and the look-ups find them. The baseline, interleaved
with the saves so both see the same machine: the same rows (request, version, children,
needs, actions, audit entry) inserted with the plain driver (``sqlite3`` or ``psycopg``),
one transaction each, nothing checked, routed or looked up. The note gives the one-minute
load average before and after the timed saves: other work on the machine moves the p99 most.
The saves are audited as a desk's are: keyed, with the head kept in an audit folder
(``--audit-dir``, by default a temporary one); the plain inserts' audit entries sit in the
same chain, so each save also checks the head it kept is still there (one look-up by id).
Run: ``python tests/bench/bench_save.py --database PATH_OR_URL [--saves 500] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchlib import (
    Figure,
    backend_of,
    median,
    open_db,
    p99,
    param_style,
    raw_connect,
    report,
    times_ms,
)
from sqlalchemy import select

from triage_app.demo.generate import DemoGenerator
from triage_app.demo.profile import load_profile
from triage_app.domain.actor import Actor
from triage_app.domain.request import TriageRequest
from triage_app.domain.vocabulary import Vocabularies, load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import RuleSet, default_rules_dir, load_rules, route
from triage_app.retention.cleanup import delete_requests
from triage_app.services.intake import assess, take_request
from triage_app.services.rereferral import ChildKey, FamilyKey, earlier_requests, window_start
from triage_app.store.audit import entry_hash
from triage_app.store.audit_anchor import AuditPlaces
from triage_app.store.database import Database
from triage_app.store.models import Request
from triage_app.store.references import new_reference
from triage_app.store.version_values import action_values, child_values, need_values, version_values

ACTOR = Actor(username="bench", role="team_leader", desk="bench-desk")
P99_TARGET_MS = 25.0


def _plain(value: Any, backend: str) -> Any:
    if isinstance(value, datetime) and backend == "sqlite":
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, list):
        return json.dumps(value)
    return value


def _insert(cur: Any, table: str, values: dict[str, Any], backend: str) -> int:
    cols = ", ".join(values)
    marks = ", ".join(f":{c}" for c in values)
    sql = param_style(f"INSERT INTO {table} ({cols}) VALUES ({marks}) RETURNING id", backend)
    cur.execute(sql, {k: _plain(v, backend) for k, v in values.items()})
    return int(cur.fetchone()[0])


def raw_save(con: Any, backend: str, req: TriageRequest, routed: Any, now: datetime) -> str:
    """The rows ``take_request`` writes, written by hand in one transaction."""
    reference = new_reference()
    values = version_values(req, routed, actor=ACTOR, now=now, version=1)
    cur = con.cursor()
    cur.execute("BEGIN IMMEDIATE" if backend == "sqlite" else "BEGIN")
    request_id = _insert(
        cur,
        "requests",
        {
            "reference": reference,
            "record_id": str(uuid.uuid4()),
            "created_at": now,
            "current_version": 1,
        },
        backend,
    )
    version_id = _insert(cur, "request_versions", {**values, "request_id": request_id}, backend)
    for table, rows in (
        ("children", child_values(req)),
        ("request_needs", need_values(req, values["primary_need"])),
        ("route_actions", action_values(routed)),
    ):
        for row in rows:
            _insert(cur, table, {**row, "version_id": version_id}, backend)
    cur.execute("SELECT hash FROM audit_entries ORDER BY id DESC LIMIT 1")
    prev = (cur.fetchone() or ("0" * 64,))[0]
    fields = (ACTOR.username, ACTOR.role, ACTOR.desk, "create", reference, None)
    audit = dict(
        zip(("actor", "role", "desk", "action", "record_ref", "reason"), fields, strict=True)
    )
    _insert(
        cur,
        "audit_entries",
        {**audit, "at": now, "prev_hash": prev, "hash": entry_hash(prev, now, fields)},
        backend,
    )
    cur.execute("COMMIT")
    return reference


@dataclass(frozen=True)
class DeskSave:
    """One save as a desk makes it: its reference, and what each of its two steps took."""

    reference: str
    found: bool
    lookup_ms: float
    write_ms: float


def desk_save(
    db: Database,
    req: TriageRequest,
    *,
    vocab: Vocabularies,
    rules: RuleSet,
    actor: Actor,
    now: datetime,
) -> DeskSave:
    """The re-referral look-up for the family and children (one read), then the save."""
    children = [ChildKey(c.first_name, c.last_name, c.date_of_birth) for c in req.children]
    family = FamilyKey(req.family.last_name, req.postcode, req.family.phone)
    started = time.perf_counter()
    with db.read_one() as s:
        found = bool(earlier_requests(s, children=children, family=family, since=window_start(now)))
    looked = time.perf_counter()
    with db.write() as s:
        done = take_request(
            s, req, vocab=vocab, rules=rules, actor=actor, now=now, require_answers=True
        )
    return DeskSave(
        done.reference, found, (looked - started) * 1000, (time.perf_counter() - looked) * 1000
    )


def remove(db: Database, references: list[str]) -> None:
    """Take the saved requests out again (the audit entries stay: the chain is append-only).

    Each run saves the same families, so without this every run would find more earlier
    requests for them than the one before, and measure a slower look-up. On PostgreSQL the
    removed rows are then vacuumed away: left, they would be read past by the next run's
    look-ups and cleared by autovacuum in the middle of some later run, competing with it.
    """
    with db.write() as s:
        ids = list(s.scalars(select(Request.id).where(Request.reference.in_(references))))
        delete_requests(s, ids)
    if not db.is_sqlite:
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM (ANALYZE)")


def savable(req: TriageRequest, vocab: Any, rules: Any, now: datetime) -> bool:
    """Whether the window would save this request as it stands."""
    checked = assess(req, vocab=vocab, rules=rules, desk_hub=None, now=now, require_answers=True)
    return not checked.problems


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="a filled SQLite file or a URL")
    parser.add_argument("--saves", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1, help="the seed the data was made with")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--audit-dir", type=Path, help="the desk's audit folder (key and heads)")
    parser.add_argument(
        "--budget", type=float, default=300, help="stop saving after this many seconds"
    )
    args = parser.parse_args()
    backend = backend_of(args.database)
    resources = resources_dir()
    vocab = load_vocabularies(resources)
    rules = load_rules(default_rules_dir(resources), vocab)
    now = datetime.now(UTC)
    generator = DemoGenerator(load_profile(resources), rules.areas, now, args.seed)
    # Only requests a desk can save: demo data also holds requests the window would hold
    # back (a need about a child before the child is named).
    drawn = (replace(d.request, received_at=None) for d in generator.requests(args.saves * 3))
    reqs = [r for r in drawn if savable(r, vocab, rules, now)][: args.saves]

    audit_dir = args.audit_dir or Path(tempfile.mkdtemp(prefix="bench-audit-"))
    db = open_db(args.database, AuditPlaces.in_folder(audit_dir))
    con = raw_connect(args.database)
    found = 0
    lookup_ms: list[float] = []
    write_ms: list[float] = []

    saved: list[str] = []  # references, removed again at the end

    def app_save(req: TriageRequest) -> None:
        nonlocal found
        done = desk_save(db, req, vocab=vocab, rules=rules, actor=ACTOR, now=now)
        found += done.found
        saved.append(done.reference)
        lookup_ms.append(done.lookup_ms)
        write_ms.append(done.write_ms)

    routes = [route(r, rules, on=now.date()) for r in reqs]
    raw_ms: list[float] = []
    for _ in range(2):  # warm the caches and the statement cache on both paths
        app_save(reqs[0])
        saved.append(raw_save(con, backend, reqs[0], routes[0], now))
    found = 0
    lookup_ms.clear()
    write_ms.clear()
    load_before = os.getloadavg()[0]
    deadline = time.monotonic() + args.budget
    for req, routed in zip(
        reqs, routes, strict=True
    ):  # interleaved: both see the same machine load
        raw_ms += times_ms(
            1, lambda req=req, routed=routed: saved.append(raw_save(con, backend, req, routed, now))
        )
        app_save(req)
        if time.monotonic() > deadline:
            break
    con.close()
    remove(db, saved)
    db.close()
    app_ms = [a + b for a, b in zip(lookup_ms, write_ms, strict=True)]
    n = len(app_ms)
    note = (
        f"{n} saves{' (time budget reached)' if n < len(reqs) else ''}; {found} found earlier "
        f"requests; re-referral look-up median {median(lookup_ms):.1f} ms, "
        f"p99 {p99(lookup_ms):.1f} ms; load average {load_before:.2f} -> {os.getloadavg()[0]:.2f}"
    )
    base = "plain driver inserts of the same rows"
    report(
        [
            Figure(
                "save one request (look-up + write), median",
                median(app_ms),
                "ms",
                median(raw_ms),
                f"{base}, median",
                "-",
                None,
                backend,
                note,
            ),
            Figure(
                "save one request (look-up + write), p99",
                p99(app_ms),
                "ms",
                p99(raw_ms),
                f"{base}, p99",
                f"≤ {P99_TARGET_MS:.0f} ms",
                p99(app_ms) <= P99_TARGET_MS,
                backend,
                note,
            ),
            Figure(
                "save: write transaction alone (check, route, insert, audit), p99",
                p99(write_ms),
                "ms",
                p99(raw_ms),
                f"{base}, p99",
                f"≤ {P99_TARGET_MS:.0f} ms",
                p99(write_ms) <= P99_TARGET_MS,
                backend,
                f"median {median(write_ms):.1f} ms",
            ),
        ],
        args.json,
    )


if __name__ == "__main__":
    main()
