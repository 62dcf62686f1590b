"""Fast demo loading stores what a normal save stores, and leaves the file whole and durable."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import FIXED_NOW, open_sqlite
from triage_app.demo.batches import BATCH, _unique_references
from triage_app.demo.fill import DEMO_ACTOR, fill_demo
from triage_app.demo.generate import DemoGenerator
from triage_app.demo.life import work_older_requests
from triage_app.demo.profile import load_profile
from triage_app.demo.rows import stored_time
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet, default_rules_dir, load_rules
from triage_app.services.intake import take_request

#: Columns that differ between two saves of the same request for reasons of their own.
_OWN = {"id", "request_id", "version_id", "reference", "record_id"}
_TABLES = (
    "requests", "request_versions", "children", "request_needs", "route_actions", "name_words",
    "contact_attempts", "request_notes", "status_changes", "pathway_overrides",
)  # fmt: skip


@pytest.fixture(scope="module")
def rules(vocab: Vocabularies) -> RuleSet:
    return load_rules(default_rules_dir(), vocab)


def _rows(
    path: Path, table: str, *, own: bool = False, order: str = "rowid"
) -> list[tuple[object, ...]]:
    """Every row of ``table`` as stored: each value beside its storage class, in id order."""
    with sqlite3.connect(path) as conn:
        names = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        kept = [n for n in names if own or n not in _OWN]
        parts = ", ".join(f"typeof({n}), {n}" for n in kept)
        return [tuple(r) for r in conn.execute(f"SELECT {parts} FROM {table} ORDER BY {order}")]


def _indexes(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'")
        return {(name, sql or "") for name, sql in found}


def test_a_loaded_request_is_stored_as_a_normal_save_stores_it(
    tmp_path: Path, resources: Path, rules: RuleSet, vocab: Vocabularies
) -> None:
    count = 60
    loaded, saved = tmp_path / "loaded.sqlite", tmp_path / "saved.sqlite"
    db = open_sqlite(loaded)
    fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=count, seed=11)
    db.close()
    db = open_sqlite(saved)
    # Fewer requests than a batch: all of them come from the first lane's generator.
    generator = DemoGenerator(load_profile(resources), rules.areas, FIXED_NOW, "11/0")
    for demo in generator.requests(count):
        with db.write() as s:
            received = demo.request.received_at or FIXED_NOW
            take_request(s, demo.request, vocab=vocab, rules=rules, actor=DEMO_ACTOR, now=received)
    # Worked as the load works the first lane's requests, with the lane's draws.
    work_older_requests(db, FIXED_NOW, seed="11/0")
    db.close()
    for table in _TABLES:
        assert _rows(loaded, table) == _rows(saved, table), table
    assert len(_rows(loaded, "children")) > count / 2  # the comparison covered children too


def test_a_second_process_makes_the_same_rows(
    tmp_path: Path, resources: Path, rules: RuleSet
) -> None:
    paths = []
    for parallel in (False, True):
        path = tmp_path / f"parallel-{parallel}.sqlite"
        db = open_sqlite(path)
        fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=300, parallel=parallel)
        db.close()
        paths.append(path)
    for table in _TABLES:
        assert _rows(paths[0], table, own=True) == _rows(paths[1], table, own=True), table
    # Worked out after the load: in one statement, and by two processes a part each.
    for table, order in (("rereferrals", "rowid"), ("figure_counts", "month, hub, measure, code")):
        one, two = (_rows(path, table, own=True, order=order) for path in paths)
        assert one == two, table
        assert one, table


def test_loading_keeps_every_index_and_leaves_the_file_durable(
    tmp_path: Path, resources: Path, rules: RuleSet
) -> None:
    path = tmp_path / "demo.sqlite"
    db = open_sqlite(path)
    before = _indexes(path)
    with db.engine.connect() as conn:
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=200)
    assert _indexes(path) == before
    fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=100, seed=2)
    assert _indexes(path) == before
    with db.engine.connect() as conn:  # the connection the load used is as it was
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == cache
        assert conn.exec_driver_sql("PRAGMA threads").scalar() == 0
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("SELECT count(*) FROM requests").fetchone() == (300,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # Loaded without looking each parent up: every row's parent is there.
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_an_index_a_killed_load_left_unbuilt_is_built_by_the_next(
    tmp_path: Path, resources: Path, rules: RuleSet
) -> None:
    path = tmp_path / "demo.sqlite"
    db = open_sqlite(path)
    before = _indexes(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP INDEX ix_children_first_dob")
        conn.execute("DROP INDEX ix_request_versions_phone")
    fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=20)
    db.close()
    assert _indexes(path) == before


def test_a_failure_part_way_keeps_whole_batches_and_the_indexes(
    tmp_path: Path, resources: Path, rules: RuleSet
) -> None:
    path = tmp_path / "demo.sqlite"
    db = open_sqlite(path)
    before = _indexes(path)

    def stop_after_first_batch(done: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        fill_demo(
            db,
            resources=resources,
            rules=rules,
            now=FIXED_NOW,
            count=BATCH + 10,
            progress=stop_after_first_batch,
        )
    db.close()
    assert _indexes(path) == before
    with sqlite3.connect(path) as conn:
        (requests,) = conn.execute("SELECT count(*) FROM requests").fetchone()
        assert requests % BATCH == 0  # whole batches, here none: the first was not committed
        assert conn.execute("SELECT count(*) FROM request_versions").fetchone() == (requests,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_reference_drawn_in_two_lanes_is_drawn_again() -> None:
    first = {t: [] for t in _TABLES} | {"requests": [(1, "HH-AAAA-AAAA", "x", "t", 1)]}
    second = {t: [] for t in _TABLES} | {"requests": [(2, "HH-AAAA-AAAA", "y", "t", 1)]}
    out = list(_unique_references(iter([first, second]), seed=1))
    references = [rows["requests"][0][1] for rows in out]
    assert references[0] == "HH-AAAA-AAAA" and references[1] != references[0]
    assert out[1]["requests"][0][::2] == (2, "y", 1)


@pytest.mark.parametrize("micro", [0, 7, 999_999])
def test_a_time_is_stored_as_the_same_text_whatever_its_zone(micro: int) -> None:
    moment = datetime(2026, 3, 29, 0, 59, 59, micro, tzinfo=UTC)
    local = moment.astimezone(ZoneInfo("Europe/Berlin"))
    assert stored_time(moment) == stored_time(local) == f"2026-03-29 00:59:59.{micro:06d}"
    with pytest.raises(ValueError, match="time zone"):
        stored_time(moment.replace(tzinfo=None))
