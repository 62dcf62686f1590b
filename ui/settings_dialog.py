"""Settings: how this PC's desk works (freephone line or a hub's reception), set once per PC."""

from __future__ import annotations

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

from triage_app.domain.vocabulary import Vocabularies
from triage_app.settings import FREEPHONE, RECEPTION, DeskSettings, check_desk_settings
from ui.capture.fields import ErrorLabel


class SettingsDialog(QDialog):
    def __init__(
        self, current: DeskSettings, vocab: Vocabularies, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings: this desk")
        self.setAccessibleName("Settings for this desk")
        self._vocab = vocab
        self.kind = QComboBox()
        self.kind.setAccessibleName("Desk kind")
        self.kind.addItem("Freephone Early Help line (telephone, call timer)", FREEPHONE)
        self.kind.addItem("A Family Hub's reception (face to face)", RECEPTION)
        self.hub = QComboBox()
        self.hub.setAccessibleName("Hub of this reception desk")
        self.hub.addItem("No hub (the freephone line serves all)", None)
        for hub in vocab.hubs:
            self.hub.addItem(hub.name, hub.code)
        self.desk_name = QLineEdit()
        self.desk_name.setAccessibleName("Desk name")
        self.desk_name.setMaxLength(80)
        self.high_contrast = QCheckBox("&High-contrast colours")
        self.high_contrast.setAccessibleName("High-contrast colours")
        self.error = ErrorLabel()
        form = QFormLayout()
        for label, field in (
            ("&Desk", self.kind),
            ("H&ub", self.hub),
            ("Desk &name", self.desk_name),
        ):
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, field)
        form.addRow("", self.high_contrast)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Set once for this PC. Records made here carry the desk name."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.set_settings(current)

    def set_settings(self, s: DeskSettings) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(s.kind), 0))
        self.hub.setCurrentIndex(max(self.hub.findData(s.hub), 0) if s.hub else 0)
        self.desk_name.setText(s.desk_name)
        self.high_contrast.setChecked(s.high_contrast)

    def settings(self) -> DeskSettings:
        return DeskSettings(
            kind=str(self.kind.currentData()),
            hub=self.hub.currentData(),
            desk_name=self.desk_name.text().strip(),
            high_contrast=self.high_contrast.isChecked(),
        )

    def problems(self) -> list[str]:
        return [p.message for p in check_desk_settings(self.settings(), self._vocab)]

    def _accept(self) -> None:
        problems = self.problems()
        if problems:
            self.error.show_problem("; ".join(problems))
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget, current: DeskSettings, vocab: Vocabularies
    ) -> DeskSettings | None:
        dialog = cls(current, vocab, parent)
        return dialog.settings() if dialog.exec() == QDialog.DialogCode.Accepted else None
