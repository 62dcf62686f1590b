"""``db check`` finds the audit trail tampered with, on SQLite and PostgreSQL (issue 22, item 7).

The desk writes its trail as the app does (a database opened with this PC's audit folder:
keyed entries, the head kept beside the key). Then someone with full control of the database
but not of the desk's audit folder edits the trail with plain SQL, putting the append-only
triggers back afterwards so that only the evidence under test is left; ``db check`` must
say what was done, and exit 1.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text

from tests.conftest import FIXED_NOW, STAFF_PASSWORD, TEST_POLICY, add_staff, owner_engine
from tests.export.test_export_golden import fill
from triage_app import __version__
from triage_app.cli.main import run
from triage_app.config import AppConfig
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.export import export_pending
from triage_app.locations import resources_dir
from triage_app.store import audit
from triage_app.store.audit_guard import allow_audit_changes, forbid_audit_changes
from triage_app.store.audit_models import AuditEntry
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import open_database
from triage_app.store.models import ExportBatch

TABLE = AuditEntry.__table__
LEADER = Actor(username="test.leader", role="team_leader", desk="freephone-1")
Check = Callable[..., tuple[int, str]]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def desk(request: pytest.FixtureRequest, tmp_path: Path) -> AppConfig:
    """A desk's configuration: its database (either kind) and its own data folder."""
    if request.param == "sqlite":
        database = str(tmp_path / "desk.sqlite")
    else:
        database = request.getfixturevalue("postgres_url")
    return AppConfig(
        database=database,
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources_dir(),
        environ={"TRIAGE_USER": "test.leader", "TRIAGE_PASSWORD": STAFF_PASSWORD},
        clock=lambda: FIXED_NOW,
        accounts=TEST_POLICY,
    )


def open_desk(config: AppConfig) -> Database:
    """The database as the app opens it on this desk: with its audit folder."""
    db = Database(make_engine(database_url(config.database)), config.audit)
    open_database(db, __version__)
    return db


def work(db: Database, actions: int, start: int = 0) -> None:
    """Audited work, one transaction each, as staff signing in and printing sheets do."""
    for i in range(start, start + actions):
        with db.write() as s:
            audit.append(s, LEADER, "print_sheet", at=FIXED_NOW + timedelta(minutes=i),
                         record_ref=f"HH-TEST-{i:04d}")  # fmt: skip


@pytest.fixture
def worked(desk: AppConfig) -> AppConfig:
    """The desk after some audited work: accounts added, then eight entries more."""
    db = open_desk(desk)
    add_staff(db, FIXED_NOW, ("test.leader", "team_leader"))
    work(db, 8)
    db.close()
    return desk


@pytest.fixture
def check(capsys: pytest.CaptureFixture[str]) -> Check:
    """Run ``triage-app db check [more]`` on a desk; its exit status and output."""

    def invoke(config: AppConfig, *more: str) -> tuple[int, str]:
        code = run(["db", "check", *more], config=config)
        captured = capsys.readouterr()
        assert "Traceback" not in captured.out + captured.err
        return code, captured.out + captured.err

    return invoke


def full_access(config: AppConfig) -> Engine:
    """The database as someone who owns it: a SQLite file's user, PostgreSQL's owner role.

    A desk role cannot touch the triggers at all (tests/cli/test_desk_role.py).
    """
    url = database_url(config.database)
    return make_engine(url) if url.get_backend_name() == "sqlite" else owner_engine(url)


def attack(config: AppConfig) -> Iterator[Connection]:
    """A connection with the triggers out of the way, put back after: full database access."""
    engine = full_access(config)
    with engine.begin() as conn:
        allow_audit_changes(conn)
        yield conn
        forbid_audit_changes(conn)
    engine.dispose()


def tamper(config: AppConfig, *statements: str) -> None:
    for conn in attack(config):
        for statement in statements:
            conn.execute(text(statement))


def rows(conn: Connection) -> list[dict[str, Any]]:
    """The trail as the app reads it (times as aware UTC datetimes)."""
    return [dict(r._mapping) for r in conn.execute(TABLE.select().order_by(TABLE.c.id))]


def rechain(conn: Connection, start: int) -> None:
    """Recompute every hash from entry ``start`` on, as the chain's own code would, unkeyed."""
    prev = audit.GENESIS
    for e in rows(conn):
        if e["id"] >= start:
            fields = (e["actor"], e["role"], e["desk"], e["action"], e["record_ref"], e["reason"])
            digest = audit.entry_hash(prev, e["at"], fields)
            conn.execute(
                TABLE.update().where(TABLE.c.id == e["id"]).values(prev_hash=prev, hash=digest)
            )
        prev = digest if e["id"] >= start else e["hash"]


