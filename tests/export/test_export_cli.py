"""``triage-app export`` as a team leader runs it: in-process, and once as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import STAFF_PASSWORD as PASSWORD
from tests.conftest import TEST_POLICY as CHEAP
from tests.conftest import add_staff as add_test_staff
from tests.export.export_data import save
from triage_app.cli.main import run
from triage_app.config import AppConfig
from triage_app.domain.actor import Actor
from triage_app.store.database import Database


def add_staff(db: Database, now) -> None:
    """An administrator, a team leader and a call handler, all with ``PASSWORD``."""
    add_test_staff(db, now, ("team.leader", "team_leader"), ("call.handler", "call_handler"))


@pytest.fixture
def config(tmp_path: Path, db: Database, sqlite_path: Path, resources, now) -> AppConfig:
    add_staff(db, now)
    return AppConfig(
        database=str(sqlite_path),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources,
        environ={"TRIAGE_USER": "team.leader", "TRIAGE_PASSWORD": PASSWORD},
        clock=lambda: now,
        accounts=CHEAP,
    )


def test_export_then_again_then_a_past_batch(
    db: Database, actor: Actor, config: AppConfig, tmp_path: Path, capsys
) -> None:
    save(db, actor, 3)
    out = tmp_path / "out"
    assert run(["export", "--out", str(out)], config=config) == 0
    said = capsys.readouterr().out
    assert "exported 3 records in batch 20260316T103000Z-" in said
    (folder,) = out.iterdir()
    assert run(["export", "--out", str(out)], config=config) == 0
    assert "nothing new to export" in capsys.readouterr().out
    assert [p.name for p in out.iterdir()] == [folder.name]

    assert run(["export", "--batch", folder.name, "--out", str(tmp_path / "b")], config=config) == 0
    assert (tmp_path / "b" / folder.name / "requests.jsonl").read_bytes() == (
        folder / "requests.jsonl"
    ).read_bytes()
    capsys.readouterr()
    assert run(["export", "--list"], config=config) == 0
    listed = capsys.readouterr().out
    assert "waiting: nothing" in listed and folder.name in listed


def test_mistakes_are_named_without_a_traceback(
    db: Database, actor: Actor, config: AppConfig, tmp_path: Path, capsys
) -> None:
    save(db, actor, 1)
    assert run(["export"], config=config) == 2
    assert "--out" in capsys.readouterr().err
    assert run(["export", "--batch", "nope", "--out", str(tmp_path)], config=config) == 2
    assert "no export batch has the id 'nope'" in capsys.readouterr().err
    (tmp_path / "file").write_text("x")
    assert run(["export", "--out", str(tmp_path / "file" / "out")], config=config) == 1
    err = capsys.readouterr().err
    assert "cannot write to the folder" in err and "Traceback" not in err
    handler = replace(config, environ={"TRIAGE_USER": "call.handler", "TRIAGE_PASSWORD": PASSWORD})
    assert run(["export", "--out", str(tmp_path / "o")], config=handler) == 1
    assert "export" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_real_process_exports(
    db: Database, actor: Actor, sqlite_path: Path, tmp_path: Path, now
) -> None:
    add_staff(db, now)
    save(db, actor, 2)
    out = tmp_path / "out"
    env = {**os.environ, "TRIAGE_USER": "team.leader", "TRIAGE_PASSWORD": PASSWORD}
    done = subprocess.run(
        [sys.executable, "-m", "triage_app.cli.main", "--database", str(sqlite_path),
         "export", "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    (folder,) = out.iterdir()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["record_count"] == 2
