"""Saving an emergency at once: when 999 was called, by whom, the police reference, and Save.

Shown under the emergency banner while "immediate danger" is answered yes. Staff should not
have to finish the form before a child in danger is on record: this needs only the contact
method, the source and the answer; the rest is completed later by amendment. Saving the
full form (Ctrl+S) records the call as the bar shows it, so a 999 call on screen is never
left off the record.
What a partial request may lack is the core's to decide (contract rule 10), not this widget's.

Signals:
    save_requested: staff asked to save the emergency now.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QDateTime, QTimeZone, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from triage_app.domain.request import EmergencyCall, TriageRequest
from triage_app.errors import Problem
from ui.capture.fields import ErrorLabel, line_edit
from ui.capture.reading import read_request

#: What a request saved at once may lack (the core decides whether it routes: rule 10).
WAITS = frozenset({"consent", "needs"})


def read_emergency(
    values: dict[str, Any], call: EmergencyCall, today: date
) -> tuple[TriageRequest, list[Problem]]:
    """The request "Save emergency now" saves, and what stops it (not what may wait).

    A child's date that cannot be read does not stop it: that child counts as one whose age
    is not known yet (contract rule 10), to be put right by amendment.
    """
    req, read_problems = read_request(values, today)
    problems = [
        p for p in read_problems if p.field not in WAITS and not p.field.startswith("children[")
    ]
    if not call.called_by:
        problems.insert(0, Problem("emergency.called_by", "say who called 999"))
    return replace(req, consent=values.get("consent") or None, emergency=call), problems


class CallTimeEdit(QDateTimeEdit):
    """Date and time of the call; Tab leaves the box (arrows move between its parts)."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class EmergencySaveBar(QFrame):
    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emergencySave")
        self.setAccessibleName("Save the emergency now")
        self.setStyleSheet("#emergencySave { border: 2px solid #8b0000; border-radius: 4px; }")
        self.called_at = CallTimeEdit()
        self.called_at.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.called_at.setCalendarPopup(True)
        self.called_at.setAccessibleName("When 999 was called")
        self.called_by = line_edit("Who called 999", "Who called 999", max_length=200)
        self.police_reference = line_edit(
            "Police reference", "Police reference (if given)", max_length=100
        )
        self.save_button = QPushButton("Sa&ve emergency now")
        self.save_button.setAccessibleName("Save emergency now")
        self.save_button.setToolTip(
            "Save now with what is known (Alt+V); complete the rest later by amending it"
        )
        self.error = ErrorLabel()
        when = QLabel("999 called at:")
        when.setBuddy(self.called_at)
        by = QLabel("by:")
        by.setBuddy(self.called_by)
        width = self.fontMetrics().averageCharWidth()
        self.called_by.setMaximumWidth(width * 28)
        self.police_reference.setMaximumWidth(width * 32)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        for widget in (when, self.called_at, by, self.called_by, self.police_reference):
            row.addWidget(widget)
        row.addWidget(self.save_button)
        row.addWidget(self.error, 1)
        row.addStretch(0)
        self.save_button.clicked.connect(self.save_requested)
        self.hide()

    def offer(self, now: datetime, who: str) -> None:
        """Show the bar, its time set to ``now`` and its caller to ``who`` unless already set."""
        if self.isHidden():
            self.called_at.blockSignals(True)
            self.called_at.setDateTime(QDateTime.fromSecsSinceEpoch(int(now.timestamp())))
            self.called_at.blockSignals(False)
            if not self.called_by.text().strip():
                self.called_by.setText(who)
            self.error.clear_problem()
        self.show()

    def withdraw(self) -> None:
        """Hide the bar and forget what was typed in it (a new request starts afresh)."""
        self.hide()
        self.called_by.clear()
        self.police_reference.clear()
        self.error.clear_problem()

    def call(self) -> EmergencyCall:
        """The 999 call as typed (the time in UTC)."""
        utc = self.called_at.dateTime().toTimeZone(QTimeZone.utc())
        called_at = datetime.fromtimestamp(utc.toSecsSinceEpoch(), tz=UTC)
        return EmergencyCall(
            called_at=called_at,
            called_by=self.called_by.text().strip(),
            police_reference=self.police_reference.text().strip() or None,
        )

    def focus_chain(self) -> list[QWidget]:
        return [self.called_at, self.called_by, self.police_reference, self.save_button]
