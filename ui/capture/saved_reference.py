"""After a save: the reference, large enough to read out over the phone, with a Copy button."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


def spoken(reference: str) -> str:
    """The reference as it is read out, character by character: "H H, 7 K Q 4, M 9 X D"."""
    return ", ".join(" ".join(part) for part in reference.split("-"))


class SavedReference(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedReference")
        self.setFrameShape(QFrame.Shape.Box)
        self.caption = QLabel()
        self.reference = QLabel()
        self.reference.setObjectName("referenceLabel")
        self.reference.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        font = self.reference.font()
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 2.6)
        font.setBold(True)
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 3)
        self.reference.setFont(font)
        self.copy = QPushButton("Cop&y reference")
        self.copy.setAccessibleName("Copy the reference")
        self.copy.setToolTip("Copy the reference to the clipboard (Alt+Y)")
        self.next_hint = QLabel("Ctrl+N starts the next request · Ctrl+P prints the advice sheet")
        top = QHBoxLayout()
        top.addWidget(self.reference)
        top.addWidget(self.copy)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(top)
        layout.addWidget(self.next_hint)
        self.copy.clicked.connect(self._copy)
        self.hide()

    def show_reference(self, reference: str, pathway_label: str) -> None:
        self.caption.setText(f"✓ Saved — {pathway_label}. Give the family this reference:")
        self.reference.setText(reference)
        self.reference.setAccessibleName(f"Reference {spoken(reference)}")
        self.setAccessibleName(f"Saved. Reference {spoken(reference)}")
        self.show()

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.reference.text())