def last_id(config: AppConfig) -> int:
    engine = make_engine(database_url(config.database))
    with engine.connect() as conn:
        value = conn.execute(text("SELECT max(id) FROM audit_entries")).scalar()
    engine.dispose()
    return int(value or 0)


def test_an_untouched_trail_is_healthy(worked: AppConfig, check: Check) -> None:
    code, out = check(worked)
    assert code == 0 and "healthy" in out, out


@pytest.mark.parametrize("cut", [1, 3])
def test_the_newest_entries_cut_off_are_found(worked: AppConfig, check: Check, cut: int) -> None:
    end = last_id(worked)
    tamper(worked, f"DELETE FROM audit_entries WHERE id > {end - cut}")
    code, out = check(worked)
    assert code == 1
    assert f"ends at entry {end - cut}" in out and f"names entry {end}" in out
    assert "the newest entries were removed" in out


def test_every_entry_cut_off_is_found(worked: AppConfig, check: Check) -> None:
    tamper(worked, "DELETE FROM audit_entries")
    code, out = check(worked)
    assert code == 1
    assert "holds no entries" in out and "the newest entries were removed" in out


def test_every_entry_and_the_record_of_keying_cut_off_is_found(
    worked: AppConfig, check: Check
) -> None:
    tamper(worked, "DELETE FROM audit_entries", "DELETE FROM audit_keys")
    code, out = check(worked)
    assert code == 1
    assert "holds no entries" in out and "its record of keying was changed" in out


def test_an_entry_appended_with_a_recomputed_hash_is_found(worked: AppConfig, check: Check) -> None:
    for conn in attack(worked):
        last = rows(conn)[-1]
        at = FIXED_NOW + timedelta(hours=1)
        fields = ("test.leader", "team_leader", "freephone-1", "print_sheet", "HH-FAKE-0001", None)
        names = ("actor", "role", "desk", "action", "record_ref", "reason")
        conn.execute(
            TABLE.insert().values(
                id=int(str(last["id"])) + 1,
                at=at,
                prev_hash=last["hash"],
                hash=audit.entry_hash(str(last["hash"]), at, fields),
                **dict(zip(names, fields, strict=True)),
            )
        )
    code, out = check(worked)
    assert code == 1
    assert f"audit entry {int(str(last['id'])) + 1}: added or rewritten outside" in out


def test_an_entry_edited_and_the_chain_recomputed_is_found(worked: AppConfig, check: Check) -> None:
    end = last_id(worked)
    edited = end - 4
    for conn in attack(worked):
        conn.execute(
            text(f"UPDATE audit_entries SET record_ref = 'HH-ELSE-0000' WHERE id = {edited}")
        )
        rechain(conn, edited)
    code, out = check(worked)
    assert code == 1
    assert f"audit entries {edited} to {end}: added or rewritten outside the app" in out
    assert f"audit entry {end} is not the entry this PC's head" in out


def test_the_append_only_triggers_dropped_are_found(worked: AppConfig, check: Check) -> None:
    engine = full_access(worked)
    with engine.begin() as conn:
        allow_audit_changes(conn)
    engine.dispose()
    code, out = check(worked)
    assert code == 1
    assert "append-only guard audit_entries_no_" in out and "missing" in out


def test_a_cut_is_not_healed_by_using_the_app_again(worked: AppConfig, check: Check) -> None:
    """New work after the cut chains on from the cut end; this PC's head stays where it was."""
    end = last_id(worked)
    tamper(worked, f"DELETE FROM audit_entries WHERE id > {end - 3}")
    db = open_desk(worked)
    work(db, 6, start=100)  # past the old end: the entry the head names is a different one
    db.close()
    code, out = check(worked)
    assert code == 1
    # SQLite numbers the new entries on from the cut end, PostgreSQL from its sequence.
    assert f"audit entry {end} is not the entry this PC's head" in out or (
        f"audit entry {end}, named by this PC's head" in out and "was removed" in out
    )


def test_entries_written_before_keying_are_still_checked(desk: AppConfig, check: Check) -> None:
    """A database from before this version: its plain entries, then keyed ones, both hold."""
    plain = Database(make_engine(database_url(desk.database)))
    open_database(plain, __version__)
    add_staff(plain, FIXED_NOW, ("test.leader", "team_leader"))
    work(plain, 3)
    plain.close()
    first_keyed = last_id(desk) + 1
    db = open_desk(desk)
    work(db, 3, start=10)
    db.close()
    assert check(desk)[0] == 0
    for conn in attack(desk):
        assert conn.execute(text("SELECT first_entry FROM audit_keys")).scalar() == first_keyed
        conn.execute(text("UPDATE audit_entries SET reason = 'changed' WHERE id = 2"))
    code, out = check(desk)
    assert code == 1 and "audit entry 2: its contents were changed" in out


