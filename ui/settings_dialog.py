"""Settings: how this PC's desk works (freephone line or a hub's reception), set once per PC.

Each setting says where it came from: set by IT for this PC (the site configuration, which
the dialog shows but cannot change), the user's own, or the default.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.vocabulary import Vocabularies
from triage_app.settings import FREEPHONE, RECEPTION, DeskSettings, check_desk_settings
from triage_app.site_config import DEFAULT, SITE
from ui.capture.fields import ErrorLabel


class SettingsDialog(QDialog):
    def __init__(
        self,
        current: DeskSettings,
        vocab: Vocabularies,
        parent: QWidget | None = None,
        *,
        sources: Mapping[str, str] | None = None,
        database: tuple[str, str] | None = None,
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
        #: Where each setting came from, as shown beside it.
        self.sources: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, label, field in (
            ("kind", "&Desk", self.kind),
            ("hub", "H&ub", self.hub),
            ("desk_name", "Desk &name", self.desk_name),
            ("high_contrast", "", self.high_contrast),
        ):
            source = (sources or {}).get(name, DEFAULT)
            field.setEnabled(source != SITE)  # IT's setting: shown, not changed here
            caption = QLabel(label)
            caption.setBuddy(field)
            form.addRow(caption, self._with_source(name, field, source))
        if database is not None:
            where, source = database
            shown = QLabel(where)
            shown.setAccessibleName("Database")
            form.addRow("Database", self._with_source("database", shown, source))
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

    def _with_source(self, name: str, field: QWidget, source: str) -> QWidget:
        said = QLabel(f"({source})")
        said.setAccessibleName(f"Where the {name.replace('_', ' ')} setting came from")
        self.sources[name] = said
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(field, 1)
        layout.addWidget(said)
        return row

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
        cls,
        parent: QWidget,
        current: DeskSettings,
        vocab: Vocabularies,
        *,
        sources: Mapping[str, str] | None = None,
        database: tuple[str, str] | None = None,
    ) -> DeskSettings | None:
        dialog = cls(current, vocab, parent, sources=sources, database=database)
        return dialog.settings() if dialog.exec() == QDialog.DialogCode.Accepted else None
