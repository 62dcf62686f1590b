"""The blank pathway sheet: general guidance for a presenting need, for displays and partners."""

from __future__ import annotations

from datetime import date

import pytest

from tests.sheets.pdfread import read_sheet, squash
from triage_app.errors import InvalidInput
from triage_app.pathways import route
from triage_app.pathways.discretion import route_is_discreet
from triage_app.sheets.assemble import blank_request
from triage_app.sheets.service import blank_sheet

DAY = date(2026, 3, 16)


def test_every_need_has_a_one_page_blank_sheet_with_its_guidance(vocab, rules, wording):
    for need in vocab.need.codes:
        sheet = read_sheet(blank_sheet(need, vocab=vocab, rules=rules, wording=wording, on=DAY))
        routed = route(blank_request(need), rules, on=DAY)
        assert sheet.pages == 1, need
        assert squash(wording.blank_notice) in sheet.text
        for hub in vocab.hubs:
            assert f"{hub.name}, {hub.address}. Phone: {hub.phone}" in sheet.text
        for line in wording.emergency:
            assert squash(line) in sheet.text
        assert "Your reference" not in sheet.text
        if route_is_discreet(routed, rules):
            continue  # what a discreet sheet prints: test_discreet_sheet.py
        assert squash(wording.blank_title.format(need=vocab.need.label(need))) in sheet.text
        for code in routed.actions:
            assert squash(rules.actions[code].family) in sheet.text, (need, code)
        for paragraph in routed.advice:
            assert squash(paragraph) in sheet.text, need


def test_a_blank_sheet_in_large_print(vocab, rules, wording):
    pdf = blank_sheet(
        "money_debt", vocab=vocab, rules=rules, wording=wording, on=DAY, large_print=True
    )
    sheet = read_sheet(pdf)
    assert min(sheet.sizes) >= 16
    assert "General guidance · page 2" in sheet.text  # large print may run on


def test_an_unknown_need_is_named_with_a_suggestion(vocab, rules, wording):
    with pytest.raises(InvalidInput, match="unknown need 'money_dept' — did you mean 'money_debt'"):
        blank_sheet("money_dept", vocab=vocab, rules=rules, wording=wording, on=DAY)
