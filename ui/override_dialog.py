"""Choosing a different pathway from the one recommended, saying why.

Upward (more urgent) needs only the reason. Downward needs a team leader's approval in the
app: a second person types their user name and password here, and the core checks them,
records them as the approver, and refuses a pathway below the safety floor, saying why (the
message is shown beside the pathway, and nothing is saved). Which way a choice goes is the
core's to say (``direction``, given by the caller); this dialog only shows the approval
fields when it is downward.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from ui.life_form import LifeForm, choices, plain_text, text_of

#: pathway code → "up", "down" or "same" compared with the recommended one.
Direction = Callable[[str], str]


@dataclass(frozen=True)
class OverrideAnswer:
    pathway: str | None
    reason: str
    approver: str = ""
    password: str = field(default="", repr=False)


class OverrideDialog(LifeForm[OverrideAnswer]):
    """The pathway chosen, the reason, and (downward only) a team leader's sign-in."""

    def __init__(
        self,
        reference: str,
        recommended: str,
        pathways: list[tuple[str, str]],
        direction: Direction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(f"Override the pathway of {reference}", "&Save override", parent)
        self._direction = direction
        labels = dict(pathways)
        self.say(
            f"Recommended: {labels.get(recommended, recommended)}. Both the recommended and "
            "the chosen pathway are kept, and the override is counted against the rule."
        )
        self.pathway = QComboBox()
        choices(
            self.pathway,
            [(code, label) for code, label in pathways if code != recommended],
            blank="— choose the pathway —",
        )
        self.add_field("pathway", "&Pathway chosen:", self.pathway)
        self.way = QLabel()
        self.way.setWordWrap(True)
        self.way.setAccessibleName("Which way")
        self.form.addRow("", self.way)
        self.reason = plain_text("Reason for the override", "why this pathway, not the rule's", 3)
        self.add_field("reason", "&Reason:", self.reason)
        self.approver = QLineEdit()
        self.approver.setAccessibleName("Approving team leader's user name")
        self.approver.setInputMethodHints(Qt.InputMethodHint.ImhNoAutoUppercase)
        self.approver.setMaxLength(50)
        self.add_field("approver", "&Team leader approving:", self.approver)
        self.password = QLineEdit()
        self.password.setAccessibleName("Approving team leader's password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(256)
        self.add_field("password", "Their pass&word:", self.password)
        self.pathway.currentIndexChanged.connect(self._chosen)
        self._chosen()

    def downward(self) -> bool:
        code = self.pathway.currentData()
        return code is not None and self._direction(code) == "down"

    def _chosen(self) -> None:
        code = self.pathway.currentData()
        way = self._direction(code) if code is not None else ""
        self.way.setText(
            "⬇ Downward: a team leader approves it, signing in below now; or leave these "
            "blank and it waits for a team leader to decide it when they open the request."
            if way == "down"
            else "⬆ Upward: the reason is enough."
            if way == "up"
            else ""
        )
        for name in ("approver", "password"):
            self.set_row_visible(name, way == "down")
        if way != "down":
            self.password.clear()

    def answer(self) -> OverrideAnswer:
        down = self.downward()
        return OverrideAnswer(
            self.pathway.currentData(),
            text_of(self.reason),
            self.approver.text().strip() if down else "",
            self.password.text() if down else "",
        )

    def _refused(self, e: object) -> bool:
        self.password.clear()  # never kept after a refusal
        return super()._refused(e)  # type: ignore[arg-type]
