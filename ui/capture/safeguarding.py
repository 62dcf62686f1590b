"""The three safeguarding questions, each asked explicitly: no answer is ever defaulted.

Unanswered is a state of its own, shown as such and refused at saving (the core's
:func:`~triage_app.domain.checks.missing_answers`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from ui.capture.fields import YesNo
from ui.capture.reading import ANSWER_NAMES
from ui.capture.section import Section

#: Alt+I, Alt+H and Alt+K reach the three questions and nothing else in the window, so a
#: Y or N typed after them always answers the question meant (tests/ui/test_question_keys.py).
QUESTIONS = {
    "immediate_danger": "Is anyone in &immediate danger right now?",
    "significant_harm": "Is a child suffering, or likely to suffer, significant &harm?",
    "domestic_abuse_high_risk": "Is there domestic abuse assessed as high ris&k (e.g. DASH)?",
}


class SafeguardingSection(Section):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Safeguarding: ask each question", parent)
        self.answers: dict[str, YesNo] = {}
        for name in ANSWER_NAMES:
            question = QUESTIONS[name]
            answer = YesNo(question.replace("&", ""))
            answer.setToolTip("Y for yes, N for no")
            self.answers[name] = answer
            self.add_field(question, answer, f"answers.{name}")
            answer.changed.connect(self.changed)
        for caption in self.labels.values():
            caption.setWordWrap(True)

    def focus_chain(self) -> list[QWidget]:
        return [b for a in self.answers.values() for b in (a.yes, a.no)]

    def values(self) -> dict[str, Any]:
        return {"answers": {n: a.value() for n, a in self.answers.items()}}

    def set_values(self, values: dict[str, Any]) -> None:
        answers = values.get("answers") or {}
        for name, answer in self.answers.items():
            answer.set_value(answers.get(name))
