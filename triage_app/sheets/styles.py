"""The sheet's fonts and paragraph styles, in one place.

The font is DejaVu Sans, embedded from ``resources/fonts/`` so that names in Polish,
Romanian, Czech, Turkish and many other languages print as written. It is registered with
reportlab the first time a sheet is built, once per process per folder, not on import.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from triage_app.errors import TriageError

REGULAR_FILE = "DejaVuSans.ttf"
BOLD_FILE = "DejaVuSans-Bold.ttf"
#: Names the fonts are registered under; the family name lets ``<b>`` find the bold face.
FAMILY = "HereToHelpSans"
BOLD = "HereToHelpSans-Bold"

#: Smallest size of any text on a large-print sheet, in points.
LARGE_PRINT_MIN = 16.0


@dataclass(frozen=True)
class Sizes:
    """Font sizes in points for one form of the sheet; leading is 1.3 times the size."""

    title: float
    heading: float
    body: float
    small: float


STANDARD = Sizes(title=17, heading=12.5, body=10.5, small=8.5)
LARGE = Sizes(title=24, heading=20, body=LARGE_PRINT_MIN, small=LARGE_PRINT_MIN)

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#0b4f6c")
RULE_GREY = colors.HexColor("#9a9a9a")
EMERGENCY_TINT = colors.HexColor("#fdecea")


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one form of the sheet."""

    sizes: Sizes
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    strong: ParagraphStyle
    step: ParagraphStyle
    small: ParagraphStyle


@cache
def register_fonts(fonts_dir: Path) -> str:
    """Register the embedded fonts with reportlab (once); returns the family name to use."""
    try:
        pdfmetrics.registerFont(TTFont(FAMILY, str(fonts_dir / REGULAR_FILE)))
        pdfmetrics.registerFont(TTFont(BOLD, str(fonts_dir / BOLD_FILE)))
    except (OSError, TTFError) as e:
        raise TriageError(
            f"the sheet's font is missing or damaged in {fonts_dir} ({e}); "
            "reinstall the application"
        ) from None
    pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=BOLD, italic=FAMILY, boldItalic=BOLD)
    return FAMILY


def _style(name: str, size: float, font: str, **extra: object) -> ParagraphStyle:
    settings: dict[str, object] = {
        "fontName": font,
        "fontSize": size,
        "leading": round(size * 1.3, 1),
        "textColor": INK,
        "bulletFontName": FAMILY,
        "bulletFontSize": size,
    }
    settings.update(extra)
    return ParagraphStyle(name, **settings)


@cache
def styles(large_print: bool) -> Styles:
    """Standard or large-print styles (every text 16 pt or more in large print)."""
    s = LARGE if large_print else STANDARD
    gap = s.body * 0.45
    return Styles(
        sizes=s,
        title=_style("title", s.title, BOLD, textColor=ACCENT, spaceAfter=gap),
        heading=_style(
            "heading",
            s.heading,
            BOLD,
            textColor=ACCENT,
            spaceBefore=gap * 1.6,
            spaceAfter=gap * 0.6,
        ),
        body=_style("body", s.body, FAMILY, spaceAfter=gap * 0.6),
        strong=_style("strong", s.body, BOLD, spaceAfter=gap * 0.6),
        step=_style(
            "step", s.body, FAMILY, leftIndent=s.body * 1.6, bulletIndent=0, spaceAfter=gap * 0.5
        ),
        small=_style("small", s.small, FAMILY, textColor=INK, spaceAfter=gap * 0.4),
    )
