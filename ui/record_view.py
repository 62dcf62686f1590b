"""A saved request, read-only: what an earlier request said and where it went.

A minimal viewer the requests list (and amending) will build on: :func:`record_html` is the
content, :class:`RecordDialog` shows it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from triage_app.domain.vocabulary import Vocabularies, Vocabulary
from triage_app.pathways import RuleSet
from triage_app.store.stored import StoredRequest


def _label(vocab: Vocabulary, code: str | None) -> str:
    if code is None:
        return "—"
    return vocab.label(code) if code in vocab else code


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not asked"}[value]


def emergency_text(stored: StoredRequest) -> str | None:
    """The 999 call in words (when, by whom, the police reference), or None without one."""
    call = stored.request.emergency
    if call is None:
        return None
    text = f"999 called {call.called_at:%d/%m/%Y %H:%M} by {call.called_by}"
    return text + (f", police reference {call.police_reference}" if call.police_reference else "")


def _emergency_rows(stored: StoredRequest) -> list[tuple[str, str]]:
    rows = []
    if stored.request.children_unknown:
        rows.append(("Children", "in the household, ages not known yet"))
    text = emergency_text(stored)
    if text is not None:
        rows.append(("Emergency", text))
    return rows


def record_html(stored: StoredRequest, vocab: Vocabularies, rules: RuleSet) -> str:
    req, route = stored.request, stored.route
    fam = req.family
    rows = [
        ("Reference", stored.reference),
        ("Received", (req.received_at or stored.created_at).strftime("%d/%m/%Y %H:%M")),
        ("Recorded by", f"{stored.author} ({stored.desk or 'no desk'})"),
        ("Version", f"{stored.version} of {stored.latest_version}"),
        ("Contact", _label(vocab.contact_method, req.contact_method)),
        ("Source", _label(vocab.source, req.source)),
        ("Parent or carer", " ".join(filter(None, (fam.first_name, fam.last_name))) or "—"),
        ("Postcode", req.postcode or "—"),
        ("Phone", fam.phone or "—"),
        ("Needs", ", ".join(_label(vocab.need, n) for n in req.needs) or "—"),
        ("Safeguarding concerns", ", ".join(_label(vocab.concern, c) for c in req.concerns) or "—"),
        ("Consent", _label(vocab.consent, req.consent)),
        ("Immediate danger", _yes_no(req.answers.immediate_danger)),
        ("Significant harm", _yes_no(req.answers.significant_harm)),
        ("Domestic abuse high risk", _yes_no(req.answers.domestic_abuse_high_risk)),
        *_emergency_rows(stored),
        ("Pathway", _label(vocab.pathway, route.pathway)),
        ("Hub", vocab.hub.label(route.hub) if route.hub and route.hub in vocab.hub else "—"),
    ]
    children = [
        " ".join(filter(None, (c.first_name, c.last_name)))
        + (
            " (unborn)"
            if c.unborn
            else f" born {c.date_of_birth:%d/%m/%Y}"
            if c.date_of_birth
            else ""
        )
        for c in req.children
    ]
    actions = [rules.actions[a].label if a in rules.actions else a for a in route.actions]
    table = "".join(
        f"<tr><th align=left>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows
    )
    parts = [f"<h2>{escape(stored.reference)}</h2><table cellpadding=3>{table}</table>"]
    for title, items in (
        ("Children", children),
        ("Actions", actions),
        ("Why", [t.reason for t in route.trace]),
    ):
        parts.append(
            f"<h3>{title}</h3><ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"
        )
    if req.narrative:
        parts.append(f"<h3>In their words</h3><p>{escape(req.narrative)}</p>")
    return "".join(parts)


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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(560, 600)

    @classmethod
    def show_record(
        cls, parent: QWidget, stored: StoredRequest, vocab: Vocabularies, rules: RuleSet
    ) -> None:
        """Open the viewer without blocking (several may be open beside the form)."""
        dialog = cls(stored, vocab, rules, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
