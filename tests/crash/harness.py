"""The crash harness: start desks as real processes, kill them with SIGKILL, check what is left.

A round starts one to four workers (``tests/crash/worker.py``) on the same SQLite file, waits
until each says ``READY``, lets them all start work together, then kills each at its own random
moment (seeded). Every ``ACK`` a worker printed before it died is work a member of staff was
told was saved; the checks in ``check_app_database`` and ``check_migrated`` say what must then
hold.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import func, select

from tests.conftest import open_sqlite
from tests.crash.life_checks import check_life
from tests.crash.samples import SAMPLES, sample_index
from tests.crash.worker import audit_places
from triage_app import __version__
from triage_app.export import finish_interrupted
from triage_app.store.audit_models import AuditEntry
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.draft_models import Draft
from triage_app.store.health import check_health
from triage_app.store.migrate import alembic_config, head_revision, open_database
from triage_app.store.models import (
    ExportBatch,
    ExportedVersion,
    Request,
    RequestVersion,
    WaitingVersion,
)
from triage_app.store.version_models import NeedRow

REPO = Path(__file__).resolve().parents[2]
#: Kill points in CI; ``TRIAGE_CRASH_POINTS=500`` runs the full number (docs/crash-safety.md).
CI_POINTS = 40
POINTS_ENV = "TRIAGE_CRASH_POINTS"
SEED_ENV = "TRIAGE_CRASH_SEED"
#: A worker is killed at a moment drawn uniformly from 0 to this many seconds after READY;
#: opening an old database takes longer than one save, so migration rounds wait longer.
MAX_DELAY_S = 0.4
MIGRATE_MAX_DELAY_S = 1.5
#: Generous bound on a worker's start-up (imports, opening the database); never hit when well.
READY_TIMEOUT_S = 120


def crash_points() -> int:
    return int(os.environ.get(POINTS_ENV, CI_POINTS))


def crash_seed() -> int:
    return int(os.environ.get(SEED_ENV, "20260316"))


@dataclass
class Worker:
    args: list[str]
    proc: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    reader: threading.Thread | None = None


def stop(workers: list[Worker]) -> None:
    """Kill (if still running) and reap the workers, closing their pipes."""
    for w in workers:
        if w.proc.poll() is None:
            w.proc.kill()
        w.proc.wait()
        assert w.reader is not None
        w.reader.join()
        for pipe in (w.proc.stdin, w.proc.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()


def _read(worker: Worker) -> None:
    assert worker.proc.stdout is not None
    for line in worker.proc.stdout:
        if not line.endswith("\n"):
            break  # killed half-way through a line: not an acknowledgement
        worker.lines.append(line.rstrip("\n"))
        if line == "READY\n":
            worker.ready.set()
    worker.ready.set()  # the worker ended: whoever waits must look at why


def start(args: list[str], stderr_path: Path) -> Worker:
    with stderr_path.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.crash.worker", *args],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    worker = Worker(args, proc)
    worker.reader = threading.Thread(target=_read, args=(worker,), daemon=True)
    worker.reader.start()
    return worker


def spawn(jobs: list[list[str]], logs: Path) -> list[Worker]:
    """Start a round's workers; they import and then wait for ``run_round`` to say GO."""
    logs.mkdir(parents=True, exist_ok=True)
    return [start(args, logs / f"worker-{i}.err") for i, args in enumerate(jobs)]


def _await_ack(worker: Worker, kind: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not any(line.startswith(f"ACK {kind} ") for line in worker.lines):
        if worker.proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"worker {worker.args} acknowledged no {kind}")
        time.sleep(0.05)  # polling the reader thread's lines for the condition


