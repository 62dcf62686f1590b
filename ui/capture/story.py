"""What the family says, in their own words; and whether they consent to early help."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from triage_app.domain.vocabulary import Vocabulary
from ui.capture.fields import CodeCombo
from ui.capture.section import Section


class StorySection(Section):
    """The family's words (free text; Tab leaves the box, it does not type a tab)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("In their words", parent)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("What the family says, in their words")
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText("What they say is happening, and what help they want")
        self.text.setMinimumHeight(70)
        # About six lines: enough to read back, not so tall that the questions fall out of sight.
        self.text.setMaximumHeight(self.text.fontMetrics().lineSpacing() * 6 + 14)
        self.add_field("&What they say", self.text, "narrative")
        self.text.textChanged.connect(self.changed)

    def focus_chain(self) -> list[QWidget]:
        return [self.text]

    def values(self) -> dict[str, Any]:
        return {"narrative": self.text.toPlainText()}

    def set_values(self, values: dict[str, Any]) -> None:
        self.text.setPlainText(values.get("narrative") or "")


class ConsentSection(Section):
    """Consent to early help, asked and recorded; never assumed."""

    def __init__(self, consent: Vocabulary, parent: QWidget | None = None) -> None:
        super().__init__("Consent", parent)
        self.consent = CodeCombo("Consent to early help", consent)
        self.add_field(
            "Consen&t to early help",
            self.consent,
            "consent",
            tip="Early help is voluntary: ask, and record the answer",
        )
        self.consent.changed.connect(self.changed)

    def focus_chain(self) -> list[QWidget]:
        return [self.consent]

    def values(self) -> dict[str, Any]:
        return {"consent": self.consent.code()}

    def set_values(self, values: dict[str, Any]) -> None:
        self.consent.set_code(values.get("consent"))
