"""Small input widgets the capture form is built from, each accessible and keyboard-first.

Signals:
    CodeCombo.changed, YesNo.changed: the value changed (by keyboard, mouse or code).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

if TYPE_CHECKING:
    from triage_app.domain.vocabulary import Vocabulary


def search_pause_ms() -> int:
    """Milliseconds of pause that start a new type-to-pick search in a pick list.

    The desktop's own setting (Qt's keyboard input interval, 400 ms unless changed), as in
    any list on the PC.
    """
    return QApplication.keyboardInputInterval()


class ErrorLabel(QLabel):
    """A problem shown beside its field: a warning sign and words, never colour alone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()
        self.field: QWidget | None = None

    def show_problem(self, message: str) -> None:
        self.setText(f"⚠ {message}")
        self.setAccessibleName(f"Problem: {message}")
        self.show()
        if self.field is not None:
            self.field.setAccessibleDescription(f"Problem: {message}")
            self.field.setProperty("problem", True)
            self._repolish()

    def clear_problem(self) -> None:
        self.clear()
        self.hide()
        if self.field is not None:
            self.field.setAccessibleDescription("")
            shown = bool(self.field.property("problem"))
            self.field.setProperty("problem", False)
            if shown:  # re-styling a field that showed no problem changes nothing, slowly
                self._repolish()

    def _repolish(self) -> None:
        if self.field is not None:
            self.field.style().unpolish(self.field)
            self.field.style().polish(self.field)

    @property
    def message(self) -> str:
        return self.text().removeprefix("⚠ ") if not self.isHidden() else ""


def line_edit(name: str, placeholder: str = "", *, max_length: int = 200) -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length)
    edit.setClearButtonEnabled(False)
    return edit


class CodeCombo(QComboBox):
    """A pick list over a vocabulary; starts empty ("Choose…") so nothing is defaulted by accident.

    Typing the first letters of a label jumps to it, as in any combo box.
    """

    changed = Signal()

    def __init__(self, name: str, vocabulary: Vocabulary, *, placeholder: str = "Choose…") -> None:
        super().__init__()
        self.setAccessibleName(name)
        self.setPlaceholderText(placeholder)
        # Sized before it is filled: sizing a full list measures every label (a millisecond).
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        for term in vocabulary:
            self.addItem(term.label, term.code)
        self.setCurrentIndex(-1)
        self.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._typed = ""
        self._typing = QElapsedTimer()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Typing picks by label, as staff expect of a pick list.

        Letters typed together narrow the choice: the start of a label first, else any part
        ("brit", "White B"). A letter that narrows to nothing starts again from itself (a
        slip, "m" then "f", gives Female, not nothing), and the same letter again steps to
        the next label starting with it ("w", "w": the next White …).
        """
        text = event.text()
        plain = (
            not event.modifiers()
            & ~Qt.KeyboardModifier.KeypadModifier
            & ~(Qt.KeyboardModifier.ShiftModifier)
        )
        if not (text and text.isprintable() and plain):
            super().keyPressEvent(event)
            return
        if not self._typing.isValid() or self._typing.elapsed() > search_pause_ms():
            self._typed = ""
        if text == " " and not self._typed:
            super().keyPressEvent(event)  # Space on its own opens the list, as usual
            return
        self._typing.start()
        self._typed += text
        found = self._find(self._typed)
        if found is None and len(self._typed) > 1:
            self._typed = text  # it narrowed to nothing: this letter starts a new search
            found = self._find(text)
        if found is not None and self.itemData(found) is not None:
            self.setCurrentIndex(found)

    def _find(self, typed: str) -> int | None:
        """The item ``typed`` picks, or None.

        One letter (or one letter again) steps through the labels starting with it, after
        the current one; more letters find the first label that starts with them, else the
        first that has them anywhere.
        """
        wanted = typed.casefold()
        labels = [self.itemText(i).casefold() for i in range(self.count())]
        if len(set(wanted)) == 1:
            letter = wanted[0]
            after = [*range(self.currentIndex() + 1, self.count()), *range(self.currentIndex() + 1)]
            stepped = next((i for i in after if labels[i].startswith(letter)), None)
            if len(wanted) > 1 or stepped is not None:
                return stepped
        found = next((i for i, t in enumerate(labels) if t.startswith(wanted)), None)
        if found is None:
            found = next((i for i, t in enumerate(labels) if wanted in t), None)
        return found

    def code(self) -> str | None:
        data = self.currentData()
        return str(data) if data is not None else None

    def set_code(self, code: str | None) -> None:
        self.setCurrentIndex(self.findData(code) if code is not None else -1)


class YesNo(QWidget):
    """An explicit Yes/No answer that starts unanswered; there is no default answer.

    Keys: Y answers yes, N answers no, wherever focus is in the pair; arrows move between them.
    """

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.yes = QRadioButton("Yes")
        self.no = QRadioButton("No")
        self.yes.setAccessibleName(f"{name}: yes")
        self.no.setAccessibleName(f"{name}: no")
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)  # so "not answered" can be restored (drafts, new request)
        for button in (self.yes, self.no):
            self.group.addButton(button)
            button.setAutoExclusive(False)
            button.toggled.connect(self._toggled)
            button.installEventFilter(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.yes)
        layout.addWidget(self.no)
        layout.addStretch(1)
        self.setFocusProxy(self.yes)
        self.no.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # one Tab stop per question

    def _toggled(self, checked: bool) -> None:
        if checked:
            other = self.no if self.sender() is self.yes else self.yes
            other.blockSignals(True)
            other.setChecked(False)
            other.blockSignals(False)
        self.changed.emit()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Y:
                self.set_value(True)
                self.yes.setFocus()
                return True
            if key == Qt.Key.Key_N:
                self.set_value(False)
                self.no.setFocus()
                return True
            if key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
                target = self.no if obj is self.yes else self.yes
                target.setFocus()
                return True
        return super().eventFilter(obj, event)

    def value(self) -> bool | None:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_value(self, value: bool | None) -> None:
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        self.changed.emit()

    def focus_widgets(self) -> list[QWidget]:
        return [self.yes, self.no]


def row(*widgets: QWidget, stretch_last: bool = False) -> QWidget:
    """Widgets side by side, for a compact line of the form."""
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w)
    if not stretch_last:
        layout.addStretch(1)
    return holder
