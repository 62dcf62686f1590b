"""A real crash (SIGKILL) at each step of an export leaves no batch, or a whole marked one.

The export runs in a child process that kills itself at the chosen step; the database and
the folder are then checked, and the next export must put everything right.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import make_url

from tests.export.export_data import save
from triage_app import __version__
from triage_app.domain.actor import Actor
from triage_app.export import export_pending, list_batches, pending_summary
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import open_database

RECORDS = 300  # three chunks of writing in the child, so "written" falls mid-file
SCRIPT = Path(__file__).with_name("crash_export.py")
LEADER = Actor("team.leader")


def _open(url) -> Database:
    db = Database(make_engine(url))
    open_database(db, __version__)
    return db


def open_sqlite(path: Path) -> Database:
    return _open(database_url(path))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "triage.sqlite"
    db = open_sqlite(path)
    save(db, Actor("test.handler"), RECORDS)
    db.close()
    return path


def _crash(url: str, out: Path, step: str, *more: str) -> str:
    """Run the export in a process killed at ``step``; what it printed."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), url, str(out), step, *more],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    return done.stdout


def _running(pid: int) -> bool:
    """Whether a process runs (a zombie left for a parent that does not reap it does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def _whole(folder: Path) -> dict:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for name, facts in manifest["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == facts["sha256"]
    lines = (folder / "requests.jsonl").read_bytes().count(b"\n")
    assert lines == manifest["record_count"]
    return manifest


def _check_after_crash(db: Database, out: Path, step: str, now) -> None:
    visible = [p for p in out.iterdir() if not p.name.startswith(".")]
    with db.read() as s:
        waiting, batches = pending_summary(s).count, list_batches(s)
    if step in ("written", "files", "marking"):  # before the commit: no batch at all
        assert (waiting, batches, visible) == (RECORDS, (), [])
    else:  # committed: every record marked; a folder, if any, is whole
        assert waiting == 0 and len(batches) == 1
        assert batches[0].record_count == RECORDS
        for folder in visible:
            assert folder.name == batches[0].batch_id
            _whole(folder)

    result = export_pending(db, out, actor=LEADER, now=now)  # the next run puts it right

    with db.read() as s:
        assert pending_summary(s).count == 0
        (batch,) = list_batches(s)
    assert [p.name for p in out.iterdir()] == [batch.batch_id]  # no .partial left behind
    assert _whole(out / batch.batch_id)["record_count"] == RECORDS
    if step == "recorded":
        assert result.finished_earlier == (batch.batch_id,)
    if step in ("recorded", "done"):
        assert result.batch is None


@pytest.mark.parametrize("step", ["written", "files", "marking", "recorded", "done"])
def test_a_killed_export_leaves_no_batch_or_a_whole_one(
    template: Path, tmp_path: Path, step: str, now
) -> None:
    path = tmp_path / "triage.sqlite"
    shutil.copy(template, path)
    out = tmp_path / "out"
    _crash(str(path), out, step)
    db = open_sqlite(path)
    try:
        _check_after_crash(db, out, step, now)
    finally:
        db.close()


@pytest.mark.postgres
@pytest.mark.parametrize("step", ["marking", "recorded"])
def test_a_killed_export_on_postgresql(postgres_url: str, tmp_path: Path, step: str, now) -> None:
    db = _open(make_url(postgres_url))
    try:
        save(db, Actor("test.handler"), RECORDS)
        out = tmp_path / "out"
        _crash(postgres_url, out, step)
        _check_after_crash(db, out, step, now)
    finally:
        db.close()


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_a_killed_export_stops_its_helper_processes_too(
    template: Path, tmp_path: Path, now
) -> None:
    path = tmp_path / "triage.sqlite"
    shutil.copy(template, path)
    out = tmp_path / "out"
    helpers = [int(pid) for pid in _crash(str(path), out, "written", "1", "helpers").split()]
    assert len(helpers) == 2
    deadline = time.monotonic() + 30
    while any(map(_running, helpers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(map(_running, helpers)), "a helper went on after the export was killed"
    db = open_sqlite(path)
    try:
        _check_after_crash(db, out, "written", now)
    finally:
        db.close()
