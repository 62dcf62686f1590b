"""Fixtures for the advice sheets: the shipped wording and rules, and a typical sheet's data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from triage_app.domain.request import Child, Family, TriageRequest
from triage_app.services.intake import take_request
from triage_app.sheets.data import HubDetails, PartnerDetails, SheetData
from triage_app.sheets.service import PRINT_SHEET
from triage_app.sheets.wording import SheetWording, default_wording_file, load_wording
from triage_app.store.audit_models import AuditEntry


@pytest.fixture(scope="session")
def wording(resources: Path) -> SheetWording:
    return load_wording(default_wording_file(resources))


@pytest.fixture
def typical(wording: SheetWording) -> SheetData:
    """A typical early-help sheet: three steps, two advice paragraphs, two partners."""
    return SheetData(
        wording=wording,
        steps=(
            "A key worker from your Family Hub will call you to arrange a time to meet.",
            "Together you will agree a plan for your family.",
            "You can come to Family Hub activities and groups in term time and holidays.",
        ),
        advice=(
            "Early help is free. You choose whether to take it up, and you can stop at any time.",
            "If things get worse before we call, ring your Family Hub and tell us.",
        ),
        partners=(
            PartnerDetails(
                "Advice Service", "Money, debt and benefits.", "024 0000 0001", "example.org"
            ),
            PartnerDetails(
                "Health visiting service", "Checks for children under 5.", "024 0000 0002"
            ),
        ),
        hub=HubDetails(
            "Pathways Family Hub",
            "Lawrence Saunders Road, Coventry CV6 1HD",
            "024 7697 8100",
            "The Family Hub for the Radford area.",
        ),
        first_name="Ann",
        reference="HH-7KQ4-M9XD",
        date_text="16 March 2026",
        respond_within="2 working days",
    )


@pytest.fixture
def reference(db, vocab, rules, actor, now) -> str:
    """A saved request whose family has a first name beyond ASCII and a narrative marker."""
    req = TriageRequest(
        contact_method="face_to_face",
        source="self_referral",
        needs=("money_debt",),
        consent="given",
        children=(Child(age_years=6),),
        hub="harmony",
        family=Family(first_name="Ștefan", last_name="Synthetic"),
        narrative="NARRATIVE-MARKER",
    )
    with db.write() as s:
        return take_request(s, req, vocab=vocab, rules=rules, actor=actor, now=now).reference


def reasons(db) -> list[str | None]:
    """The reason of each "printed the advice sheet" entry, oldest first ("discreet" or none)."""
    with db.read() as s:
        entries = select(AuditEntry.reason).where(AuditEntry.action == PRINT_SHEET)
        return list(s.execute(entries.order_by(AuditEntry.id)).scalars())


def printed(db) -> list[tuple[str, str | None]]:
    """Who printed which sheet, from the audit trail."""
    with db.read() as s:
        rows = s.execute(select(AuditEntry).where(AuditEntry.action == PRINT_SHEET)).scalars()
        return [(e.actor, e.record_ref) for e in rows]
