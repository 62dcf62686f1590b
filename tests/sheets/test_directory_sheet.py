"""The sheet prints what the services directory confirms, and nothing it does not.

A family facing eviction must leave with a number for debt advice once staff have
confirmed one; until then, an honest "ask your Family Hub", never a guess. A paused or
closed service is never printed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import update

from tests.directory.conftest import LEADER, SOURCE
from tests.sheets.pdfread import read_sheet
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet
from triage_app.services.directory_edit import edit_service
from triage_app.sheets.service import general_sheet, request_sheet
from triage_app.sheets.wording import SheetWording
from triage_app.store.database import Database
from triage_app.store.directory import load_directory
from triage_app.store.directory_models import DirectoryService

CIASS = "Coventry Independent Advice Service"
NUMBER = "0300 000 0000"  # synthetic


@pytest.fixture
def sheet_text(
    db: Database, reference: str, vocab: Vocabularies, rules: RuleSet, wording: SheetWording
) -> Callable[[], str]:
    """The saved request's sheet (money worries: CIASS), read back as the family would."""

    def text() -> str:
        with db.read() as s:
            sheet = request_sheet(s, reference, vocab=vocab, rules=rules, wording=wording)
        return read_sheet(sheet.pdf).text

    return text


@pytest.fixture
def edit(db: Database, vocab: Vocabularies, now: datetime) -> Callable[..., None]:
    """Change CIASS's directory entry, as a team leader who has just checked it."""

    def change(**changes: str) -> None:
        with db.write() as s:
            edit_service(s, LEADER, "ciass", changes, now=now, vocab=vocab, checked=True)

    return change


def test_an_unconfirmed_partner_says_ask_your_hub_and_no_number(
    sheet_text: Callable[[], str],
) -> None:
    text = sheet_text()
    assert CIASS in text
    assert "Ask your Family Hub for the number" in text
    assert "Phone: Ask" not in text


def test_a_confirmed_number_of_an_active_service_is_printed(
    sheet_text: Callable[[], str], edit: Callable[..., None]
) -> None:
    edit(phone=NUMBER, phone_source=SOURCE)
    text = sheet_text()
    assert f"Phone: {NUMBER}" in text
    assert "Ask your Family Hub for the number" not in text


def test_a_number_without_its_source_is_never_printed(
    sheet_text: Callable[[], str], edit: Callable[..., None], db: Database
) -> None:
    edit(phone=NUMBER)
    assert NUMBER not in sheet_text()
    with db.write() as s:  # as a hand edit of the database might leave it
        s.execute(
            update(DirectoryService).where(DirectoryService.code == "ciass").values(phone=NUMBER)
        )
    text = sheet_text()
    assert NUMBER not in text and "Ask your Family Hub for the number" in text


def test_paused_and_closed_services_are_not_printed_a_waiting_list_is_said(
    sheet_text: Callable[[], str], edit: Callable[..., None]
) -> None:
    for status in ("paused", "closed"):
        edit(status=status, phone=NUMBER, phone_source=SOURCE)
        text = sheet_text()
        assert CIASS not in text and NUMBER not in text, status
        assert "Your Family Hub will tell you about another service that can help" in text
    edit(status="waiting_list")
    text = sheet_text()
    assert CIASS in text and "This service has a waiting list." in text
    assert f"Phone: {NUMBER}" in text


def test_a_blank_sheet_prints_the_directorys_confirmed_numbers(
    db: Database,
    vocab: Vocabularies,
    rules: RuleSet,
    wording: SheetWording,
    now: datetime,
    edit: Callable[..., None],
) -> None:
    edit(phone=NUMBER, phone_source=SOURCE)
    with db.read() as s:
        directory = load_directory(s)
    sheet = general_sheet(
        "money_debt", vocab=vocab, rules=rules, wording=wording, on=now.date(), directory=directory
    )
    text = read_sheet(sheet.pdf).text
    assert CIASS in text and f"Phone: {NUMBER}" in text
    without = general_sheet("money_debt", vocab=vocab, rules=rules, wording=wording, on=now.date())
    assert NUMBER not in read_sheet(without.pdf).text  # the seed confirms no partner's number
