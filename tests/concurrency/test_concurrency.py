"""Several desks at once, as real processes: exact counts, no duplicates, nothing lost or
overwritten, and "database is locked" never reaches anyone.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, make_url, select

from tests.conftest import open_sqlite
from tests.crash.harness import REPO
from tests.crash.samples import desk_actor, sample
from triage_app import __version__
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services.intake import take_request
from triage_app.store import audit
from triage_app.store.database import Database, make_engine
from triage_app.store.health import check_health
from triage_app.store.migrate import open_database
from triage_app.store.models import Request, RequestVersion
from triage_app.store.stored import load_request

DESKS, SAVES = 4, 25


@dataclass
class Done:
    code: int
    out: str
    err: str


def _desks(jobs: list[list[str]]) -> list[Done]:
    """Start every desk, then let them all go at once; wait for each to finish."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.concurrency.desk", *job],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for job in jobs
    ]
    for p in procs:
        assert p.stdin is not None
        p.stdin.write("GO\n")
        p.stdin.flush()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        results.append(Done(p.returncode, out, err))
    return results


def _saves_are_exact(url: str, db: Database) -> None:
    results = _desks([["save", url, str(d), str(SAVES)] for d in range(DESKS)])
    for r in results:
        assert "database is locked" not in r.out + r.err
        assert r.code == 0, r.err
    refs = [line for r in results for line in r.out.split()]
    assert len(refs) == len(set(refs)) == DESKS * SAVES
    with db.read() as s:
        stored = s.execute(select(Request.reference)).scalars().all()
        versions = s.execute(select(func.count()).select_from(RequestVersion)).scalar()
        creates = Counter(e.record_ref for e in audit.entries(s) if e.action == "create")
    assert sorted(stored) == sorted(refs) and versions == DESKS * SAVES
    assert set(creates.values()) == {1} and set(creates) == set(refs)
    assert check_health(db).healthy


def test_desks_saving_into_one_sqlite_file_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    db = open_sqlite(path)
    try:
        _saves_are_exact(f"sqlite:///{path}", db)
    finally:
        db.close()


@pytest.mark.postgres
def test_desks_saving_into_postgresql_at_once(postgres_url: str) -> None:
    db = Database(make_engine(make_url(postgres_url)))
    open_database(db, __version__)
    try:
        _saves_are_exact(postgres_url, db)
    finally:
        db.close()


def _one_request(db: Database) -> str:
    vocab = load_vocabularies(resources_dir())
    rules = load_rules(default_rules_dir(), vocab)
    with db.write() as s:
        return take_request(
            s, sample(1), vocab=vocab, rules=rules, actor=desk_actor(0), now=sample(1).received_at
        ).reference


def _second_is_told(url: str, db: Database) -> None:
    ref = _one_request(db)
    results = _desks([["amend", url, str(d), ref] for d in (1, 2)])
    winners = [d for d, r in zip((1, 2), results, strict=True) if r.code == 0]
    losers = [r for r in results if r.code != 0]
    assert len(winners) == 1 and len(losers) == 1, [r.out + r.err for r in results]
    (loser,) = losers
    assert loser.out.startswith("REFUSED ")
    assert "was amended by someone else" in loser.out and "not saved over theirs" in loser.out
    with db.read() as s:
        stored = load_request(s, ref)
        assert stored.latest_version == 2
        assert stored.request.family.phone == f"07700 90{winners[0]:04d}"
        assert stored.amendment_reason == f"desk {winners[0]} corrected the phone"
        assert [e.action for e in audit.entries(s, record_ref=ref)] == ["create", "amend"]


def test_two_staff_amending_one_request_in_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite"
    db = open_sqlite(path)
    try:
        _second_is_told(f"sqlite:///{path}", db)
    finally:
        db.close()


@pytest.mark.postgres
def test_two_staff_amending_one_request_in_postgresql(postgres_url: str) -> None:
    db = Database(make_engine(make_url(postgres_url)))
    open_database(db, __version__)
    try:
        _second_is_told(postgres_url, db)
    finally:
        db.close()
