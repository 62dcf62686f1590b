"""The children and young people: one editable row each, added and removed from the keyboard.

Each row shows the age as computed (from the date of birth, on the request's day) and points
out a child outside the age range the hubs serve; the arithmetic and the range are the core's
(:mod:`triage_app.domain.ages`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.vocabulary import Vocabularies
from ui.capture.fields import CodeCombo, ErrorLabel, line_edit
from ui.capture.reading import empty_child

#: (a child's values) → the words shown beside them: "Age 7", "Unborn", "Age 22 — outside …".
AgeText = Callable[[dict[str, Any]], str]


class ChildRow(QFrame):
    """One child: name, date of birth (or age) or unborn, gender, ethnicity, SEND.

    Signals:
        changed: a value changed.
        remove_requested: the Remove button was pressed.
    """

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(
        self, vocab: Vocabularies, age_text: AgeText, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._age_text = age_text
        self.first_name = line_edit("Child's first name", "First name")
        self.last_name = line_edit("Child's surname", "Surname")
        self.born = line_edit("Child's date of birth", "dd/mm/yyyy or age", max_length=20)
        self.born.setToolTip("Date of birth as dd/mm/yyyy; if unknown, the age in years")
        # A whole date stays readable at any text size, beside the names that can shrink.
        self.born.setMinimumWidth(self.born.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.unborn = QCheckBox("Unborn")
        self.gender = CodeCombo("Child's gender", vocab.gender, placeholder="Gender…")
        self.ethnicity = CodeCombo("Child's ethnicity", vocab.ethnicity, placeholder="Ethnicity…")
        self.send = QCheckBox("SEND")
        self.send.setToolTip(
            "Special educational needs or a disability (hubs work with them to 24)"
        )
        self.age = QLabel()
        self.age.setObjectName("childAge")
        self.remove = QPushButton("Remove")
        self.born_error = ErrorLabel()
        self.born_error.field = self.born
        self.gender_error = ErrorLabel()
        self.gender_error.field = self.gender
        self.ethnicity_error = ErrorLabel()
        self.ethnicity_error.field = self.ethnicity
        self.title = QLabel()
        self.title.setObjectName("childTitle")
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.addWidget(self.title, 0, 0, 1, 4)
        grid.addWidget(self.first_name, 1, 0)
        grid.addWidget(self.last_name, 1, 1)
        grid.addWidget(self.born, 1, 2)
        grid.addWidget(self.unborn, 1, 3)
        grid.addWidget(self.born_error, 2, 0, 1, 4)
        grid.addWidget(self.gender, 3, 0)
        grid.addWidget(self.ethnicity, 3, 1)
        grid.addWidget(self.send, 3, 2)
        grid.addWidget(self.remove, 3, 3)
        grid.addWidget(self.gender_error, 4, 0)
        grid.addWidget(self.ethnicity_error, 4, 1)
        grid.addWidget(self.age, 0, 2, 1, 2)
        for edit in (self.first_name, self.last_name, self.born):
            edit.textChanged.connect(self._changed)
        for box in (self.unborn, self.send):
            box.toggled.connect(self._changed)
        for combo in (self.gender, self.ethnicity):
            combo.changed.connect(self._changed)
        self.unborn.toggled.connect(lambda on: self.born.setEnabled(not on))
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def set_number(self, n: int) -> None:
        self.title.setText(f"Child or young person {n}")
        for widget, what in (
            (self.first_name, "first name"),
            (self.last_name, "surname"),
            (self.born, "date of birth or age"),
            (self.unborn, "unborn"),
            (self.gender, "gender"),
            (self.ethnicity, "ethnicity"),
            (self.send, "SEND"),
        ):
            widget.setAccessibleName(f"Child {n} {what}")
        self.remove.setAccessibleName(f"Remove child {n}")
        self.age.setAccessibleName(f"Child {n} age")

    def _changed(self) -> None:
        self.refresh_age()
        self.changed.emit()

    def refresh_age(self) -> None:
        text = self._age_text(self.values())
        self.age.setText(text)
        self.age.setAccessibleDescription(text)

    def focus_chain(self) -> list[QWidget]:
        return [
            self.first_name,
            self.last_name,
            self.born,
            self.unborn,
            self.gender,
            self.ethnicity,
            self.send,
            self.remove,
        ]

    def values(self) -> dict[str, Any]:
        return {
            "first_name": self.first_name.text(),
            "last_name": self.last_name.text(),
            "born": self.born.text(),
            "unborn": self.unborn.isChecked(),
            "gender": self.gender.code(),
            "ethnicity": self.ethnicity.code(),
            "send": self.send.isChecked(),
        }

    def set_values(self, v: dict[str, Any]) -> None:
        self.first_name.setText(v.get("first_name", ""))
        self.last_name.setText(v.get("last_name", ""))
        self.born.setText(v.get("born", ""))
        self.unborn.setChecked(bool(v.get("unborn")))
        self.gender.set_code(v.get("gender"))
        self.ethnicity.set_code(v.get("ethnicity"))
        self.send.setChecked(bool(v.get("send")))
        self.refresh_age()

    def errors(self) -> list[ErrorLabel]:
        return [self.born_error, self.gender_error, self.ethnicity_error]


class ChildrenSection(QFrame):
    """The list of children, with "Add a child" (Alt+D) after the last row.

    Signals:
        changed: a child was added, removed or edited.
        structure_changed: a row was added or removed (the tab order must be rebuilt).
    """

    changed = Signal()
    structure_changed = Signal()

    def __init__(
        self, vocab: Vocabularies, age_text: AgeText, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Children and young people")
        self._vocab = vocab
        self._age_text = age_text
        self.rows: list[ChildRow] = []
        heading = QLabel("<b>Children and young people</b>")
        self.add_button = QPushButton("Add a chil&d")
        self.add_button.setAccessibleName("Add a child")
        self.add_button.setToolTip("Add a child or young person (Alt+D)")
        self.unknown = QCheckBox("Children in the household, ages not known yet (Alt+&J)")
        self.unknown.setAccessibleName("Children in the household, ages not known yet")
        self.unknown.setToolTip(
            "Tick when children live there but how many or how old is not known yet "
            '(a police notification\'s "children present"): they count as children in range'
        )
        self.error = ErrorLabel()
        self.error.field = self.add_button
        self._rows_box = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addLayout(self._rows_box)
        layout.addWidget(self.add_button)
        layout.addWidget(self.error)
        layout.addWidget(self.unknown)
        self.add_button.clicked.connect(self._add_and_focus)
        self.unknown.toggled.connect(self.changed)

    def _add_and_focus(self) -> None:
        self.add_child().first_name.setFocus()

    def add_child(self, values: dict[str, Any] | None = None) -> ChildRow:
        child = ChildRow(self._vocab, self._age_text)
        child.set_values(values or empty_child())
        child.changed.connect(self.changed)
        child.remove_requested.connect(self.remove_child)
        self.rows.append(child)
        self._rows_box.addWidget(child)
        child.show()  # at once, not after the next event: Tab must reach it straight away
        self._renumber()
        self.structure_changed.emit()
        self.changed.emit()
        return child

    def remove_child(self, child: ChildRow) -> None:
        index = self.rows.index(child)
        self.rows.remove(child)
        self._rows_box.removeWidget(child)
        child.hide()
        child.deleteLater()
        self._renumber()
        self.structure_changed.emit()
        self.changed.emit()
        target = (
            self.rows[min(index, len(self.rows) - 1)].first_name if self.rows else self.add_button
        )
        target.setFocus()

    def _renumber(self) -> None:
        for n, child in enumerate(self.rows, start=1):
            child.set_number(n)

    def refresh_ages(self) -> None:
        for child in self.rows:
            child.refresh_age()

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for child in self.rows:
            chain += child.focus_chain()
        return [*chain, self.add_button, self.unknown]

    def values(self) -> list[dict[str, Any]]:
        return [c.values() for c in self.rows]

    def set_unknown(self, unknown: bool) -> None:
        self.unknown.blockSignals(True)
        self.unknown.setChecked(unknown)
        self.unknown.blockSignals(False)

    def set_values(self, children: list[dict[str, Any]]) -> None:
        for child in list(self.rows):
            self.rows.remove(child)
            self._rows_box.removeWidget(child)
            child.hide()
            child.deleteLater()
        for values in children:
            self.add_child(values)
        self.structure_changed.emit()

    def slot(self, path: str) -> ErrorLabel | None:
        """Where the problem of ``children[i]…`` is shown."""
        if not path.startswith("children["):
            return None
        index_text, _, rest = path.removeprefix("children[").partition("]")
        if not index_text.isdigit() or int(index_text) >= len(self.rows):
            return self.error
        child = self.rows[int(index_text)]
        if rest == ".gender":
            return child.gender_error
        if rest == ".ethnicity":
            return child.ethnicity_error
        return child.born_error

    def errors(self) -> list[ErrorLabel]:
        return [self.error, *(e for c in self.rows for e in c.errors())]
