"""The capture form: every section in the order a conversation goes, in one scrolling column.

Its values are a plain dict (see :mod:`ui.capture.reading`), which is also what a draft
stores. Problems from the core are shown each beside its field, by field path.

Signals:
    changed: anything was typed or chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from triage_app.domain.search_words import SearchWords, build_search_words
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import Problem
from ui.capture.children import AgeText, ChildrenSection
from ui.capture.concerns import ConcernsSection
from ui.capture.contact import ContactSection
from ui.capture.copied import CopiedNotice
from ui.capture.copy_marks import CopyMarks
from ui.capture.family import FamilySection
from ui.capture.fields import ErrorLabel
from ui.capture.needs import NeedsPicker
from ui.capture.reading import empty_values
from ui.capture.safeguarding import SafeguardingSection
from ui.capture.section import Section
from ui.capture.story import ConsentSection, StorySection


class NeedsSection(Section):
    def __init__(
        self, vocab: Vocabularies, search: SearchWords, parent: QWidget | None = None
    ) -> None:
        super().__init__("Presenting needs", parent)
        self.picker = NeedsPicker(vocab.need, search)
        self.add_field("Presenting &needs", self.picker)
        for path in ("needs", "primary_need"):
            self.slots[path] = self.picker.error
        self.picker.changed.connect(self.changed)

    def focus_chain(self) -> list[QWidget]:
        return self.picker.focus_chain()

    def values(self) -> dict[str, Any]:
        return self.picker.values()

    def set_values(self, values: dict[str, Any]) -> None:
        self.picker.set_values(values)


class CaptureForm(QScrollArea):
    changed = Signal()

    def __init__(
        self,
        vocab: Vocabularies,
        age_text: AgeText,
        parent: QWidget | None = None,
        *,
        search: SearchWords | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("New request form")
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self.general_error = ErrorLabel()
        self.contact = ContactSection(vocab)
        self.family = FamilySection(vocab)
        self.children_list = ChildrenSection(vocab, age_text)
        self.needs = NeedsSection(vocab, search or build_search_words({}, vocab, ""))
        self.story = StorySection()
        self.concerns = ConcernsSection(vocab.concern)
        self.safeguarding = SafeguardingSection()
        self.consent = ConsentSection(vocab.consent)
        self.sections: list[Any] = [
            self.contact,
            self.family,
            self.children_list,
            self.needs,
            self.concerns,
            self.story,
            self.safeguarding,
            self.consent,
        ]
        self.copied_notice = CopiedNotice()
        self.copy_marks = CopyMarks(self, self.copied_notice)
        layout.addWidget(self.general_error)
        for section in self.sections:
            if section is self.family:
                layout.addWidget(self.copied_notice)
            layout.addWidget(section)
            section.changed.connect(self.changed)
        self.copy_marks.changed.connect(self.changed)
        hint = QLabel(
            "Ctrl+S saves · Ctrl+P saves and prints the advice sheet · Ctrl+N new request"
        )
        hint.setObjectName("formHint")
        layout.addWidget(hint)
        layout.addStretch(1)
        self.children_list.structure_changed.connect(self.apply_tab_order)
        self.children_list.structure_changed.connect(self.copy_marks.refresh)
        self.needs.picker.concern_picked.connect(self._tick_concern)
        self.needs.changed.connect(self._needs_changed)
        self._shown: list[ErrorLabel] = []
        self._followers: dict[QWidget, list[QWidget]] = {}
        # Whatever takes the focus in the form (Tab, Alt+letter) is brought into view: a
        # question reached with Alt+H below the fold would otherwise be answered blind. The
        # form watches its own fields, so nothing outlives it (a slot on the application's
        # focusChanged did, and crashed a later test once its form was gone).
        for field in body.findChildren(QWidget):
            if field.focusPolicy() != Qt.FocusPolicy.NoFocus:
                field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            if watched is self.needs.picker.search:
                self.show_chosen_needs()
            else:
                self.ensureWidgetVisible(watched)
        return False

    def _needs_changed(self) -> None:
        if self.needs.picker.search.hasFocus():  # added from the search: keep both in view
            self.show_chosen_needs()

    def show_chosen_needs(self) -> None:
        """The needs search with the needs chosen so far beneath it, in view together."""
        picker = self.needs.picker
        if picker.chosen.count():
            self.ensureWidgetVisible(picker.remove_button, 50, 8)
        self.ensureWidgetVisible(picker.search, 50, 8)

    def _tick_concern(self, code: str) -> None:
        """A concern found from the needs search: ticked, and its box brought into view."""
        self.concerns.tick(code)
        self.ensureWidgetVisible(self.concerns.boxes[code])

    # --- values --------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        values = empty_values()
        for section in self.sections:
            if section is self.children_list:
                values["children"] = self.children_list.values()
                values["children_unknown"] = self.children_list.unknown.isChecked()
            else:
                values.update(section.values())
        values["copied"] = self.copy_marks.state()
        return values

    def set_values(self, values: dict[str, Any]) -> None:
        self.blockSignals(True)
        try:
            for section in self.sections:
                if section is self.children_list:
                    self.children_list.set_values(values.get("children") or [])
                    self.children_list.set_unknown(bool(values.get("children_unknown")))
                else:
                    section.set_values(values)
            self.copy_marks.set_state(values.get("copied"))
        finally:
            self.blockSignals(False)
        self.apply_tab_order()
        self.changed.emit()

    # --- focus ---------------------------------------------------------------------------

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for section in self.sections:
            if section is self.family:
                chain.append(self.copied_notice.confirm)
            for widget in section.focus_chain():
                chain += [widget, *self._followers.get(widget, [])]
        return chain

    def follow(self, widget: QWidget, followers: list[QWidget]) -> None:
        """Tab from ``widget`` goes through ``followers`` (outside the form) first, when shown."""
        self._followers[widget] = followers
        self.apply_tab_order()

    def apply_tab_order(self) -> None:
        """Tab follows the conversation, including child rows added later."""
        chain = self.focus_chain()
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def first_field(self) -> QWidget:
        return self.contact.method

    def set_editable(self, editable: bool) -> None:
        body = self.widget()
        if body is not None:
            body.setEnabled(editable)

    # --- problems ------------------------------------------------------------------------

    def slot(self, path: str) -> ErrorLabel:
        """Where the problem with a field path is shown (the form's top if nowhere better)."""
        child_slot = self.children_list.slot(path)
        if child_slot is not None:
            return child_slot
        if path.startswith("needs["):
            path = "needs"
        if path.startswith("concerns["):
            path = "concerns"
        for section in self.sections:
            slots: dict[str, ErrorLabel] = getattr(section, "slots", {})
            if path in slots:
                return slots[path]
        return self.general_error

    def clear_problems(self) -> None:
        for label in self._shown:
            label.clear_problem()
        self._shown = []

    def show_problems(self, problems: Iterable[Problem]) -> list[ErrorLabel]:
        """Each problem beside its field; returns the labels.

        One message per field, the first given: what could not be read comes before what
        the core then finds missing ("type the date as …" before "give an age"), and two
        sentences in one small label overlap. The form's top lists every other problem.
        """
        self.clear_problems()
        grouped: dict[int, tuple[ErrorLabel, list[str]]] = {}
        for problem in problems:
            label = self.slot(problem.field)
            message = problem.message if label is not self.general_error else str(problem)
            grouped.setdefault(id(label), (label, []))[1].append(message)
        for label, messages in grouped.values():
            shown = messages if label is self.general_error else messages[:1]
            label.show_problem("; ".join(dict.fromkeys(shown)))
            self._shown.append(label)
        return list(self._shown)

    def focus_problem(self, label: ErrorLabel) -> None:
        target = label.field or label
        self.ensureWidgetVisible(target)
        target.setFocus()
