"""A large export made by helper processes: a helper that fails, a version deleted meanwhile.

The bytes they make are pinned with the rest (``test_export_golden``); here, what happens
when something goes wrong while they work. Each test asks for a helper for its few
synthetic requests, one version a chunk, so that chunks are still to come when it acts.
"""

from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path

import pytest
from sqlalchemy import delete

from tests.export.test_export_golden import FILES, GOLDEN, LEADER, NOW, exported, fill, fill_life
from triage_app.errors import TriageError
from triage_app.export import export_pending, list_batches, pending_summary
from triage_app.store.database import Database
from triage_app.store.models import Request

#: One helper, one version a chunk: chunks are still to come when a test acts.
ONE_HELPER = {"helpers": 1, "chunk": 1}


def test_a_helper_killed_midway_leaves_the_rest_to_the_export(
    any_db: Database, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fill(any_db)
    fill_life(any_db)
    killed: list[int] = []

    def kill_the_helper(_done: int, _total: int) -> None:  # once the first chunk is written
        if not killed:
            for helper in multiprocessing.active_children():
                helper.kill()
                helper.join()
                killed.append(helper.pid or 0)

    with caplog.at_level(logging.WARNING):
        made = exported(any_db, tmp_path / "out", on_progress=kill_the_helper, **ONE_HELPER)

    assert killed, "no helper was running"
    for name in FILES:
        assert made[name] == (GOLDEN / name).read_bytes(), name
    assert "helper processes stopped" in caplog.text
    with any_db.read() as s:
        assert pending_summary(s).count == 0


def test_a_version_deleted_while_helpers_read_stops_the_export_and_loses_nothing(
    any_db: Database, tmp_path: Path
) -> None:
    fill(any_db, partial=False)
    out = tmp_path / "out"
    deleted = False

    def on_step(name: str) -> None:
        nonlocal deleted
        if name == "written" and not deleted:
            # The last request in the batch's order: its chunk is not yet asked for.
            with any_db.write() as s:
                s.execute(delete(Request).where(Request.reference == "HH-GOLD-0002"))
            deleted = True

    with pytest.raises(TriageError, match="deleted while it ran"):
        export_pending(any_db, out, actor=LEADER, now=NOW, on_step=on_step, **ONE_HELPER)

    assert list(out.iterdir()) == []
    with any_db.read() as s:
        assert list_batches(s) == ()
        assert pending_summary(s).count == 4  # the five versions less the deleted one
    assert export_pending(any_db, out, actor=LEADER, now=NOW).batch is not None
