"""A titled part of the form: labelled fields, each with its problem shown right beneath it.

Signals:
    changed: something in the section was typed or chosen.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from ui.capture.fields import ErrorLabel


class Section(QGroupBox):
    changed = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setAccessibleName(title.replace("&", ""))
        self.form = QFormLayout(self)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        #: Field path (as the core names it) → where its problem is shown.
        self.slots: dict[str, ErrorLabel] = {}
        self.labels: dict[str, QLabel] = {}

    def add_field(
        self, label: str, field: QWidget, path: str | None = None, *, tip: str = ""
    ) -> QLabel:
        """A row "label: field", the label's mnemonic focusing the field; its problem beneath."""
        caption = QLabel(label)
        caption.setBuddy(field.focusProxy() or field)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(field)
        if tip:
            field.setToolTip(tip)
        if path is not None:
            error = ErrorLabel()
            error.field = field
            box.addWidget(error)
            self.slots[path] = error
            self.labels[path] = caption
        self.form.addRow(caption, holder)
        return caption
