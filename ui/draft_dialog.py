"""Offering drafts back at start, and confirming that a draft is to be thrown away.

The offer says why the drafts are there: left unsaved at an ordinary close of the program,
or left by a crash, a power cut or a restart (``DraftSummary.kept_at_close`` tells them
apart), so staff are not told of a crash that never happened.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.vocabulary import Vocabularies
from triage_app.services.drafts import DraftSummary
from ui.table_model import RowsModel

RESTORE, DISCARD, LATER = "restore", "discard", "later"


@dataclass(frozen=True)
class DraftChoice:
    action: str  # RESTORE or DISCARD
    draft_id: str
    reason: str = ""


def draft_summary_text(d: DraftSummary, vocab: Vocabularies) -> str:
    """A few words to recognise a draft by: surname, children, first need."""
    p = d.payload
    fam = p.get("family") or {}
    bits = [" ".join(filter(None, (fam.get("first_name"), fam.get("last_name")))) or "no name yet"]
    children = p.get("children") or []
    if children:
        bits.append(f"{len(children)} child{'ren' if len(children) != 1 else ''}")
    needs = [n for n in p.get("needs") or [] if n in vocab.need]
    if needs:
        bits.append(vocab.need.label(needs[0]))
    return ", ".join(bits)


class DraftsModel(RowsModel[DraftSummary]):
    COL_UPDATED, COL_AUTHOR, COL_SUMMARY = range(3)
    HEADERS = ("Last typed", "By", "Request")

    def __init__(self, vocab: Vocabularies, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vocab = vocab

    def text(self, item: DraftSummary, column: int) -> str:
        if column == self.COL_UPDATED:
            return item.updated_at.astimezone().strftime("%d/%m/%Y %H:%M")
        if column == self.COL_AUTHOR:
            return item.author
        return draft_summary_text(item, self._vocab)


DISCARD_REASONS = (
    "The caller rang off before giving enough to record",
    "Typed in error or a duplicate",
    "Already recorded another way",
)


class DiscardDialog(QDialog):
    """Confirms a discard and asks why (a choice of words, never what was typed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Discard this unsaved request?")
        self.setAccessibleName("Discard this unsaved request?")
        self.reason = QComboBox()
        self.reason.setAccessibleName("Why it is being discarded")
        self.reason.addItems(DISCARD_REASONS)
        caption = QLabel("&Why:")
        caption.setBuddy(self.reason)
        buttons = QDialogButtonBox()
        self.discard = buttons.addButton("&Discard it", QDialogButtonBox.ButtonRole.DestructiveRole)
        keep = buttons.addButton("&Keep it", QDialogButtonBox.ButtonRole.RejectRole)
        keep.setDefault(True)
        self.discard.clicked.connect(self.accept)
        keep.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("What was typed will be thrown away. This is recorded (without the content).")
        )
        layout.addWidget(caption)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget) -> str | None:
        dialog = cls(parent)
        return dialog.reason.currentText() if dialog.exec() == QDialog.DialogCode.Accepted else None


def why_offered(drafts: list[DraftSummary]) -> str:
    """Why these drafts are offered: an ordinary close, or an unexpected stop."""
    if drafts and all(d.kept_at_close for d in drafts):
        return (
            "These requests were left unsaved at this desk when the program was last closed. "
            "Nothing typed was lost."
        )
    return (
        "These requests were being typed here when the program stopped unexpectedly "
        "(a crash, a power cut, or a PC restart). Nothing typed was lost."
    )


class DraftsDialog(QDialog):
    """Shown at start when this desk has unsaved requests: carry on, discard, or later."""

    def __init__(
        self, drafts: list[DraftSummary], vocab: Vocabularies, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unsaved requests at this desk")
        self.setAccessibleName("Unsaved requests at this desk")
        self.model = DraftsModel(vocab, self)
        self.model.set_rows(drafts)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Unsaved requests")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.selectRow(0)
        self.restore_button = QPushButton("&Carry on with it")
        self.restore_button.setDefault(True)
        self.discard_button = QPushButton("&Discard it…")
        self.later_button = QPushButton("&Later")
        buttons = QDialogButtonBox()
        for b, role in (
            (self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole),
            (self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole),
            (self.later_button, QDialogButtonBox.ButtonRole.RejectRole),
        ):
            buttons.addButton(b, role)
        layout = QVBoxLayout(self)
        self.why = QLabel(why_offered(drafts))
        self.why.setWordWrap(True)
        layout.addWidget(self.why)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.choice: DraftChoice | None = None
        self.restore_button.clicked.connect(lambda: self._choose(RESTORE))
        self.discard_button.clicked.connect(lambda: self._choose(DISCARD))
        self.later_button.clicked.connect(self.reject)
        self.table.activated.connect(lambda _i: self._choose(RESTORE))
        self.resize(620, 300)

    def selected(self) -> DraftSummary:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row() if rows else 0)

    def _choose(self, action: str) -> None:
        reason = ""
        if action == DISCARD:
            answer = DiscardDialog.ask(self)
            if answer is None:
                return
            reason = answer
        self.choice = DraftChoice(action, self.selected().draft_id, reason)
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget, drafts: list[DraftSummary], vocab: Vocabularies
    ) -> DraftChoice | None:
        dialog = cls(drafts, vocab, parent)
        dialog.exec()
        return dialog.choice
