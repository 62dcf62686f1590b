"""Safeguarding concerns: what the caller describes, ticked apart from the presenting needs.

Placed between the presenting needs (whose search finds the concerns too: "neglect", "self
harm") and the family's own words, just above the three safeguarding questions: where what
the caller says leads to it, and out of the way of the questions' own Tab order. No concern
is ticked by default. Each box has a fixed digit (Alt+1 … Alt+9, Alt+0 for the tenth, in the
vocabulary's order): the form's letters are all taken, and a digit stays the same when a
label is reworded. The group is one Tab stop: Up and Down move between the boxes, Space
ticks, Tab leaves the group. What each concern means for the route is the core's (the
contract's floors), never decided here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from triage_app.domain.vocabulary import Vocabulary
from ui.capture.fields import ErrorLabel
from ui.capture.section import Section

#: The keys of the boxes, in the vocabulary's order (Alt+digit).
DIGITS = "1234567890"


def concern_text(position: int, label: str) -> str:
    """A box's text with its digit mnemonic: "&1  Physical abuse …"."""
    return f"&{DIGITS[position]}  {label}" if position < len(DIGITS) else label


class ConcernsSection(Section):
    """One check box per concern of ``vocab.concern``; values are the codes ticked, in order."""

    def __init__(self, concerns: Vocabulary, parent: QWidget | None = None) -> None:
        super().__init__("Safeguarding concerns: tick what the caller describes", parent)
        self.boxes: dict[str, QCheckBox] = {}
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        hint = QLabel(
            "None unless the caller describes it. Alt+number ticks; ↑↓ move; Space ticks."
        )
        hint.setObjectName("formHint")
        hint.setWordWrap(True)
        column.addWidget(hint)
        for position, term in enumerate(concerns):
            box = QCheckBox(concern_text(position, term.label))
            box.setAccessibleName(f"Safeguarding concern: {term.label}")
            box.setProperty("code", term.code)
            box.toggled.connect(self.changed)
            box.installEventFilter(self)
            if position:
                box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # one Tab stop for the group
            self.boxes[term.code] = box
            column.addWidget(box)
        self.error = ErrorLabel()
        self.error.field = self.first_box
        column.addWidget(self.error)
        self.form.addRow(holder)
        self.slots["concerns"] = self.error

    @property
    def first_box(self) -> QCheckBox:
        return next(iter(self.boxes.values()))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(obj, event)
        boxes = list(self.boxes.values())
        if obj not in boxes:
            return super().eventFilter(obj, event)
        key, here = event.key(), boxes.index(obj)
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            step = 1 if key == Qt.Key.Key_Down else -1
            boxes[max(0, min(len(boxes) - 1, here + step))].setFocus(
                Qt.FocusReason.OtherFocusReason
            )
            return True
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and here:
            self._leave(forward=key == Qt.Key.Key_Tab)
            return True
        return super().eventFilter(obj, event)

    def _leave(self, *, forward: bool) -> None:
        """Tab from any box goes where Tab from the group's first box goes."""
        widget: QWidget | None = self.first_box
        while widget is not None:
            widget = widget.nextInFocusChain() if forward else widget.previousInFocusChain()
            if widget is None or widget is self.first_box:
                return
            if (
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.isVisible()
                and widget.isEnabled()
                and widget not in self.boxes.values()
            ):
                widget.setFocus(
                    Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason
                )
                return

    def tick(self, code: str, ticked: bool = True) -> None:
        if code in self.boxes:
            self.boxes[code].setChecked(ticked)

    def focus_chain(self) -> list[QWidget]:
        return [self.first_box]

    def values(self) -> dict[str, Any]:
        return {"concerns": [code for code, box in self.boxes.items() if box.isChecked()]}

    def set_values(self, values: dict[str, Any]) -> None:
        ticked = set(values.get("concerns") or ())
        for code, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(code in ticked)
            box.blockSignals(False)
        self.changed.emit()