def run_round(
    rng: random.Random,
    workers: list[Worker],
    logs: Path,
    max_delay: float,
    after_ack: str | None = None,
) -> list[str]:
    """Let the workers go, kill each at a random moment after READY; returns their ACK lines.

    With ``after_ack``, the random moment is counted from each worker's first acknowledgement
    of that kind of work instead, so at least one is whole before the kill.
    """
    try:
        for w in workers:
            assert w.proc.stdin is not None
            w.proc.stdin.write("GO\n")
            w.proc.stdin.flush()
        for i, w in enumerate(workers):
            w.ready.wait(READY_TIMEOUT_S)
            if "READY" not in w.lines:
                w.proc.wait(READY_TIMEOUT_S)
                err = (logs / f"worker-{i}.err").read_text()
                raise AssertionError(f"worker {w.args} ended before READY:\n{err}")
        for w in workers:  # all set up: now they may work
            assert w.proc.stdin is not None
            w.proc.stdin.write("START\n")
            w.proc.stdin.close()
        if after_ack is not None:
            for w in workers:
                _await_ack(w, after_ack)
        start_at = time.monotonic()
        for delay, w in sorted(
            ((rng.uniform(0, max_delay), w) for w in workers), key=lambda x: x[0]
        ):
            pause = start_at + delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)  # the random kill point itself, not a wait for a condition
            w.proc.send_signal(signal.SIGKILL)
    finally:
        stop(workers)
    for i, w in enumerate(workers):
        err = (logs / f"worker-{i}.err").read_text()
        assert w.proc.returncode == -signal.SIGKILL, f"worker {w.args} stopped by itself:\n{err}"
        assert "database is locked" not in err, err
        refused = [line for line in w.lines if line.startswith("REFUSED ")]
        assert all("run the export again" in line for line in refused), refused
    return [line for w in workers for line in w.lines if line.startswith("ACK ")]


@dataclass
class Acks:
    """Everything the workers acknowledged, over all rounds."""

    records: dict[str, int] = field(default_factory=dict)
    amends: dict[str, int] = field(default_factory=dict)
    drafts: dict[str, int] = field(default_factory=dict)
    exports: dict[str, int] = field(default_factory=dict)
    #: A request's life changes: the newest version acknowledged.
    lives: dict[str, int] = field(default_factory=dict)
    migrated: set[str] = field(default_factory=set)
    count: int = 0

    def add(self, lines: list[str]) -> None:
        for line in lines:
            _, kind, *rest = line.split()
            self.count += 1
            if kind == "record":
                self.records[rest[0]] = int(rest[1])
            elif kind == "amend":
                self.amends[rest[0]] = max(self.amends.get(rest[0], 0), int(rest[1]))
            elif kind == "draft":
                self.drafts[rest[0]] = max(self.drafts.get(rest[0], -1), int(rest[1]))
            elif kind == "export":
                self.exports[rest[0]] = int(rest[1])
            elif kind == "life":
                self.lives[rest[0]] = max(self.lives.get(rest[0], 0), int(rest[1]))
            elif kind == "migrate":
                self.migrated.add(rest[0])


def _requests_whole(db: Database, acks: Acks) -> None:
    """Every request has all its versions, children, needs and audit entries; ACKs are there."""
    with db.read() as s:
        requests = {r.reference: r for r in s.execute(select(Request)).scalars()}
        versions: dict[int, list[RequestVersion]] = {}
        for v in s.execute(select(RequestVersion).order_by(RequestVersion.version)).scalars():
            versions.setdefault(v.request_id, []).append(v)
        children = Counter(
            s.execute(select(RequestVersion.id).join(RequestVersion.children)).scalars()
        )
        needs: dict[int, list[str]] = {}
        for vid, need in s.execute(
            select(NeedRow.version_id, NeedRow.need).order_by(NeedRow.position)
        ):
            needs.setdefault(vid, []).append(need)
        actions = Counter(
            s.execute(select(RequestVersion.id).join(RequestVersion.actions)).scalars()
        )
        audited = Counter(
            s.execute(
                select(AuditEntry.action, AuditEntry.record_ref).where(
                    AuditEntry.action.in_(("create", "amend"))
                )
            ).all()
        )
    for ref, index in acks.records.items():
        assert ref in requests, f"acknowledged request {ref} is missing"
        first = versions[requests[ref].id][0]
        assert sample_index(first.narrative) == index
    for ref, version in acks.amends.items():
        assert requests[ref].current_version in (version, version + 1), ref
    action_counts: dict[int, set[int]] = {}
    for ref, r in requests.items():
        vs = versions.get(r.id, [])
        assert [v.version for v in vs] == list(range(1, r.current_version + 1)), ref
        assert [v.version for v in vs if v.is_current] == [r.current_version], ref
        assert audited[("create", ref)] == 1, f"{ref} has no 'create' audit entry"
        content = [v for v in vs if v.life_change is None]  # the rest: life changes
        assert audited[("amend", ref)] == len(content) - 1, ref
        for v in vs:
            index = sample_index(v.narrative)
            assert index is not None, ref
            want = SAMPLES[index]
            assert children[v.id] == len(want.children), f"{ref} v{v.version} lost children"
            assert tuple(needs.get(v.id, ())) == want.needs, f"{ref} v{v.version} lost needs"
            action_counts.setdefault(index, set()).add(actions[v.id])
    for index, counts in action_counts.items():  # same sample, same route, same actions
        assert len(counts) == 1, f"sample {index}: versions with {counts} actions"


