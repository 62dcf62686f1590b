"""A saved request, read-only: every captured detail, laid out as the form is, and the route.

:func:`record_html` is the content (from :func:`triage_app.services.record_content.record_content`,
which the printed record is made from too), :class:`RecordDialog` shows it. The dialog is
built as a column of panels above its buttons: the record itself first, and whatever a
caller adds with :meth:`RecordDialog.add_panel` (the versions, a status or notes panel).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet
from triage_app.services.record_content import record_content
from triage_app.sheets.record_data import RecordSection
from triage_app.store.stored import StoredRequest


def emergency_text(stored: StoredRequest) -> str | None:
    """The 999 call in words (when, by whom, the police reference), or None without one."""
    call = stored.request.emergency
    if call is None:
        return None
    text = f"999 called {call.called_at:%d/%m/%Y %H:%M} by {call.called_by}"
    return text + (f", police reference {call.police_reference}" if call.police_reference else "")


def _section_html(section: RecordSection) -> str:
    rows = "".join(
        f"<tr><th align=left valign=top width='38%'>{escape(r.label)}</th>"
        f"<td>{escape(r.value)}</td></tr>"
        if r.label
        else f"<tr><td colspan=2>{escape(r.value)}</td></tr>"
        for r in section.rows
    )
    return f"<h3>{escape(section.title)}</h3><table cellpadding=3 width='100%'>{rows}</table>"


def record_html(stored: StoredRequest, vocab: Vocabularies, rules: RuleSet) -> str:
    """Every captured detail of one version, section by section (the printed record's words)."""
    content = record_content(stored, vocab, rules)
    return f"<h2>{escape(content.title)}</h2>" + "".join(_section_html(s) for s in content.sections)


class RecordDialog(QDialog):
    def __init__(
        self,
        stored: StoredRequest,
        vocab: Vocabularies,
        rules: RuleSet,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Request {stored.reference} (read-only)")
        self.setAccessibleName(f"Request {stored.reference}, read-only")
        self.text = QTextBrowser()
        self.text.setAccessibleName("Request details")
        self.text.setHtml(record_html(stored, vocab, rules))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        #: The record, then any added panels, one above the other; the buttons below them all.
        self.panels = QVBoxLayout()
        self.panels.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(self.panels, 1)
        layout.addWidget(self.buttons)
        self.resize(560, 600)

    def add_panel(self, panel: QWidget, stretch: int = 0) -> None:
        """Show ``panel`` below the record and the panels already added, above the buttons."""
        self.panels.addWidget(panel, stretch)

    @classmethod
    def show_record(
        cls, parent: QWidget, stored: StoredRequest, vocab: Vocabularies, rules: RuleSet
    ) -> None:
        """Open the viewer without blocking (several may be open beside the form)."""
        dialog = cls(stored, vocab, rules, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
