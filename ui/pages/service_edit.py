"""Changing one directory entry: its status, contact details with their sources, and words.

For team leaders and administrators (``edit_directory``); the core checks the role again,
checks the whole entry, keeps the old version and audits the change
(:func:`triage_app.services.directory_edit.edit_service`). A detail typed without its source
is saved unconfirmed: shown marked, never given out or printed. Each problem is shown beside
its field and nothing is saved until there are none. ``ask`` returns the saved entry, or
None if staff cancelled.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.directory import DETAILS, REFERRAL_LABELS, STATUS_LABELS, ServiceEntry
from triage_app.errors import InvalidInput, Problem, TriageError
from triage_app.services.directory_edit import edit_service
from ui.capture.fields import ErrorLabel
from ui.context import WindowContext
from ui.ops import run_op

Context = Callable[[], WindowContext]
_LABELS = {
    "phone": "&Phone",
    "email": "&Email",
    "web": "&Web",
    "address": "A&ddress",
    "opening_hours": "&Opening hours",
}


def _edit(name: str, text: str) -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    return edit


class ServiceEditDialog(QDialog):
    def __init__(self, context: Context, entry: ServiceEntry, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Change {entry.name}")
        self.setAccessibleName(f"Change {entry.name}")
        self._context = context
        self.entry = entry
        self.saved: ServiceEntry | None = None
        self.form = QFormLayout()
        self.errors: dict[str, ErrorLabel] = {}
        self.status = QComboBox()
        self.status.setAccessibleName("Status")
        for code, label in STATUS_LABELS.items():
            self.status.addItem(label, code)
        self.status.setCurrentIndex(max(self.status.findData(entry.status), 0))
        self._row("S&tatus", self.status, "status")
        self.referral = QComboBox()
        self.referral.setAccessibleName("How to refer")
        self.referral.addItem("not known", "")
        for code, label in REFERRAL_LABELS.items():
            self.referral.addItem(label, code)
        self.referral.setCurrentIndex(max(self.referral.findData(entry.referral or ""), 0))
        self._row("How to &refer", self.referral, "referral")
        self.description = _edit("What it offers", entry.description)
        self._row("What it o&ffers", self.description, "description")
        self.values: dict[str, QLineEdit] = {}
        self.sources: dict[str, QLineEdit] = {}
        for name in DETAILS:
            detail = entry.detail(name)
            words = _LABELS[name].replace("&", "")
            self.values[name] = _edit(words, detail.value)
            self.sources[name] = _edit(f"Where the {words.lower()} was read", detail.source)
            self.sources[name].setPlaceholderText("Source: the service's own page and the day")
            self._row(_LABELS[name], self.values[name], name)
            self._row(f"{words}: source", self.sources[name], f"{name}_source")
        self.hint = _edit("What to tell a family without a number", entry.hint)
        self._row("&Hint for families", self.hint, "hint")
        self.note = _edit("Note for staff", entry.note)
        self._row("&Note for staff", self.note, "note")
        self.checked = QCheckBox("I chec&ked these details with the service today")
        self.checked.setAccessibleName("Checked with the service today")
        self.form.addRow("", self.checked)
        self.reason = _edit("Why it is changed", "")
        self._row("Wh&y", self.reason, "reason")
        self.general = ErrorLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general)
        layout.addLayout(self.form)
        layout.addWidget(buttons)
        self.status.setFocus()

    def _row(self, label: str, field: QWidget, path: str) -> None:
        caption = QLabel(label)
        caption.setBuddy(field)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(field)
        error = ErrorLabel()
        error.field = field
        box.addWidget(error)
        self.errors[path] = error
        self.form.addRow(caption, holder)

    def changes(self) -> dict[str, str]:
        """The fields staff changed, as the core takes them (text by field name)."""
        entry = self.entry
        now = {
            "status": str(self.status.currentData()),
            "referral": str(self.referral.currentData() or ""),
            "description": self.description.text(),
            "hint": self.hint.text(),
            "note": self.note.text(),
        }
        for name in DETAILS:
            now[name] = self.values[name].text()
            now[f"{name}_source"] = self.sources[name].text()
        before = {
            "status": entry.status,
            "referral": entry.referral or "",
            "description": entry.description,
            "hint": entry.hint,
            "note": entry.note,
        }
        for name in DETAILS:
            before[name] = entry.detail(name).value
            before[f"{name}_source"] = entry.detail(name).source
        return {k: v for k, v in now.items() if v.strip() != before[k].strip()}

    def show_problems(self, problems: list[Problem]) -> None:
        for label in (*self.errors.values(), self.general):
            label.clear_problem()
        for problem in problems:
            label = self.errors.get(problem.field.split(".")[-1], self.general)
            label.show_problem(problem.message if label is not self.general else str(problem))

    def save(self) -> None:
        ctx, code = self._context(), self.entry.code
        changes, checked = self.changes(), self.checked.isChecked()
        reason = self.reason.text().strip() or None
        if not changes and not checked:
            self.reject()
            return

        def op() -> ServiceEntry:
            with ctx.db.write() as session:
                return edit_service(
                    session,
                    ctx.actor,
                    code,
                    changes,
                    now=ctx.now(),
                    vocab=ctx.vocab,
                    reason=reason,
                    checked=checked,
                )

        def invalid(e: TriageError) -> bool:
            if isinstance(e, InvalidInput):
                self.show_problems(list(e.problems))
                return True
            return False

        def done(entry: ServiceEntry) -> None:
            self.saved = entry
            self.accept()

        run_op(self, op, done, invalid, title="The service was not changed")

    @classmethod
    def ask(cls, parent: QWidget, context: Context, entry: ServiceEntry) -> ServiceEntry | None:
        dialog = cls(context, entry, parent)
        dialog.exec()
        saved = dialog.saved
        dialog.deleteLater()
        return saved
