"""One small dialog over one service call: fields, problems beside them, Save, Cancel.

Every step of a request's life recorded from the window (closing with an outcome, reopening,
a contact attempt, an override, settling an action) is such a dialog. It knows nothing of the
service: :meth:`LifeForm.ask` takes ``submit``, a function of the dialog's answer that saves
it (through :func:`ui.ops.run_op`) and returns what was saved. A refusal the core explains
(:class:`~triage_app.errors.InvalidInput`, with a field path, or any other
:class:`~triage_app.errors.TriageError`) is shown in the dialog, which stays open with what
was typed; only a saved answer closes it.

Focus goes back where it was before the dialog opened, so staff carry on from the same place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_app.errors import InvalidInput, TriageError
from ui.capture.fields import ErrorLabel
from ui.ops import run_op
from ui.signin_dialog import sentence

A = TypeVar("A")
#: The longest note or reason typed into a dialog (the core checks its own limit too).
TEXT_LIMIT = 2000


def choices(box: QComboBox, items: list[tuple[str, str]], *, blank: str | None = None) -> None:
    """Fill ``box`` with (code, label) items; ``blank`` first (no code) when a choice is needed."""
    box.clear()
    if blank is not None:
        box.addItem(blank, None)
    for code, label in items:
        box.addItem(label, code)


def plain_text(name: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    """A few lines of words; Tab leaves the box (it never types a tab)."""
    box = QPlainTextEdit()
    box.setAccessibleName(name)
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def text_of(widget: QWidget) -> str:
    """What was typed in a line or a box, trimmed and within :data:`TEXT_LIMIT`."""
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText().strip()[:TEXT_LIMIT]
    if isinstance(widget, QLineEdit):
        return widget.text().strip()[:TEXT_LIMIT]
    return ""


class LifeForm(QDialog, Generic[A]):
    """A form whose fields a subclass adds with :meth:`add_field`; it gives its :meth:`answer`.

    Signals:
        QDialog's accepted / rejected; :attr:`saved` holds what ``submit`` returned.
    """

    def __init__(self, title: str, save_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.saved: Any = None
        self._submit: Callable[[A], Any] | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.problem = ErrorLabel()
        self.problem.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # read out when it appears
        self.form = QFormLayout()
        self.errors: dict[str, ErrorLabel] = {}
        self._rows: dict[str, int] = {}  # each field's row in the form; its problem's is next
        self.fields: list[QWidget] = []
        self.save_button = QPushButton(save_text)
        self.save_button.setAccessibleName(save_text.replace("&", "").rstrip("…"))
        self.save_button.setDefault(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAccessibleName("Cancel")
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problem)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def say(self, text: str) -> None:
        """A line above the fields: what is being recorded, and on which request."""
        self.intro.setText(text)
        self.intro.setVisible(bool(text))

    def add_field(
        self, name: str, caption: str, widget: QWidget, *, stops: tuple[QWidget, ...] = ()
    ) -> QWidget:
        """A row: ``caption`` (with its Alt+letter) for ``widget``, and its problem beneath.

        ``name`` is the field path the core uses in its problems (``outcome``, ``reason`` …).
        ``stops`` are the row's Tab stops when ``widget`` only holds them (a row of buttons);
        the first is where Alt+letter and a problem put the focus.
        """
        stops = stops or (widget,)
        label = QLabel(caption)
        label.setBuddy(stops[0])
        if not widget.accessibleName():
            widget.setAccessibleName(caption.replace("&", "").rstrip(":?"))
        error = ErrorLabel()
        error.field = stops[0]
        self._rows[name] = self.form.rowCount()
        self.form.addRow(label, widget)
        self.form.addRow("", error)
        self.errors[name] = error
        for stop in stops:
            if self.fields:
                QWidget.setTabOrder(self.fields[-1], stop)
            self.fields.append(stop)
        QWidget.setTabOrder(stops[-1], self.save_button)
        return widget

    def set_row_visible(self, name: str, visible: bool) -> None:
        """Show or hide a field's row (its caption, field and problem)."""
        error, row = self.errors[name], self._rows[name]
        self.form.setRowVisible(row, visible)
        if not visible:
            error.clear_problem()
        self.form.setRowVisible(row + 1, visible)
        error.setVisible(visible and bool(error.text()))

    def answer(self) -> A:
        """What the fields say, as the value ``submit`` takes."""
        raise NotImplementedError

    # --- saving --------------------------------------------------------------------------

    def clear_problems(self) -> None:
        self.problem.clear_problem()
        for error in self.errors.values():
            error.clear_problem()

    def show_problem(self, field: str, message: str) -> None:
        """A problem beside its field, or above the fields if no field claims it."""
        error = self.errors.get(field)
        if error is None or error.field is None or not error.field.isVisible():
            self.problem.show_problem(sentence(message))
            self.problem.setFocus()
            return
        error.show_problem(sentence(message))
        error.field.setFocus()

    def _refused(self, e: TriageError) -> bool:
        problems = e.problems if isinstance(e, InvalidInput) else ()
        for p in reversed(problems):  # the focus ends on the first
            self.show_problem(p.field, p.message)
        if not problems:
            self.show_problem("", str(e))
        return True

    def save(self) -> bool:
        """Ask ``submit`` to save the answer; True once saved (the dialog then closes)."""
        if self._submit is None:
            return False
        self.clear_problems()
        submit, answer = self._submit, self.answer()
        return run_op(self, lambda: submit(answer), self._saved, self._refused, title=self.title())

    def title(self) -> str:
        return self.windowTitle()

    def _saved(self, result: Any) -> None:
        self.saved = result
        self.accept()

    def run(self, submit: Callable[[A], Any]) -> bool:
        """Show the dialog until saved or cancelled; True if saved (``saved`` holds what)."""
        self._submit = submit
        before = QApplication.focusWidget()
        if self.fields:
            self.fields[0].setFocus()
        self.exec()
        if before is not None:
            before.window().activateWindow()
            if before.isEnabled():
                before.setFocus()
        return self.result() == QDialog.DialogCode.Accepted
