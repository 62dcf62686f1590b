"""Pathway advice sheets: the printed page a family takes away (issue #5).

:func:`build_sheet` turns a :class:`SheetData` (plain values, in the family's words) into PDF
bytes; :mod:`~triage_app.sheets.assemble` is the one module that reads the rules to fill it;
:mod:`~triage_app.sheets.service` gives the window and the CLI their use cases:
:func:`request_sheet` and :func:`general_sheet` (PDF bytes, and whether the sheet is
discreet), :func:`blank_sheet` and :func:`record_sheet_printed`.
"""

from triage_app.sheets.data import HubDetails, PartnerDetails, SheetData
from triage_app.sheets.render import build_sheet
from triage_app.sheets.service import (
    PRINT_SHEET,
    Sheet,
    blank_sheet,
    general_sheet,
    record_sheet_printed,
    request_sheet,
)
from triage_app.sheets.styles import register_fonts
from triage_app.sheets.wording import SheetWording, default_wording_file, load_wording

__all__ = [
    "PRINT_SHEET",
    "HubDetails",
    "PartnerDetails",
    "Sheet",
    "SheetData",
    "SheetWording",
    "blank_sheet",
    "build_sheet",
    "default_wording_file",
    "general_sheet",
    "load_wording",
    "record_sheet_printed",
    "register_fonts",
    "request_sheet",
]
