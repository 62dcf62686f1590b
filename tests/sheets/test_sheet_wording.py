"""The sheet's own wording is the service's to edit, and a mistake in it is caught on loading."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.sheets.pdfread import read_sheet, squash
from triage_app.errors import TriageError
from triage_app.sheets.data import SheetData
from triage_app.sheets.render import build_sheet
from triage_app.sheets.wording import SheetWording, default_wording_file, load_wording


def _edited(resources: Path, tmp_path: Path, old: str, new: str) -> Path:
    text = default_wording_file(resources).read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "wording.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_shipped_wording_loads_and_leaves_the_line_number_to_the_service(wording: SheetWording):
    assert wording.emergency and "999" in wording.emergency[0]
    assert wording.line_phone == ""  # not in the source documents: the service fills it in


def test_the_line_number_the_service_sets_is_printed(resources, tmp_path, typical: SheetData):
    path = _edited(resources, tmp_path, 'phone = ""', 'phone = "0800 000 0000 (test)"')
    sheet = read_sheet(build_sheet(replace(typical, wording=load_wording(path))))
    assert "Freephone Early Help line: 0800 000 0000 (test)" in sheet.text


def test_until_then_the_sheet_prints_no_number_for_the_line(typical: SheetData):
    sheet = read_sheet(build_sheet(typical))
    assert "Freephone Early Help line" not in sheet.text
    assert squash(typical.wording.line_intro[1]) in sheet.text


def test_reworded_headings_are_printed(resources, tmp_path, typical: SheetData):
    path = _edited(
        resources, tmp_path, 'emergency = "In an emergency"', 'emergency = "Danger now?"'
    )
    sheet = read_sheet(build_sheet(replace(typical, wording=load_wording(path))))
    assert "Danger now?" in sheet.text and "In an emergency" not in sheet.text


def test_a_placeholder_the_sheet_cannot_fill_is_reported_with_its_key(resources, tmp_path):
    path = _edited(resources, tmp_path, '"For {first_name}"', '"For {surname}"')
    with pytest.raises(TriageError, match=r"'family\.for_name' uses \{surname\}.*\{first_name\}"):
        load_wording(path)


def test_a_missing_text_is_reported_with_its_key(resources, tmp_path):
    path = _edited(resources, tmp_path, 'partners = "Other services that can help"', "")
    with pytest.raises(TriageError, match=r"'headings\.partners' is missing"):
        load_wording(path)


def test_broken_toml_is_reported_not_raised_as_a_bug(tmp_path):
    path = tmp_path / "wording.toml"
    path.write_text("title = \n", encoding="utf-8")
    with pytest.raises(TriageError, match="not valid TOML"):
        load_wording(path)


def test_respond_within_phrasings_read_as_sentences(wording: SheetWording):
    assert wording.respond_sentence("immediately") == "We will act on this straight away."
    assert (
        wording.respond_sentence("3 working days") == "We aim to contact you within 3 working days."
    )
