"""The database side of ``bench_desks.py``: the lock sampler, the database, the checks after.

The bench's database belongs to the owner role and is filled with demo data; desks connect
as the desk role. After the desks, every acknowledged request must be there once, the
stored re-referrals must equal a recount, and ``db check`` must pass.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from benchlib import open_db
from desk_process import LOCKS, PASSWORD, username
from pgcpu import process_seconds
from run_all import demo_count, demo_data
from sqlalchemy import URL, select
from sqlalchemy.orm import Session

from triage_app.accounts.passwords import ScryptParams, hash_password
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.roles import CALL_HANDLER
from triage_app.accounts.users import create_account, find_staff
from triage_app.store import rereferrals
from triage_app.store.audit_anchor import AuditPlaces
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.lookup_models import RereferralRow
from triage_app.store.roles import grant_desk

ROOT = Path(__file__).resolve().parents[2]


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


# --- the database ------------------------------------------------------------------------


def as_role(server: URL, role: str, database: str) -> str:
    """The URL of ``database`` on ``server`` as ``role`` (the owner, or the desks)."""
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
    owner = as_role(server, args.owner_role, name)
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
            if find_staff(s, username(i)) is None:
                create_account(
                    s, None, username=username(i), role=CALL_HANDLER, password_hash=hashed,
                    set_by=None, now=now, display_name=None, hub=None, reason="benchmark desk",
                )  # fmt: skip
    db.close()
    return owner, as_role(server, args.desk_role, name)


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
