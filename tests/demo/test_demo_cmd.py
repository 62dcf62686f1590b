"""``triage-app demo-data``: what the command says and leaves behind."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW, TEST_POLICY
from triage_app.cli.main import run
from triage_app.config import AppConfig
from triage_app.locations import resources_dir


def _config(tmp_path: Path, database: Path) -> AppConfig:
    return AppConfig(
        database=str(database),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources_dir(),
        environ={},
        clock=lambda: FIXED_NOW,
        accounts=TEST_POLICY,
    )


def test_demo_data_adds_requests_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "demo.sqlite"
    config = _config(tmp_path, database)
    handler = signal.getsignal(signal.SIGTERM)
    assert run(["demo-data", "--requests", "40"], config=config) == 0
    captured = capsys.readouterr()
    assert "added 40 synthetic requests" in captured.out
    assert "all 40 written" in captured.err
    assert signal.getsignal(signal.SIGTERM) == handler  # put back once the load is over
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM request_versions").fetchone() == (40,)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"ix_children_first_dob", "ix_request_versions_current_received"} <= names


def test_demo_data_twice_with_the_same_seed_adds_twice(tmp_path: Path) -> None:
    """A second load with the same seed draws new references instead of failing as a bug."""
    database = tmp_path / "demo.sqlite"
    config = _config(tmp_path, database)
    for _ in range(2):
        assert run(["demo-data", "--requests", "30", "--seed", "5"], config=config) == 0
    with sqlite3.connect(database) as conn:
        count, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT reference) FROM requests"
        ).fetchone()
    assert (count, distinct) == (60, 60)
