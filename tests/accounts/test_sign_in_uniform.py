"""An unknown user name and a wrong password cost the same work and get the same answers.

Counted, not timed: a counter around the real ``hashlib.scrypt`` (it still does the work)
says how many hashes each attempt computes. Measured in a fresh process too, as a command
runs, where nothing made earlier can be reused.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import FIXED_NOW, STAFF_PASSWORD, TEST_POLICY, add_staff, open_sqlite
from triage_app.accounts.demo import DEMO_USERNAME, ensure_demo_team_leader
from triage_app.accounts.signin import sign_in
from triage_app.accounts.signin_errors import SignInFailed
from triage_app.store.access_models import UnknownNameSignIn
from triage_app.store.audit import entries
from triage_app.store.database import Database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def staffed(any_db: Database, now: datetime) -> Database:
    add_staff(any_db, now, ("r.desk", "receptionist"))
    return any_db


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many scrypt hashes have been computed (by the real function) since it was reset."""
    real = hashlib.scrypt
    count = [0]

    def counted(*args: object, **kwargs: object) -> bytes:
        count[0] += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(hashlib, "scrypt", counted)
    return count


def _answers(db: Database, name: str, now: datetime, hashes: list[int], tries: int) -> list:
    """Each try's message and the hashes it cost."""
    seen = []
    for _ in range(tries):
        hashes[0] = 0
        with pytest.raises(SignInFailed) as refused:
            sign_in(db, name, "not the password", desk="desk", now=now, policy=TEST_POLICY)
        seen.append((str(refused.value), type(refused.value).__name__, hashes[0]))
    return seen


def test_an_unknown_name_answers_as_a_wrong_password_does_locked_included(
    staffed: Database, now: datetime, hashes: list[int]
) -> None:
    tries = TEST_POLICY.max_failures + 2  # up to the lock, then two while locked
    real = _answers(staffed, "r.desk", now, hashes, tries)
    unknown = _answers(staffed, "no.such.person", now, hashes, tries)
    assert unknown == real
    assert [cost for _m, _k, cost in real] == [1] * tries
    assert "locked until" in real[-1][0]
    # The typed name is kept nowhere: the audit says "(unknown)"; the count is a bucket.
    with staffed.read() as s:
        assert "no.such.person" not in repr([tuple(vars(e).values()) for e in entries(s)])
        buckets = s.execute(select(UnknownNameSignIn)).scalars().all()
    assert len(buckets) == 1 and "no.such" not in repr(vars(buckets[0]))


def test_the_right_password_of_a_locked_account_costs_the_same(
    staffed: Database, now: datetime, hashes: list[int]
) -> None:
    _answers(staffed, "r.desk", now, hashes, TEST_POLICY.max_failures)
    hashes[0] = 0
    with pytest.raises(SignInFailed, match="locked until"):
        sign_in(staffed, "r.desk", STAFF_PASSWORD, desk="desk", now=now, policy=TEST_POLICY)
    assert hashes[0] == 1


_SCRIPT = """
import hashlib, json, sys
real = hashlib.scrypt
count = [0]
def counted(*args, **kwargs):
    count[0] += 1
    return real(*args, **kwargs)
hashlib.scrypt = counted
from datetime import datetime
from pathlib import Path
from triage_app.accounts.policy import AccountPolicy
from triage_app.cli.main import run
from triage_app.config import AppConfig
from triage_app.locations import resources_dir
database, user, out = sys.argv[1:4]
config = AppConfig(
    database=database, data_dir=Path(out).parent / "data", config_dir=Path(out).parent,
    resources=resources_dir(),
    environ={"TRIAGE_USER": user, "TRIAGE_PASSWORD": "not the password"},
    clock=lambda: datetime.fromisoformat(sys.argv[4]),
    accounts=AccountPolicy(scrypt_n=2**10),
)
code = run(["audit"], config=config)
Path(out).write_text(json.dumps({"code": code, "hashes": count[0]}))
"""


def test_a_fresh_process_does_the_same_work_for_an_unknown_name(tmp_path: Path) -> None:
    database = tmp_path / "service.sqlite"
    db = open_sqlite(database)
    add_staff(db, FIXED_NOW, ("r.desk", "receptionist"))
    db.close()

    def attempt(user: str) -> tuple[dict[str, int], str]:
        out = tmp_path / f"{user}.json"
        argv = [sys.executable, "-c", _SCRIPT, str(database), user, str(out)]
        done = subprocess.run(
            [*argv, FIXED_NOW.isoformat()], capture_output=True, text=True, cwd=ROOT, check=False
        )
        return json.loads(out.read_text()), done.stderr

    known, known_err = attempt("r.desk")
    unknown, unknown_err = attempt("no.such.person")
    assert known == unknown == {"code": 1, "hashes": 1}
    assert known_err == unknown_err == "triage-app: wrong user name or password\n"


def test_an_account_no_password_opens_costs_the_same(
    db: Database, now: datetime, hashes: list[int]
) -> None:
    with db.write() as s:
        ensure_demo_team_leader(s, now)
    hashes[0] = 0
    with pytest.raises(SignInFailed, match=r"^wrong user name or password$"):
        sign_in(db, DEMO_USERNAME, "anything at all", desk="desk", now=now, policy=TEST_POLICY)
    assert hashes[0] == 1