def test_a_desk_with_another_key_or_none_is_refused_plainly(
    worked: AppConfig, tmp_path: Path
) -> None:
    """Every desk of one database needs the same key; a second desk without it saves nothing."""
    other = replace(worked, data_dir=tmp_path / "other-desk")
    db = open_desk(other)
    with pytest.raises(TriageError, match="has no copy of the audit key") as refused:
        work(db, 1)
    assert "TRIAGE_AUDIT_KEY" in str(refused.value)
    db.close()
    (tmp_path / "other-desk" / "audit").mkdir(parents=True)
    (tmp_path / "other-desk" / "audit" / "audit.key").write_text("ab" * 32 + "\n")
    db = open_desk(other)
    with pytest.raises(TriageError, match="is not the one this database's trail is kept with"):
        work(db, 1)
    db.close()
    shared = replace(other, audit_key=worked.audit.key_file)  # IT's TRIAGE_AUDIT_KEY
    db = open_desk(shared)
    work(db, 2, start=50)
    db.close()


def test_the_key_is_made_on_first_need_for_its_owner_alone(worked: AppConfig) -> None:
    key = worked.audit.key_file
    assert key.stat().st_mode & 0o777 == 0o600
    assert len(key.read_text().strip()) == 64
    slots = sorted(worked.audit.heads_dir.glob("*.json"))
    assert len(slots) == 2  # written in turn, in place
    assert all(slot.stat().st_mode & 0o777 == 0o600 for slot in slots)
    kept = max(json.loads(slot.read_text())["entry"] for slot in slots)
    assert kept == last_id(worked)


def export_batch(config: AppConfig, out: Path) -> dict[str, Any]:
    """Export what is waiting (the golden requests) from the desk; the batch's manifest."""
    db = open_desk(config)
    fill(db)
    with db.read() as s:
        before = audit.head(s)
    result = export_pending(db, out, actor=LEADER, now=FIXED_NOW + timedelta(days=1))
    db.close()
    assert result.folder is not None
    content: dict[str, Any] = json.loads((result.folder / "manifest.json").read_text())
    assert content["audit_head"] == {"entry": before.entry, "hash": before.hash}
    return content


def test_each_export_batch_carries_the_audit_head(
    worked: AppConfig, tmp_path: Path, check: Check
) -> None:
    content = export_batch(worked, tmp_path / "central")
    assert content["audit_head"]["entry"] == last_id(worked) - 1  # the export's own entry after
    code, out = check(worked, "--against", str(tmp_path / "central"))
    assert code == 0 and "agrees with 1 export batch(es)" in out, out


def test_against_finds_a_cut_hidden_from_the_desk(
    worked: AppConfig, tmp_path: Path, check: Check
) -> None:
    """Database and audit folder both in hand: only the central system's copy still shows it."""
    content = export_batch(worked, tmp_path / "central")
    sent = content["audit_head"]["entry"]
    for head in worked.audit.heads_dir.glob("*.json"):
        head.unlink()
    for conn in attack(worked):
        conn.execute(TABLE.delete().where(TABLE.c.id >= sent))
        batches = ExportBatch.__table__
        stored = conn.execute(batches.select()).one()
        plain = {k: v for k, v in stored.manifest.items() if k != "audit_head"}
        conn.execute(batches.update().values(manifest=plain))
    assert check(worked)[0] == 0  # what the desk alone can no longer see
    code, out = check(worked, "--against", str(tmp_path / "central"))
    assert code == 1
    assert f"ends at entry {sent - 1}, but export batch {content['batch_id']}" in out
    assert f"names entry {sent}" in out


def test_the_heads_recorded_with_batches_show_a_cut_too(
    worked: AppConfig, tmp_path: Path, check: Check
) -> None:
    content = export_batch(worked, tmp_path / "central")
    for head in worked.audit.heads_dir.glob("*.json"):
        head.unlink()
    tamper(worked, f"DELETE FROM audit_entries WHERE id >= {content['audit_head']['entry']}")
    code, out = check(worked)
    assert code == 1 and "(as recorded in this database)" in out


def test_against_a_folder_without_manifests_is_invalid_input(
    worked: AppConfig, tmp_path: Path, check: Check
) -> None:
    (tmp_path / "empty").mkdir()
    code, out = check(worked, "--against", str(tmp_path / "empty"))
    assert code == 2 and "--against: no export manifest carrying an audit head" in out
    code, out = check(worked, "--against", str(tmp_path / "nowhere"))
    assert code == 2 and "is not a folder" in out
