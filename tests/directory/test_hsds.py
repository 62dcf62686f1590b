"""Open Referral UK (HSDS) JSON: written and read back without loss, bad files refused."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import open_sqlite
from tests.directory.conftest import LEADER, SOURCE
from triage_app.directory.hsds import export_hsds, parse_hsds
from triage_app.domain.directory import Detail
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import InvalidInput
from triage_app.services.directory_edit import import_services, save_service
from triage_app.store.database import Database
from triage_app.store.directory import load_directory, load_entry

HSDS_STATUSES = {"active", "inactive", "defunct", "temporarily closed"}


def _fill(db: Database, now: datetime, vocab: Vocabularies) -> None:
    """Entries using every field: sources, ages, referral, statuses, staff-only, checked."""
    with db.write() as s:
        ciass = load_entry(s, "ciass")
        assert ciass is not None
        save_service(
            s,
            LEADER,
            replace(
                ciass,
                phone=Detail("0300 000 0000", SOURCE),
                email=Detail("advice@example.org", SOURCE),
                web=Detail("https://example.org", SOURCE),
                address=Detail("1 Example Street, Coventry CV1 1AA", SOURCE),
                opening_hours=Detail("Monday to Friday, 9am to 5pm", ""),
                age_from=16,
                age_to=120,
                referral="self",
                status="waiting_list",
                note="synthetic",
            ),
            now=now,
            vocab=vocab,
            checked=True,
        )
        gp = load_entry(s, "gp")
        assert gp is not None
        save_service(s, LEADER, replace(gp, status="paused"), now=now, vocab=vocab)
        camhs = load_entry(s, "camhs")
        assert camhs is not None
        save_service(s, LEADER, replace(camhs, status="closed"), now=now, vocab=vocab)


def test_export_import_export_is_identical(
    any_db: Database, tmp_path: Path, now: datetime, vocab: Vocabularies
) -> None:
    _fill(any_db, now, vocab)
    with any_db.read() as s:
        stored = list(load_directory(s))
    first = export_hsds(stored, vocab)
    read_back = parse_hsds(first)
    assert [replace(e, version=0) for e in read_back] == [replace(e, version=0) for e in stored]
    fresh = open_sqlite(tmp_path / "fresh.sqlite")
    try:
        with fresh.write() as s:
            saved = import_services(s, LEADER, read_back, now=now, vocab=vocab)
        assert {e.code for e in saved} == {"ciass", "gp", "camhs"}
        with fresh.read() as s:
            again = export_hsds(load_directory(s), vocab)
    finally:
        fresh.close()
    assert again == first


def test_the_export_fits_the_standards_shape(
    db: Database, now: datetime, vocab: Vocabularies
) -> None:
    _fill(db, now, vocab)
    with db.read() as s:
        document = json.loads(export_hsds(load_directory(s), vocab))
    services = document["services"]
    assert len(services) == 28
    for service in services:
        uuid.UUID(service["id"])
        assert service["name"] and service["status"] in HSDS_STATUSES
        uuid.UUID(service["organization"]["id"])
    ciass = next(s for s in services if s["name"] == "Coventry Independent Advice Service")
    assert ciass["phones"] == [
        {"id": ciass["phones"][0]["id"], "number": "0300 000 0000", "description": SOURCE}
    ]
    (address,) = ciass["service_at_locations"][0]["location"]["addresses"]
    assert address["postal_code"] == "CV1 1AA" and address["country"] == "GB"
    assert (ciass["minimum_age"], ciass["maximum_age"], ciass["assured_date"]) == (
        16,
        120,
        "2026-03-16",
    )
    terms = {
        (a["taxonomy_term"]["vocabulary"], a["taxonomy_term"]["code"]) for a in ciass["attributes"]
    }
    assert ("here-to-help-need", "money_debt") in terms
    assert ("here-to-help-status", "waiting_list") in terms
    statuses = {s["name"]: s["status"] for s in services}
    assert statuses["Your GP (family doctor)"] == "temporarily closed"
    assert statuses["Child and Adolescent Mental Health Services (CAMHS)"] == "defunct"


def test_another_systems_file_reads_as_far_as_it_goes() -> None:
    foreign = {
        "services": [
            {
                "id": "svc-1",
                "name": "Example Food Bank",
                "description": "Food parcels.",
                "status": "temporarily closed",
                "url": "https://food.example.org",
                "phones": [{"id": "p1", "number": "024 7600 0001"}],
                "service_at_locations": [
                    {
                        "id": "sl1",
                        "location": {
                            "id": "l1",
                            "addresses": [
                                {
                                    "id": "a1",
                                    "address_1": "2 Example Road",
                                    "postal_code": "CV2 2BB",
                                }
                            ],
                        },
                    }
                ],
                "extra_field": "ignored",
            }
        ]
    }
    (entry,) = parse_hsds(json.dumps(foreign))
    assert (entry.code, entry.kind, entry.status) == ("example_food_bank", "partner", "paused")
    assert entry.phone == Detail("024 7600 0001", "")  # no source given: unconfirmed
    assert not entry.may_give_number and entry.unconfirmed == ("phone", "web", "address")
    assert entry.address.value == "2 Example Road, CV2 2BB"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{", "not JSON (line 1, column 2)"),
        ("[]", "(the file): input should be a valid dictionary"),
        ("{}", "services: field required"),
        ('{"services": [{"id": "x", "name": "", "status": "active"}]}', "services[0].name"),
        ('{"services": [{"id": "x", "name": "A", "status": "open"}]}', "services[0].status"),
        (
            '{"services": [{"id": "x", "name": "A", "status": "active", "minimum_age": -1}]}',
            "services[0].minimum_age",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_where(text: str, says: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_hsds(text)
    assert says in str(refused.value)
