"""``triage-app record``: a request given as JSON is saved as the window would save it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.cli.conftest import Cli
from tests.conftest import open_sqlite
from triage_app.config import AppConfig
from triage_app.store import audit
from triage_app.store.audit_models import AuditEntry
from triage_app.store.models import RequestVersion
from triage_app.store.stored import load_request

# Recording signs in as test.handler (TRIAGE_USER and TRIAGE_PASSWORD in cli_config).
pytestmark = pytest.mark.usefixtures("staff")

CALL = {
    "contact_method": "telephone",
    "source": "education",
    "needs": ["school_attendance", "anxiety_low_mood"],
    "primary_need": "anxiety_low_mood",
    "children": [
        {
            "first_name": "Zofia",
            "last_name": "Sampleton",
            "date_of_birth": "2013-05-02",
            "gender": "female",
            "ethnicity": "other_white",
        }
    ],
    "consent": "given",
    "postcode": "cv6 1hd",
    "family": {"first_name": "Ioana", "last_name": "Sampleton", "phone": "07700 900123"},
    "referrer": {"name": "A Teacher", "organisation": "Example School"},
    "narrative": "Mum says Zofia will not go to school since half term.",
    "received_at": "2026-03-16T09:15:00+00:00",
}


def _count(config: AppConfig) -> int:
    db = open_sqlite(Path(config.database))
    with db.read() as s:
        n = s.execute(select(func.count(RequestVersion.id))).scalar_one()
    db.close()
    return int(n)


def test_a_request_is_saved_routed_and_audited(cli: Cli, cli_config: AppConfig) -> None:
    result = cli("record", stdin=json.dumps(CALL))
    assert result.code == 0, result.err
    printed = json.loads(result.out)
    assert set(printed) == {"reference", "pathway"}
    db = open_sqlite(Path(cli_config.database))
    with db.read() as s:
        stored = load_request(s, printed["reference"])
        entries = audit.entries(s, record_ref=printed["reference"])
    db.close()
    assert stored.route.pathway == printed["pathway"]
    assert stored.request.children[0].first_name == "Zofia"
    assert stored.request.primary_need == "anxiety_low_mood"
    assert stored.request.postcode == "CV6 1HD"
    assert stored.author == "test.handler"
    assert stored.route.trace, "every route says why"
    assert [e.action for e in entries] == ["create"]
    assert entries[0].actor == "test.handler"


def test_a_file_argument_is_read(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(CALL), encoding="utf-8")
    assert cli("record", str(path)).code == 0


def test_invalid_json_is_refused_and_nothing_is_written(cli: Cli, cli_config: AppConfig) -> None:
    result = cli("record", stdin='{"contact_method": "telephone",')
    assert result.code == 2
    assert "not valid JSON" in result.err and "line 1" in result.err
    assert "Traceback" not in result.err
    assert _count(cli_config) == 0


def test_an_unknown_code_is_refused_naming_the_field(cli: Cli, cli_config: AppConfig) -> None:
    bad = {**CALL, "needs": ["domestic_abuze"], "primary_need": None}
    result = cli("record", stdin=json.dumps(bad))
    assert result.code == 2
    assert "needs[0]" in result.err
    assert "did you mean 'domestic_abuse'" in result.err
    assert _count(cli_config) == 0


def test_an_unknown_key_and_a_wrong_type_are_both_named(cli: Cli) -> None:
    bad = {**CALL, "children": [{"age_years": "three"}], "colour": "blue"}
    result = cli("record", stdin=json.dumps(bad))
    assert result.code == 2
    assert "children[0].age_years" in result.err
    assert "colour: unknown field" in result.err


def test_recording_is_never_anonymous(cli: Cli, cli_config: AppConfig) -> None:
    anonymous = AppConfig(**{**cli_config.__dict__, "environ": {}})
    result = cli("record", stdin=json.dumps(CALL), config=anonymous)
    assert result.code == 1
    assert "--user" in result.err
    assert _count(cli_config) == 0


def test_saving_and_its_audit_entry_land_together(cli: Cli, cli_config: AppConfig) -> None:
    for _ in range(3):
        assert cli("record", stdin=json.dumps(CALL)).code == 0
    db = open_sqlite(Path(cli_config.database))
    with db.read() as s:
        creates = s.execute(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == "create")
        ).scalar_one()
        assert list(audit.chain_breaks(s)) == []
    db.close()
    assert creates == _count(cli_config) == 3


EMERGENCY = {
    "contact_method": "telephone",
    "source": "police",
    "answers": {"immediate_danger": True},
    "children_unknown": True,
    "received_at": "2026-03-16T10:10:00Z",
}


def test_an_emergency_is_recorded_at_once_with_its_999_call(
    cli: Cli, cli_config: AppConfig
) -> None:
    refused = cli("record", stdin=json.dumps(EMERGENCY))
    assert refused.code == 2 and "emergency:" in refused.err and "Traceback" not in refused.err
    assert _count(cli_config) == 0
    call = {"called_at": "2026-03-16T10:08:00Z", "called_by": "call handler"}
    result = cli("record", stdin=json.dumps({**EMERGENCY, "emergency": call}))
    assert result.code == 0, result.err
    printed = json.loads(result.out)
    assert printed["pathway"] == "emergency"
    db = open_sqlite(Path(cli_config.database))
    with db.read() as s:
        stored = load_request(s, printed["reference"])
        incomplete = s.execute(select(RequestVersion.incomplete)).scalar_one()
    db.close()
    assert stored.request.emergency is not None
    assert stored.request.emergency.called_by == "call handler"
    assert stored.request.children_unknown and incomplete


def test_the_third_request_in_a_year_is_recorded_with_a_consultation(
    cli: Cli, cli_config: AppConfig
) -> None:
    days = ("2025-02-20", "2026-02-25", "2026-03-01", "2026-03-16")  # 370 days, then 4 and 15
    saved = []
    for day in days:
        result = cli("record", stdin=json.dumps({**CALL, "received_at": f"{day}T09:15:00Z"}))
        assert result.code == 0, result.err
        saved.append(json.loads(result.out)["reference"])
    db = open_sqlite(Path(cli_config.database))
    with db.read() as s:
        stored = [load_request(s, ref) for ref in saved]
    db.close()
    assert [r.request.earlier_requests for r in stored] == [0, 0, 1, 2]
    consulted = ["safeguarding_consultation" in r.route.actions for r in stored]
    assert consulted == [False, False, False, True]


def test_concerns_are_recorded(cli: Cli, cli_config: AppConfig) -> None:
    result = cli("record", stdin=json.dumps({**CALL, "concerns": ["self_harm"]}))
    assert result.code == 0, result.err
    db = open_sqlite(Path(cli_config.database))
    with db.read() as s:
        stored = load_request(s, json.loads(result.out)["reference"])
    db.close()
    assert stored.request.concerns == ("self_harm",)
    assert "safeguarding_consultation" in stored.route.actions


def test_answers_given_as_an_empty_object_are_questions_unasked(
    cli: Cli, cli_config: AppConfig
) -> None:
    result = cli("record", stdin=json.dumps({**CALL, "answers": {}}))
    assert result.code == 0, result.err
    db = open_sqlite(Path(cli_config.database))
    with db.read() as s:
        stored = load_request(s, json.loads(result.out)["reference"])
    db.close()
    answers = stored.request.answers
    assert (answers.immediate_danger, answers.significant_harm) == (None, None)
