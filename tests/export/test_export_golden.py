"""The exact bytes of a batch, pinned: any change to how records are read or written shows.

A receiver checks each file against the SHA-256 in the manifest, and ``--batch`` re-creates a
past batch only if its bytes are unchanged, so the files' bytes are part of the format. The
requests below carry the awkward values real ones do: commas, quotes, line breaks and
non-ASCII in free text, cells a spreadsheet would run, several children of each kind, no
phone, no referrer, a withheld address, an amended request, several needs and none.

Format 2 adds a request saved partial: an emergency with its 999 call, concerns, children not
yet known, two earlier requests, no needs and no consent yet.

The expected files are in ``golden/``; after a deliberate change to the format (which needs a
new ``schema_version``), write them again with ``python -m tests.export.test_export_golden``.
``golden/v1/`` holds a batch of the first three requests as format 1 wrote it, and
``golden/v2/`` the requests above as format 2 wrote them: a batch recorded in a past format is
written again in it, byte for byte.

Format 3 adds the requests' life after the front door (:func:`fill_life`): an attempt, a
note with awkward text, an override upward and one downward approved by a second team
leader, a request closed with its outcome and the MASH decision as given.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.request import (
    Answers,
    Child,
    EmergencyCall,
    Family,
    Referrer,
    TriageRequest,
)
from triage_app.domain.route import Route, TraceEntry
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.export import export_pending, write_batch_again
from triage_app.locations import resources_dir
from triage_app.pathways import load_rules
from triage_app.services.contact import add_note, record_attempt
from triage_app.services.outcomes import close_request
from triage_app.services.overrides import decide_override, override_pathway
from triage_app.store import audit
from triage_app.store.database import Database
from triage_app.store.models import ExportBatch, Request
from triage_app.store.requests import add_version, insert_request

GOLDEN = Path(__file__).with_name("golden")
GOLDEN_V1 = GOLDEN / "v1"
GOLDEN_V2 = GOLDEN / "v2"
FILES = ("requests.jsonl", "requests.csv", "manifest.json")
NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
TAKEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEADER = Actor(username="team.leader", role="team_leader")
HANDLER = Actor(username="test.handler", role="call_handler", desk="freephone-1")
ODD_HANDLER = Actor(username="=odd,handler", role="call_handler")

ROUTE = Route(
    pathway="early_help",
    actions=("call_back", "early_help_assessment"),
    hub="harmony",
    rules_version="2026.1",
    respond_within="2 working days",
    trace=(
        TraceEntry("da_child", 'Domestic abuse, with a child "in the household"'),
        TraceEntry("naïve_rule", "Zoë's rule: ✓ café"),
    ),
)
BARE_ROUTE = Route(
    pathway="advice", actions=(), hub=None, rules_version="2026.1", respond_within=None, trace=()
)

AWKWARD = TriageRequest(
    contact_method="telephone",
    source="education",
    needs=("domestic_abuse", "money_debt", "housing_rent"),
    primary_need="money_debt",
    consent="given",
    children=(
        Child(first_name="Zoë", last_name="O'Brien, \"Jr\"", date_of_birth=date(2015, 3, 2),
              gender="female", ethnicity="white_british", send=True),
        Child(first_name="Łukasz", age_years=7, gender="male"),
        Child(unborn=True),
        Child(first_name="=SUM(A1)", last_name="Nowak", date_of_birth=date(2025, 3, 3)),
    ),
    send=True,
    answers=Answers(immediate_danger=False, significant_harm=None, domestic_abuse_high_risk=True),
    postcode="cv6 1hd",
    family=Family(first_name="Siân", last_name='O\'Brien, "Jr"', address="Flat 2,\n1 Sample St",
                  email="sian@example.invalid", language="Polski", interpreter=True),
    referrer=Referrer(name="R. Teacher", organisation="+44 Example, \"Primary\"",
                      phone="-0 24 7600 0000", email="@school"),
    narrative='Said "we\'re fine", then:\r\nline two,\nline three\ttabbed — 家族 👪',
    received_at=datetime(2026, 3, 1, 23, 30, 15, 654321, tzinfo=timezone(timedelta(hours=1))),
)  # fmt: skip
WITHHELD = TriageRequest(
    contact_method="face_to_face",
    source="self_referral",
    needs=("homelessness",),
    consent="not_asked",
    children=(Child(age_years=0, ethnicity="not_recorded"),),
    postcode="CV3 9QQ",
    hub="mosaic",
    family=Family(first_name="Sam", last_name="Hidden", address="9 Secret Close",
                  withhold_address=True, phone="07700 900999"),
    narrative=None,
    received_at=TAKEN,
)  # fmt: skip
PLAIN = TriageRequest(
    contact_method="email",
    source="health",
    needs=(),
    consent="refused",
    referrer=Referrer(name="@Nurse"),
    narrative="",
    received_at=TAKEN + timedelta(minutes=1),
)
EMERGENCY = TriageRequest(
    contact_method="telephone",
    source="police",
    needs=(),
    consent=None,
    children=(Child(first_name="Kai", last_name="Ünal"),),
    children_unknown=True,
    answers=Answers(immediate_danger=True),
    concerns=("physical_abuse", "neglect"),
    earlier_requests=2,
    emergency=EmergencyCall(
        called_at=datetime(2026, 3, 2, 9, 5, 30, tzinfo=UTC),
        called_by='PC "Example", 24/7',
        police_reference="=CV-0001",
    ),
    received_at=TAKEN + timedelta(minutes=2),
)
EMERGENCY_ROUTE = Route(
    pathway="emergency",
    actions=("call_999", "mash_referral", "safeguarding_consultation"),
    hub=None,
    rules_version="2026.1",
    respond_within="immediately",
    trace=(TraceEntry("floor_immediate_danger", "Immediate danger: emergency"),),
)


def _fix_ids(s: Session, ref: str, i: int) -> None:
    s.execute(
        update(Request)
        .where(Request.reference == ref)
        .values(reference=f"HH-GOLD-000{i}", record_id=f"00000000-0000-4000-8000-00000000000{i}")
    )


def fill(db: Database, *, partial: bool = True) -> None:
    """The requests above, with fixed ids, the second amended twice; with ``partial``, then
    the emergency saved partial (format 2's)."""
    _fill_v1(db)
    if partial:
        with db.write() as s:
            _fix_ids(s, insert_request(s, EMERGENCY, EMERGENCY_ROUTE, actor=HANDLER, now=TAKEN), 3)


LEADER_2 = Actor(username="second.leader", role="team_leader")
LATER = TAKEN + timedelta(days=3)


def fill_life(db: Database) -> None:
    """Format 3's: life changes to the requests :func:`fill` saved, each a new version."""
    vocab = load_vocabularies(resources_dir())
    rules = load_rules(resources_dir() / "pathways", vocab)
    with db.write() as s:  # as a caller reads them out: "HH-G01D-0000" (no O or L)
        for i in range(4):
            s.execute(
                update(Request)
                .where(Request.reference == f"HH-GOLD-000{i}")
                .values(reference=f"HH-G01D-000{i}")
            )
    with db.write() as s:
        record_attempt(
            s, "HH-G01D-0000", method="telephone", reached=False, actor=LEADER, now=LATER,
            vocab=vocab, note='No answer; "voicemail full"',
        )  # fmt: skip
        add_note(s, "HH-G01D-0000", "=Ünal: school says call after 3pm,\nnot before", actor=LEADER,
                 now=LATER)  # fmt: skip
        override_pathway(
            s, "HH-G01D-0000", chosen="social_care", reason="Worried, see note", actor=LEADER,
            now=LATER, rules=rules,
        )  # fmt: skip
        asked = override_pathway(
            s, "HH-G01D-0002", chosen="signpost", reason="Housing team has it in hand",
            actor=LEADER, now=LATER + timedelta(hours=1), rules=rules,
        )  # fmt: skip
        decide_override(
            s, "HH-G01D-0002", asked.id, approve=True, actor=LEADER_2,
            now=LATER + timedelta(hours=2), rules=rules,
        )  # fmt: skip
        close_request(
            s, "HH-G01D-0001", outcome="advice_given", reason="Advice given", actor=LEADER,
            now=LATER, vocab=vocab,
        )  # fmt: skip
        close_request(
            s, "HH-G01D-0002", outcome="stepped_up_mash", reason="MASH took it", actor=LEADER,
            now=LATER + timedelta(hours=3), vocab=vocab, mash_decision="Strategy discussion, s47",
        )  # fmt: skip


def _fill_v1(db: Database) -> None:
    with db.write() as s:
        refs = [
            insert_request(s, AWKWARD, ROUTE, actor=HANDLER, now=TAKEN),
            insert_request(s, PLAIN, BARE_ROUTE, actor=ODD_HANDLER, now=TAKEN),
            insert_request(s, WITHHELD, ROUTE, actor=HANDLER, now=TAKEN),
        ]
        for i, ref in enumerate(refs):
            _fix_ids(s, ref, i)
    amended = TriageRequest(
        contact_method="telephone", source="police", needs=("anxiety_low_mood", "other"),
        consent="given", children=(Child(age_years=16, gender="indeterminate"),),
        postcode="CV1 5ZZ", family=Family(last_name="Ünal"), narrative="Amended;\nnow, two",
        received_at=TAKEN + timedelta(minutes=1),
    )  # fmt: skip
    with db.write() as s:
        add_version(s, "HH-GOLD-0001", amended, ROUTE, actor=HANDLER,
                    now=TAKEN + timedelta(days=1), reason='Rang back: "wrong needs"',
                    based_on=1)  # fmt: skip
    with db.write() as s:
        add_version(s, "HH-GOLD-0001", PLAIN, BARE_ROUTE, actor=ODD_HANDLER,
                    now=TAKEN + timedelta(days=2), reason="back as it was", based_on=2)  # fmt: skip
    with db.write() as s:  # the audit head the manifest carries: entry 1, plain (no anchor)
        audit.append(s, HANDLER, "create", at=TAKEN, record_ref="HH-GOLD-0000")


def exported(db: Database, out: Path, **making: Any) -> dict[str, bytes]:
    """The files of one export of everything, the batch's random id made fixed."""
    result = export_pending(db, out, actor=LEADER, now=NOW, **making)
    assert result.batch is not None and result.folder is not None
    files = {name: (result.folder / name).read_bytes() for name in FILES}
    files["manifest.json"] = files["manifest.json"].replace(
        result.batch.batch_id.encode(), b"BATCH-ID"
    )
    return files


@pytest.fixture(params=["here", "by helpers"])
def made(request: pytest.FixtureRequest) -> dict[str, int]:
    """Each batch made in the exporting process, and by two helper processes (a large
    export's way), two versions a chunk."""
    return {} if request.param == "here" else {"helpers": 2, "chunk": 2}


def test_a_batch_is_written_byte_for_byte_as_pinned(
    any_db: Database, tmp_path: Path, made: dict[str, int]
) -> None:
    fill(any_db)
    fill_life(any_db)
    files = exported(any_db, tmp_path / "out", **made)
    for name in FILES:
        assert files[name] == (GOLDEN / name).read_bytes(), name


@pytest.mark.parametrize("record_format", ["1", "2"])
def test_a_batch_recorded_in_a_past_format_is_written_again_in_it_byte_for_byte(
    any_db: Database, tmp_path: Path, made: dict[str, int], record_format: str
) -> None:
    """A batch sent before format 3 (its row says its format, its manifest the bytes sent)."""
    golden = GOLDEN_V1 if record_format == "1" else GOLDEN_V2
    if record_format == "1":
        _fill_v1(any_db)
    else:
        fill(any_db)
    sent = export_pending(any_db, tmp_path / "out", actor=LEADER, now=NOW, **made)
    assert sent.batch is not None
    batch_id = sent.batch.batch_id
    manifest = (golden / "manifest.json").read_bytes().replace(b"BATCH-ID", batch_id.encode())
    with any_db.write() as s:
        row = s.get(ExportBatch, batch_id)
        assert row is not None
        row.schema_version = record_format
        row.manifest = json.loads(manifest)
    again = write_batch_again(any_db, batch_id, tmp_path / "again", actor=LEADER, now=NOW)
    assert (again / "manifest.json").read_bytes() == manifest
    for name in FILES[:2]:
        assert (again / name).read_bytes() == (golden / name).read_bytes(), name


def _write_golden() -> None:  # pragma: no cover - run by hand after a deliberate change
    import tempfile

    from tests.conftest import open_sqlite

    with tempfile.TemporaryDirectory() as tmp:
        db = open_sqlite(Path(tmp) / "golden.sqlite")
        fill(db)
        fill_life(db)
        files = exported(db, Path(tmp) / "out")
        db.close()
    GOLDEN.mkdir(exist_ok=True)
    for name, data in files.items():
        (GOLDEN / name).write_bytes(data)
        print(f"wrote {GOLDEN / name} ({len(data)} bytes)", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    _write_golden()


def test_the_pinned_records_of_format_3_are_as_its_schema_says_and_as_json_writes_them() -> None:
    from jsonschema import Draft202012Validator, FormatChecker

    from triage_app.export import SCHEMA_FILE

    schema = json.loads((resources_dir() / SCHEMA_FILE).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    check = Draft202012Validator(schema, format_checker=FormatChecker())
    lines = (GOLDEN / "requests.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    for line, record in zip(lines, records, strict=True):
        check.validate(record)
        assert line == json.dumps(record, sort_keys=True, separators=(",", ":"))
    changes = [r["life"]["change"] for r in records]
    assert {"attempt", "note", "override", "status"} <= set(changes)
