"""Export batches: whole, marked, sent once, amendments again, past batches byte for byte."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import update

from tests.export.export_data import TAKEN, amend, save
from triage_app.domain.actor import Actor
from triage_app.domain.request import Family, Referrer
from triage_app.errors import InvalidInput, TriageError
from triage_app.export import (
    SCHEMA_FILE,
    export_pending,
    list_batches,
    pending_summary,
    write_batch_again,
)
from triage_app.export.cells import FORMULA_STARTS
from triage_app.store import audit
from triage_app.store.database import Database
from triage_app.store.version_models import ActionRow

LEADER = Actor(username="team.leader", role="team_leader")


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """The export folder, apart from the test's database file."""
    return tmp_path / "out"


@pytest.fixture(scope="module")
def validator(resources: Path) -> Draft202012Validator:
    schema = json.loads((resources / SCHEMA_FILE).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def records(folder: Path) -> list[dict]:
    lines = (folder / "requests.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def rows(folder: Path) -> list[dict[str, str]]:
    text = (folder / "requests.csv").read_bytes().decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_an_export_writes_a_whole_batch_and_marks_it_sent(
    any_db: Database, actor: Actor, now, out: Path, validator
) -> None:
    references = save(any_db, actor, 5)
    with any_db.read() as s:
        waiting = pending_summary(s)
    assert (waiting.count, waiting.oldest_received_at) == (5, TAKEN)

    result = export_pending(any_db, out, actor=LEADER, now=now)

    assert result.batch is not None and result.folder is not None
    assert result.folder == out / result.batch.batch_id
    assert [p.name for p in out.iterdir()] == [result.batch.batch_id]
    manifest = json.loads((result.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["batch_id"] == result.batch.batch_id
    assert manifest["record_count"] == 5
    assert manifest["schema_version"] == "3"
    assert manifest["created_at"] == "2026-03-16T10:30:00Z"
    for name in ("requests.jsonl", "requests.csv"):
        data = (result.folder / name).read_bytes()
        assert manifest["files"][name] == {
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    sent = records(result.folder)
    assert sorted(r["reference"] for r in sent) == sorted(references)
    assert all(r["version"] == 1 for r in sent)
    for record in sent:
        validator.validate(record)
    table = rows(result.folder)
    assert [r["record_id"] for r in table] == [r["record_id"] for r in sent]
    assert table[0]["child_count"] == "2" and table[0]["unborn_count"] == "1"
    assert table[0]["needs"] == "domestic_abuse;money_debt"
    assert table[0]["child_ages"] == "10;unborn"
    with any_db.read() as s:
        assert pending_summary(s).count == 0
        assert [b.batch_id for b in list_batches(s)] == [result.batch.batch_id]
        logged = audit.entries(s, record_ref=result.batch.batch_id)
    assert [(e.action, e.actor) for e in logged] == [("export", "team.leader")]


def test_run_again_with_nothing_new_it_writes_nothing(
    any_db: Database, actor: Actor, now, out: Path
) -> None:
    save(any_db, actor, 3)
    first = export_pending(any_db, out, actor=LEADER, now=now)
    again = export_pending(any_db, out, actor=LEADER, now=now + timedelta(hours=1))
    assert first.batch is not None
    assert again.batch is None and again.folder is None
    assert [p.name for p in out.iterdir()] == [first.batch.batch_id]
    with any_db.read() as s:
        assert len(list_batches(s)) == 1
        assert [e.action for e in audit.entries(s)] == ["export"]


def test_an_amended_request_goes_again_as_a_new_version(
    any_db: Database, actor: Actor, now, out: Path, validator
) -> None:
    first_ref, _second = save(any_db, actor, 2)
    first = export_pending(any_db, out, actor=LEADER, now=now)
    amend(any_db, actor, first_ref)
    with any_db.read() as s:
        assert pending_summary(s).count == 1

    second = export_pending(any_db, out, actor=LEADER, now=now + timedelta(minutes=5))

    assert first.folder is not None and second.folder is not None
    (before,) = [r for r in records(first.folder) if r["reference"] == first_ref]
    (after,) = records(second.folder)
    validator.validate(after)
    assert (after["record_id"], after["version"]) == (before["record_id"], 2)
    assert after["consent"] == "refused"
    assert after["amendment_reason"] == "consent withdrawn"


def test_every_version_not_yet_sent_goes_in_order(
    db: Database, actor: Actor, now, out: Path
) -> None:
    (reference,) = save(db, actor, 1)
    amend(db, actor, reference)
    amend(db, actor, reference, based_on=2)
    result = export_pending(db, out, actor=LEADER, now=now)
    assert result.folder is not None
    assert [(r["reference"], r["version"]) for r in records(result.folder)] == [
        (reference, 1),
        (reference, 2),
        (reference, 3),
    ]


def test_a_past_batch_is_written_again_byte_for_byte(
    any_db: Database, actor: Actor, now, out: Path
) -> None:
    (reference, *_rest) = save(any_db, actor, 4)
    result = export_pending(any_db, out / "sent", actor=LEADER, now=now)
    assert result.batch is not None and result.folder is not None
    original = folder_bytes(result.folder)
    # Since then: an amendment, and an action marked done. Neither changes what was sent.
    amend(any_db, actor, reference)
    with any_db.write() as s:
        s.execute(update(ActionRow).values(done_at=now, done_by="someone"))

    again = write_batch_again(any_db, result.batch.batch_id, out / "again", actor=LEADER, now=now)
    assert folder_bytes(again) == original
    (result.folder / "requests.csv").write_text("damaged")
    replaced = write_batch_again(any_db, result.batch.batch_id, out / "sent", actor=LEADER, now=now)
    assert replaced == result.folder
    assert folder_bytes(replaced) == original
    assert sorted(p.name for p in (out / "sent").iterdir()) == [result.batch.batch_id]
    with any_db.read() as s:
        actions = [e.action for e in audit.entries(s, record_ref=result.batch.batch_id)]
    assert actions == ["export", "export_again", "export_again"]


def test_withheld_addresses_never_leave(
    db: Database, actor: Actor, now, out: Path, validator
) -> None:
    hidden = Family(first_name="Sam", last_name="Hidden", address="9 Secret Close",
                    withhold_address=True, phone="07700 900999")  # fmt: skip
    (withheld,) = save(db, actor, 1, family=hidden, postcode="CV3 9QQ")
    save(db, actor, 1, start=1)
    result = export_pending(db, out, actor=LEADER, now=now)
    assert result.folder is not None
    everything = b"".join(folder_bytes(result.folder).values())
    for text in (b"9 Secret Close", b"CV3 9QQ", b"CV39QQ", b"CV3,"):
        assert text not in everything
    (record,) = [r for r in records(result.folder) if r["reference"] == withheld]
    validator.validate(record)
    assert record["family"]["address_withheld"] is True
    assert "address" not in record["family"] and "postcode" not in record["family"]
    (row,) = [r for r in rows(result.folder) if r["reference"] == withheld]
    assert row["address_withheld"] == "yes" and row["postcode_district"] == ""
    other = next(r for r in rows(result.folder) if r["reference"] != withheld)
    assert other["postcode_district"] == "CV1"


def test_the_csv_neutralises_formula_cells(db: Database, now, out: Path, validator) -> None:
    awkward = Actor(username="-handler", desk="@desk")
    referrer = Referrer(name="=cmd", organisation='=HYPERLINK("http://example.invalid","x")')
    family = Family(last_name="+Sample", language="\tWelsh", phone="+44 7700 900123")
    save(db, awkward, 2, referrer=referrer, family=family)
    result = export_pending(db, out, actor=LEADER, now=now)
    assert result.folder is not None
    table = rows(result.folder)
    for row in table:
        for cell in row.values():
            assert not cell.startswith(FORMULA_STARTS), cell
    assert table[0]["referrer_organisation"] == "'" + referrer.organisation  # type: ignore[operator]
    assert table[0]["language"] == "'\tWelsh"
    assert table[0]["author"] == "'-handler" and table[0]["desk"] == "'@desk"
    # The case system gets the text as typed, unaltered.
    for record in records(result.folder):
        validator.validate(record)
        assert record["referrer"]["organisation"] == referrer.organisation


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_a_cell_starting_with_any_formula_character_is_neutralised(
    db: Database, actor: Actor, now, out: Path, start: str
) -> None:
    save(db, actor, 1, family=Family(last_name="Sample", language=f"{start}Welsh"))
    result = export_pending(db, out, actor=LEADER, now=now)
    assert result.folder is not None
    (row,) = rows(result.folder)
    assert row["language"] == f"'{start}Welsh"
    assert row["hub"] == "harmony" and row["rules_version"] == "2026.1"


def test_a_wrong_batch_or_folder_is_named(db: Database, actor: Actor, now, out: Path) -> None:
    save(db, actor, 1)
    with pytest.raises(InvalidInput, match="no export batch has the id 'nope'"):
        write_batch_again(db, "nope", out, actor=LEADER, now=now)
    out.mkdir()
    blocker = out / "file"
    blocker.write_text("not a folder")
    with pytest.raises(TriageError, match="cannot write to the folder"):
        export_pending(db, blocker / "out", actor=LEADER, now=now)
    with db.read() as s:
        assert pending_summary(s).count == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only folder")
def test_a_read_only_folder_is_refused_and_nothing_is_marked(
    db: Database, actor: Actor, now, tmp_path: Path
) -> None:
    save(db, actor, 1)
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        with pytest.raises(TriageError, match="cannot write"):
            export_pending(db, locked, actor=LEADER, now=now)
    finally:
        locked.chmod(0o700)
    with db.read() as s:
        assert pending_summary(s).count == 1
        assert list_batches(s) == ()


def test_a_probe_left_by_a_killed_export_is_cleared(db, tmp_path):
    from triage_app.export.batches import PROBE, finish_interrupted

    out = tmp_path / "out"
    out.mkdir()
    (out / f"{PROBE}0badcafe").touch()  # killed between creating and removing its probe
    finish_interrupted(db, out)
    assert list(out.iterdir()) == []
