"""Presenting needs: found by a part of a name or a caller's word; several, one primary.

Keys in the search box: type to filter (by label and search words, ranked by the core's
:mod:`triage_app.domain.search_words`: best first), Up/Down to move through the matches,
Enter to add the highlighted one. Enter when nothing matches says so and offers "Other"
(Enter again adds it). The same search finds safeguarding concerns ("neglect", "self harm"):
Enter on one ticks its box in the concerns group. In the chosen list: Delete removes, Space
makes the need primary.

Signals:
    changed: a need was added or removed, or the primary changed.
    concern_picked(str): a safeguarding concern was chosen from the search (its code).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.search_words import SearchWords
from triage_app.domain.vocabulary import Vocabulary
from ui.capture.fields import ErrorLabel, line_edit

log = logging.getLogger("ui")

PRIMARY_MARK = "★ primary"
CONCERN_MARK = "⚠ Safeguarding concern: "
OTHER = "other"
_KIND = Qt.ItemDataRole.UserRole + 1


def _note() -> QLabel:
    """Where the picker says what Enter did beyond adding a need (a concern ticked)."""
    note = QLabel()
    note.setObjectName("formHint")
    note.setWordWrap(True)
    note.hide()
    return note


def no_match_text(typed: str) -> str:
    return f"No need matches '{typed}' — choose Other and describe it"


class NeedsPicker(QWidget):
    changed = Signal()
    concern_picked = Signal(str)

    def __init__(
        self, needs: Vocabulary, search: SearchWords, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("Presenting needs")
        self._vocab = needs
        self._search_words = search
        self.search = line_edit(
            "Find a presenting need", "Type part of a need or what they say (DV, drugs…), Enter"
        )
        self.search.setToolTip(
            "Type part of a need's name or a word the caller uses; Up/Down to choose; Enter to add"
        )
        self.matches = QListWidget()
        self.matches.setAccessibleName("Matching needs")
        self.matches.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.matches.addItem(QListWidgetItem(needs.terms[0].label))
        self.matches.setMaximumHeight(self.matches.sizeHintForRow(0) * 5 + 6)
        self.matches.clear()
        self.no_match, self.note = ErrorLabel(), _note()
        self.chosen = QListWidget()
        self.chosen.setAccessibleName("Chosen needs")
        self.chosen.setToolTip("Delete removes a need; Space makes it the primary need")
        row_height = max(self.matches.sizeHintForRow(0), self.fontMetrics().height() + 4)
        self.chosen.setFixedHeight(row_height * 4 + 6)
        # No mnemonic: Alt+Y copies the saved reference; Space in the list does this.
        self.primary_button = QPushButton("Make primary")
        self.primary_button.setAccessibleName("Make the selected need primary")
        self.primary_button.setToolTip("Make the selected need primary (Space in the list)")
        self.remove_button = QPushButton("Remove need")
        self.remove_button.setAccessibleName("Remove the selected need")
        self.error = ErrorLabel()
        self.error.field = self.search
        buttons = QHBoxLayout()
        buttons.addWidget(self.primary_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.matches)
        layout.addWidget(self.no_match)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(QLabel("Chosen (the first is primary unless you mark another):"))
        layout.addWidget(self.chosen)
        layout.addLayout(buttons)
        self._codes: list[str] = []
        self._primary: str | None = None
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.add_highlighted)
        self.search.installEventFilter(self)
        self.chosen.installEventFilter(self)
        self.matches.itemActivated.connect(self._pick)
        self.primary_button.clicked.connect(self._primary_selected)
        self.remove_button.clicked.connect(self._remove_selected)
        self._filter("")

    def _filter(self, text: str) -> None:
        """The needs (not yet chosen) and concerns matching ``text``, best first."""
        self.no_match.clear_problem()
        self.matches.clear()
        for entry in self._search_words.rank(text):
            if entry.kind == "need" and entry.code in self._codes:
                continue
            shown = entry.label if entry.kind == "need" else CONCERN_MARK + entry.label
            self._add_match(shown, entry.code, entry.kind)
        self.matches.setVisible(bool(text.strip()))  # the list appears once something is typed
        self.matches.setCurrentRow(0 if self.matches.count() else -1)

    def _add_match(self, text: str, code: str, kind: str) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, code)
        item.setData(_KIND, kind)
        self.matches.addItem(item)

    def _visible_rows(self) -> list[int]:
        return list(range(self.matches.count()))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(obj, event)
        key = event.key()
        if obj is self.search and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            rows = self._visible_rows()
            if rows:
                current = self.matches.currentRow()
                pos = rows.index(current) if current in rows else -1
                pos = max(0, pos - 1) if key == Qt.Key.Key_Up else min(len(rows) - 1, pos + 1)
                self.matches.setCurrentRow(rows[pos])
            return True
        if obj is self.chosen and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._remove_selected()
            return True
        if obj is self.chosen and key == Qt.Key.Key_Space:
            self._primary_selected()
            return True
        return super().eventFilter(obj, event)

    def add_highlighted(self) -> None:
        """Enter: add the highlighted match; with none, say so and offer "Other"."""
        item = self.matches.currentItem()
        if item is not None:
            self._pick(item)
            return
        typed = self.search.text().strip()
        if not typed:
            return
        found = self._search_words.first(typed, kinds=("need",))
        if found is not None and found.code in self._codes:
            self.note.setText(f"Already chosen: {found.label}")
            self.note.show()
            self.search.clear()
            return
        self.no_match.show_problem(no_match_text(typed))
        if OTHER in self._vocab and OTHER not in self._codes:
            self._add_match(self._vocab.label(OTHER), OTHER, "need")
            self.matches.setVisible(True)
            self.matches.setCurrentRow(0)

    def _pick(self, item: QListWidgetItem) -> None:
        code, kind = str(item.data(Qt.ItemDataRole.UserRole)), item.data(_KIND)
        if kind == "concern":
            self.concern_picked.emit(code)
            self.note.setText(
                f"Ticked under Safeguarding concerns: {item.text().removeprefix(CONCERN_MARK)}"
            )
            self.note.show()
        else:
            self.add(code)
            self.note.hide()
        self.search.clear()

    def add(self, code: str) -> None:
        if code in self._codes or code not in self._vocab:
            return
        self._codes.append(code)
        self._refresh()

    def _selected_code(self) -> str | None:
        item = self.chosen.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _primary_selected(self) -> None:
        code = self._selected_code()
        if code is not None:
            self.set_primary(code)

    def _remove_selected(self) -> None:
        code = self._selected_code()
        if code is not None:
            row = self.chosen.currentRow()
            self._codes.remove(code)
            if self._primary == code:
                self._primary = None
            self._refresh()
            self.chosen.setCurrentRow(min(row, self.chosen.count() - 1))

    def set_primary(self, code: str) -> None:
        self._primary = code
        self._refresh()

    def primary(self) -> str | None:
        if self._primary in self._codes:
            return self._primary
        return self._codes[0] if self._codes else None

    def _refresh(self) -> None:
        current = self._selected_code()
        self.chosen.clear()
        primary = self.primary()
        for code in self._codes:
            label = self._vocab.label(code)
            text = f"{label}   {PRIMARY_MARK}" if code == primary else label
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole,
                f"{label}, primary need" if code == primary else label,
            )
            self.chosen.addItem(item)
            if code == current:
                self.chosen.setCurrentItem(item)
        self._filter(self.search.text())
        self.changed.emit()

    def focus_chain(self) -> list[QWidget]:
        return [self.search, self.chosen, self.primary_button, self.remove_button]

    def values(self) -> dict[str, Any]:
        return {"needs": list(self._codes), "primary_need": self._primary}

    def set_values(self, values: dict[str, Any]) -> None:
        self._codes = [c for c in values.get("needs") or [] if c in self._vocab]
        self._primary = values.get("primary_need")
        self.search.clear()
        self._refresh()