def _drafts_kept(db: Database, acks: Acks) -> None:
    with db.read() as s:
        found = {d.draft_id: d.payload for d in s.execute(select(Draft)).scalars()}
    for draft_id, n in acks.drafts.items():
        assert draft_id in found, f"acknowledged draft {draft_id} is missing"
        assert found[draft_id]["n"] in (n, n + 1), (draft_id, found[draft_id], n)


def _folder_whole(folder: Path) -> int:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, facts in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == facts["sha256"]
    return int(manifest["record_count"])


def _exports_consistent(db: Database, acks: Acks, outs: list[Path]) -> None:
    """docs/export.md: a batch has all its records marked; a final folder only for a batch."""
    with db.read() as s:
        batches = {b.id: b.record_count for b in s.execute(select(ExportBatch)).scalars()}
        marked = dict(
            s.execute(
                select(ExportedVersion.batch_id, func.count()).group_by(ExportedVersion.batch_id)
            ).all()
        )
        both = s.execute(
            select(func.count())
            .select_from(WaitingVersion)
            .join(ExportedVersion, ExportedVersion.version_id == WaitingVersion.version_id)
        ).scalar_one()
    assert marked == {b: n for b, n in batches.items() if n}, "records marked without a batch"
    assert both == 0, "records marked as sent still waiting"
    for batch_id, count in acks.exports.items():
        assert batches.get(batch_id) == count, f"acknowledged batch {batch_id} is missing"
    folders: dict[str, Path] = {}
    for out in outs:
        if not out.exists():
            continue
        for entry in out.iterdir():
            if not entry.name.startswith("."):
                assert entry.name in batches, f"folder {entry.name} has no batch"
                assert _folder_whole(entry) == batches[entry.name]
        finish_interrupted(db, out)  # what the next export does first
        for entry in out.iterdir():
            assert not entry.name.startswith("."), f"{entry} left after finishing"
            folders[entry.name] = entry
    assert set(folders) == set(batches), "a recorded batch has no folder after finishing"


def check_app_database(path: Path, acks: Acks, outs: list[Path]) -> None:
    """Reopen after the kill and check everything the brief promises.

    With the desk's audit folder: the keyed chain and the head the workers kept agree with
    the database whatever moment each was killed at (a head is never ahead of it).
    """
    db = Database(make_engine(database_url(path)), audit_places(path))
    open_database(db, __version__)
    try:
        health = check_health(db)
        assert health.healthy, health.problems
        _requests_whole(db, acks)
        _drafts_kept(db, acks)
        check_life(db, acks.lives)
        _exports_consistent(db, acks, outs)
    finally:
        db.close()


def old_template(path: Path, requests: int, save) -> Path:  # type: ignore[no-untyped-def]
    """A database at the first revision holding ``requests`` requests (made at head, then
    taken back down, which is how an older app's file looks)."""
    db = open_sqlite(path)
    save(db, requests)
    config = alembic_config()
    with db.engine.begin() as conn:
        config.attributes["connection"] = conn
        base = ScriptDirectory.from_config(config).get_base() or "base"
        command.downgrade(config, base)
        conn.exec_driver_sql(f"DELETE FROM schema_stamps WHERE revision != '{base}'")
    db.close()
    return path


def _revision_and_count(path: Path) -> tuple[str, int]:
    import sqlite3

    with sqlite3.connect(path) as raw:
        revision = raw.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        count = raw.execute("SELECT count(*) FROM requests").fetchone()[0]
    raw.close()
    return revision, count


def check_migrated(folder: Path, acks: Acks, rows: int) -> int:
    """Each copy reopens at head with every row; each backup is whole; ACKed ones were done."""
    head = head_revision()
    copies = sorted(p for p in folder.glob("m*.sqlite") if ".before-" not in p.name)
    for copy in copies:
        if f"{folder.name}/{copy.name}" in acks.migrated:
            assert _revision_and_count(copy) == (head, rows), copy.name
        db = open_sqlite(copy)
        try:
            health = check_health(db)
            assert health.healthy, (copy.name, health.problems)
        finally:
            db.close()
        assert _revision_and_count(copy) == (head, rows), copy.name
    for backup in folder.glob("m*.before-*.sqlite"):
        revision, count = _revision_and_count(backup)
        assert count == rows and revision != head, backup.name
    return len(copies)
