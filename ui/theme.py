"""Colours and type: the system's font and size always; a high-contrast palette when asked for.

Nothing sets a font size in points or pixels: large text is a multiple of the system font,
so the window follows the size staff have chosen for their PC, times their own text size
(``ui.preferences``: 100 % is the system's).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_BASE_SHEET = """
#fieldError { color: %(error)s; font-weight: bold; }
*[problem="true"] { border: 2px solid %(error)s; }
*[copied="true"] { border: 2px dashed %(copied)s; }
#copiedNotice { border: 2px dashed %(copied)s; }
#demoBanner { background: #fff3b0; color: #000000; border: 2px dashed #7a5c00; padding: 4px; }
#deskPrompt { background: palette(alternate-base); border: 1px solid palette(mid); padding: 4px; }
#savedReference { border: 3px solid %(ok)s; }
#callTimer { font-weight: bold; }
"""


def system_prefers_high_contrast() -> bool:
    """Whether the desktop asks for high contrast (Qt 6.10+ can tell; older Qt cannot)."""
    hints = QGuiApplication.styleHints()
    accessibility = getattr(hints, "accessibility", None)
    if accessibility is None:
        return False
    try:
        preference = accessibility().contrastPreference()
    except AttributeError:
        return False
    return "High" in getattr(preference, "name", str(preference))


def high_contrast_palette() -> QPalette:
    """White on black, yellow for what is selected or linked: WCAG AAA contrast throughout."""
    p = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        p.setColor(role, black)
    p.setColor(QPalette.ColorRole.AlternateBase, QColor("#1a1a1a"))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.ToolTipText,
    ):
        p.setColor(role, white)
    p.setColor(QPalette.ColorRole.ToolTipBase, black)
    p.setColor(QPalette.ColorRole.Highlight, yellow)
    p.setColor(QPalette.ColorRole.HighlightedText, black)
    p.setColor(QPalette.ColorRole.Link, yellow)
    p.setColor(QPalette.ColorRole.PlaceholderText, QColor("#c0c0c0"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#a0a0a0"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#a0a0a0"))
    return p


def apply_text_size(app: QApplication, text_size: int) -> bool:
    """All text at ``text_size`` per cent of the system's (100: the system's own), at any time.

    Every size in the window is a multiple of the application font, so one change scales it
    all; the system's font is kept from the first call so that sizes never compound.
    Returns whether the size changed.
    """
    system = app.property("systemFont")
    if not isinstance(system, QFont):
        system = QFont(app.font())
        app.setProperty("systemFont", system)
    font = QFont(system)
    if system.pointSizeF() > 0:
        font.setPointSizeF(system.pointSizeF() * text_size / 100)
    else:
        font.setPixelSize(round(system.pixelSize() * text_size / 100))
    resized = app.font() != font
    app.setProperty("textSize", text_size)
    app.setFont(font)
    return resized


def apply_theme(app: QApplication, *, high_contrast: bool, text_size: int = 100) -> None:
    """Set the palette, the text size and the few style rules; call again when they change."""
    resized = apply_text_size(app, text_size)
    contrast = high_contrast or system_prefers_high_contrast()
    if contrast:
        app.setPalette(high_contrast_palette())
        colours = {"error": "#ffff00", "ok": "#00ff00", "copied": "#00ffff"}
    else:
        app.setPalette(QPalette())  # nothing resolved: the platform's own palette
        colours = {"error": "#a40000", "ok": "#1d5e20", "copied": "#7a5c00"}
    app.setProperty("highContrast", contrast)
    sheet = _BASE_SHEET % colours
    # Setting the style sheet, even the same one, restyles every widget there is (0.3 s and
    # more at each sign-in), and it is what carries a new text size to widgets already shown
    # under a style sheet: it is set when the sheet or the size changed, not otherwise.
    if resized or app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
