"""The family: the parent or carer, where they live, how to reach them, language, and hub."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from triage_app.domain.reach import FIELD, NO_CONTACT_REASONS
from triage_app.domain.vocabulary import Vocabularies
from ui.capture.fields import CodeCombo, line_edit, row
from ui.capture.section import Section


class FamilySection(Section):
    def __init__(self, vocab: Vocabularies, parent: QWidget | None = None) -> None:
        super().__init__("Family", parent)
        self.first_name = line_edit("Parent or carer's first name")
        self.last_name = line_edit("Parent or carer's surname")
        self.address = line_edit("Address", "House number and street, area", max_length=500)
        self.postcode = line_edit("Postcode", "e.g. CV6 1HD", max_length=12)
        self.phone = line_edit("Family's phone", max_length=40)
        self.email = line_edit("Family's email")
        self.no_contact = CodeCombo(
            "Why the family cannot be reached",
            NO_CONTACT_REASONS,
            placeholder="Only if no phone, email or address…",
        )
        self.language = line_edit(
            "Preferred language", "e.g. English, Polish, Arabic", max_length=80
        )
        # No mnemonic: Alt+I is the immediate-danger question, Alt+K the high-risk one.
        self.interpreter = QCheckBox("Interpreter needed")
        self.interpreter.setAccessibleName("Interpreter needed")
        self.withhold = QCheckBox("Keep address private")
        self.withhold.setAccessibleName("Keep address private")
        self.withhold.setToolTip("For a family who must not be found, e.g. fleeing abuse")
        self.hub = CodeCombo(
            "Hub", vocab.hub, placeholder="Automatic: from postcode, else this desk"
        )
        self.hub.insertItem(0, "Automatic: from postcode, else this desk", None)
        self.hub.setCurrentIndex(0)
        self.add_field("&Parent or carer", self.first_name, "family.first_name")
        self.add_field("S&urname", self.last_name, "family.last_name")
        self.add_field("&Address", self.address, "family.address")
        self.add_field("Post&code", self.postcode, "postcode")
        self.add_field("Phon&e", self.phone, "family.phone")
        self.add_field("Email", self.email, "family.email")
        # No mnemonic: every free letter is another field's (the keyboard scheme's).
        self.add_field(
            "If no way to reach them",
            self.no_contact,
            "no_contact_reason",
            tip="Early help, or a promise to get back to them, needs a phone, email or "
            "address, or the reason there is none",
        )
        self.slots[FIELD] = self.slots["no_contact_reason"]
        self.add_field("&Language", self.language, "family.language")
        self.form.addRow("", row(self.interpreter, self.withhold))
        self.add_field(
            "Hu&b", self.hub, "hub", tip="Leave automatic unless the family asks for another hub"
        )
        for edit in self._edits():
            edit.textChanged.connect(self.changed)
        for box in (self.interpreter, self.withhold):
            box.toggled.connect(self.changed)
        self.hub.changed.connect(self.changed)
        self.no_contact.changed.connect(self.changed)

    def _edits(self) -> list[QLineEdit]:
        return [
            self.first_name,
            self.last_name,
            self.address,
            self.postcode,
            self.phone,
            self.email,
            self.language,
        ]

    def focus_chain(self) -> list[QWidget]:
        first, last, address, postcode, phone, email, language = self._edits()
        return [
            *(first, last, address, postcode, phone, email),
            self.no_contact,
            language,
            self.interpreter,
            self.withhold,
            self.hub,
        ]

    def values(self) -> dict[str, Any]:
        return {
            "family": {
                "first_name": self.first_name.text(),
                "last_name": self.last_name.text(),
                "address": self.address.text(),
                "postcode": self.postcode.text(),
                "phone": self.phone.text(),
                "email": self.email.text(),
                "language": self.language.text(),
                "interpreter": self.interpreter.isChecked(),
                "withhold_address": self.withhold.isChecked(),
            },
            "hub": self.hub.currentData(),
            "no_contact_reason": self.no_contact.code(),
        }

    def set_values(self, values: dict[str, Any]) -> None:
        fam = values.get("family") or {}
        for name in (
            "first_name",
            "last_name",
            "address",
            "postcode",
            "phone",
            "email",
            "language",
        ):
            getattr(self, name).setText(fam.get(name, ""))
        self.interpreter.setChecked(bool(fam.get("interpreter")))
        self.withhold.setChecked(bool(fam.get("withhold_address")))
        self.no_contact.set_code(values.get("no_contact_reason"))
        index = self.hub.findData(values.get("hub")) if values.get("hub") else 0
        self.hub.setCurrentIndex(max(index, 0))
