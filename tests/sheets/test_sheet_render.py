"""The renderer: what a family reads on the page, read back from the PDF."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.sheets.pdfread import read_sheet, squash
from triage_app.sheets.data import PartnerDetails, SheetData
from triage_app.sheets.render import build_sheet
from triage_app.sheets.styles import LARGE_PRINT_MIN


def test_a_typical_sheet_says_who_what_next_and_what_to_do_in_an_emergency(typical: SheetData):
    sheet = read_sheet(build_sheet(typical))
    for expected in (
        "For Ann",
        "Your reference: HH-7KQ4-M9XD",
        "Date: 16 March 2026",
        "Pathways Family Hub",
        "Lawrence Saunders Road, Coventry CV6 1HD",
        "Phone: 024 7697 8100",
        "How to find it: The Family Hub for the Radford area.",
        "We aim to contact you within 2 working days.",
        *typical.steps,
        *typical.advice,
        "Advice Service",
        "Phone: 024 0000 0001 · Website: example.org",
        "Phone: 024 0000 0002",
        "call 999",
    ):
        assert squash(expected) in sheet.text


def test_steps_are_numbered_in_the_routes_order(typical: SheetData):
    text = read_sheet(build_sheet(typical)).text
    positions = [text.index(f"{n}. {step}") for n, step in enumerate(typical.steps, start=1)]
    assert positions == sorted(positions)


def test_a_typical_sheet_fits_on_one_a4_page(typical: SheetData):
    pdf = build_sheet(typical)
    assert read_sheet(pdf).pages == 1
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf  # A4


def test_the_same_sheet_gives_the_same_bytes(typical: SheetData):
    assert build_sheet(typical) == build_sheet(typical)


MARKUP_NAMES = [
    'Zoë <b>&amp; "Ann"',
    "O'Brien & <i>Sons</i>",
    "<para>&lt;x&gt;</para>",
    "A&B <br/>",
]
NAMES_BEYOND_ASCII = ["Łucja Żółćińska", "Ștefan Țăranu", "Řehoř Čechová", "Ğülşen Işıkçı", "Zoë"]


@pytest.mark.parametrize("name", MARKUP_NAMES + NAMES_BEYOND_ASCII)
def test_names_come_out_exactly_as_written(typical: SheetData, name: str):
    sheet = read_sheet(build_sheet(replace(typical, first_name=name)))
    assert f"For {name}" in sheet.text


def test_every_text_is_drawn_in_the_embedded_font(typical: SheetData):
    sheet = read_sheet(build_sheet(replace(typical, first_name=NAMES_BEYOND_ASCII[0])))
    assert sheet.fonts == {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"}


def test_markup_in_the_services_own_wording_is_printed_not_obeyed(typical: SheetData):
    partner = PartnerDetails(
        "Food & <Friends>", "Tins <b>and</b> & bread", "0 & 1", "a.org/?x=1&y=2"
    )
    steps = ("Call us & we'll <u>help</u>.",)
    sheet = read_sheet(build_sheet(replace(typical, partners=(partner,), steps=steps)))
    for text in (
        "Food & <Friends>",
        "Tins <b>and</b> & bread",
        "Phone: 0 & 1",
        "a.org/?x=1&y=2",
        "1. Call us & we'll <u>help</u>.",
    ):
        assert text in sheet.text


def test_large_print_is_16_point_or_more_throughout(typical: SheetData):
    sheet = read_sheet(build_sheet(replace(typical, large_print=True)))
    assert min(sheet.sizes) >= LARGE_PRINT_MIN >= 16
    for step in typical.steps:
        assert squash(step) in sheet.text
    assert "Phone: 024 7697 8100" in sheet.text


def test_standard_print_is_smaller_than_large_print(typical: SheetData):
    sheet = read_sheet(build_sheet(typical))
    assert max(sheet.sizes) < 20 and min(sheet.sizes) >= 8


def test_without_a_first_name_the_sheet_names_nobody(typical: SheetData):
    sheet = read_sheet(build_sheet(replace(typical, first_name=None)))
    assert "For " not in sheet.text
    assert "Your reference: HH-7KQ4-M9XD" in sheet.text


def test_without_a_hub_the_sheet_gives_the_line_and_every_hub(typical: SheetData, vocab):
    from triage_app.sheets.assemble import hub_details

    hubs = tuple(hub_details(h) for h in vocab.hubs)
    sheet = read_sheet(build_sheet(replace(typical, hub=None, all_hubs=hubs)))
    assert "Your Family Hub" not in sheet.text
    assert typical.wording.heading_no_hub in sheet.text
    for hub in vocab.hubs:
        assert hub.name in sheet.text and f"Phone: {hub.phone}" in sheet.text


def test_a_route_without_actions_still_says_what_happens_next(typical: SheetData):
    sheet = read_sheet(build_sheet(replace(typical, steps=(), respond_within=None)))
    assert squash(typical.wording.no_steps) in sheet.text
