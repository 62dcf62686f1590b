"""The record printed for the file: every captured detail on paper, read back; audited."""

from __future__ import annotations

import pytest

from tests.services.requests_data import ADMIN, EVERYTHING, HANDLER, save
from tests.sheets.pdfread import read_sheet
from triage_app.accounts.roles import NotPermitted
from triage_app.services.record_print import PRINT_RECORD, record_pdf, record_printed
from triage_app.store import audit


@pytest.fixture
def everything(db, rules, vocab, now) -> str:
    return save(db, rules, vocab, EVERYTHING, received=now)


def test_every_captured_detail_is_printed(db, rules, vocab, now, everything):
    with db.read() as s:
        pdf = record_pdf(s, everything, actor=HANDLER, now=now, vocab=vocab, rules=rules)
    text = read_sheet(pdf).text
    for shown in (
        everything,
        "Referrermarker", "Orgmarker School", "024 7600 0666", "teacher@example.org",
        "Parentmarker", "Everyfield", "024 7600 0555", "family@example.org", "Languagemarker",
        "Interpreter needed Yes", "Keep address private Yes",
        "Kidmarker", "03/02/2015", "Female", "White Irish", "SEND Yes", "unborn",
        "Children in the household, ages not known yet Yes",
        "Primary need", "Housing or rent", "Domestic abuse", "Neglect",
        "Narrativemarker said",
        "999 called by Callermarker", "PR-4242",
        "Immediate danger Yes", "Domestic abuse high risk Yes",
    ):  # fmt: skip
        assert shown in text, shown
    # The family asked to keep the address private: withheld on paper too.
    assert "Addressmarker" not in text and "CV2 1EQ" not in text
    assert "Address withheld" in text and "Postcode withheld" in text


def test_printing_is_for_those_who_may_open_it_and_is_audited(db, rules, vocab, now, everything):
    with pytest.raises(NotPermitted), db.read() as s:
        record_pdf(s, everything, actor=ADMIN, now=now, vocab=vocab, rules=rules)
    with db.write() as s:
        record_printed(s, everything, actor=HANDLER, now=now, version=1)
    with db.read() as s:
        entries = [(e.action, e.actor, e.reason) for e in audit.entries(s, record_ref=everything)]
    assert (PRINT_RECORD, HANDLER.username, "version 1") in entries


def test_why_the_family_cannot_be_reached_and_an_estimated_birth_date_are_printed(
    db, rules, vocab, now
):
    """An anonymous caller about a baby whose age was given in months: both shown as such."""
    from dataclasses import replace
    from datetime import date

    from tests.services.requests_data import HOUSING

    baby = replace(
        HOUSING.children[0], date_of_birth=date(2025, 9, 16), date_of_birth_estimated=True
    )
    anonymous = replace(
        HOUSING,
        family=replace(HOUSING.family, phone=None, email=None, address=None),
        children=(baby,),
        no_contact_reason="anonymous",
    )
    ref = save(db, rules, vocab, anonymous, received=now)
    with db.read() as s:
        pdf = record_pdf(s, ref, actor=HANDLER, now=now, vocab=vocab, rules=rules)
    text = read_sheet(pdf).text
    assert "Anonymous caller: gave no details" in text
    assert "about 16/09/2025" in text and "estimated from the age given" in text
