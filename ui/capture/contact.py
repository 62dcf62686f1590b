"""How they got in touch and who is asking; a referrer's details unless the family asked."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget

from triage_app.domain.vocabulary import Vocabularies
from ui.capture.fields import CodeCombo, line_edit
from ui.capture.reading import SELF_SOURCES
from ui.capture.section import Section


class ContactSection(Section):
    def __init__(self, vocab: Vocabularies, parent: QWidget | None = None) -> None:
        super().__init__("Contact", parent)
        self.method = CodeCombo("Contact method", vocab.contact_method)
        self.source = CodeCombo("Who is asking (source)", vocab.source)
        self.add_field("Contact &method", self.method, "contact_method")
        self.add_field("&Source", self.source, "source", tip="Who is asking for help")
        self.ref_name = line_edit("Referrer's name")
        self.ref_org = line_edit("Referrer's organisation")
        self.ref_phone = line_edit("Referrer's phone", max_length=40)
        self.ref_email = line_edit("Referrer's email")
        self._referrer_rows: list[QWidget] = []
        for label, edit, path in (
            ("Referrer's name", self.ref_name, "referrer.name"),
            ("Organisation", self.ref_org, "referrer.organisation"),
            ("Referrer's phone", self.ref_phone, "referrer.phone"),
            ("Referrer's email", self.ref_email, "referrer.email"),
        ):
            caption = self.add_field(label, edit, path)
            self._referrer_rows += [caption, edit]
        for combo in (self.method, self.source):
            combo.changed.connect(self.changed)
        self.source.changed.connect(self._show_referrer)
        for edit in self._edits():
            edit.textChanged.connect(self.changed)
        self._show_referrer()

    def _edits(self) -> list[QLineEdit]:
        return [self.ref_name, self.ref_org, self.ref_phone, self.ref_email]

    def _show_referrer(self) -> None:
        show = self.source.code() not in SELF_SOURCES and self.source.code() is not None
        for edit in self._edits():
            holder = edit.parentWidget()
            if holder is not None:
                self.form.setRowVisible(holder, show)

    def referrer_shown(self) -> bool:
        return self.ref_name.isVisibleTo(self)

    def focus_chain(self) -> list[QWidget]:
        return [self.method, self.source, *self._edits()]

    def values(self) -> dict[str, Any]:
        return {
            "contact_method": self.method.code(),
            "source": self.source.code(),
            "referrer": {
                "name": self.ref_name.text(),
                "organisation": self.ref_org.text(),
                "phone": self.ref_phone.text(),
                "email": self.ref_email.text(),
            },
        }

    def set_values(self, values: dict[str, Any]) -> None:
        self.method.set_code(values.get("contact_method"))
        self.source.set_code(values.get("source"))
        ref = values.get("referrer") or {}
        self.ref_name.setText(ref.get("name", ""))
        self.ref_org.setText(ref.get("organisation", ""))
        self.ref_phone.setText(ref.get("phone", ""))
        self.ref_email.setText(ref.get("email", ""))
