"""CSV cells a spreadsheet cannot run.

Excel, LibreOffice and Power BI's editors treat a cell that begins with ``=``, ``+``, ``-``,
``@``, a tab, a carriage return or a line feed as a formula ("CSV injection"): a surname typed
as ``=HYPERLINK(...)`` would become a link, or worse, in a team leader's spreadsheet. Such a
cell is written with a leading apostrophe, which spreadsheets show as text (the OWASP advice).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
_STARTS = frozenset(FORMULA_STARTS)


def safe_cell(value: str) -> str:
    """``value``, or ``'value`` when a spreadsheet would take it for a formula."""
    return "'" + value if value[:1] in _STARTS else value


def safe_row(cells: list[str]) -> list[str]:
    """Every cell of a row made safe; the same test inline, as an export has millions."""
    return [("'" + c) if c[:1] in _STARTS else c for c in cells]
