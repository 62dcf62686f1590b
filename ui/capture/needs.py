"""Presenting needs: found by typing part of a name, several chosen, one marked primary.

Keys in the search box: type to filter, Up/Down to move through the matches, Enter to add
the highlighted one. In the chosen list: Delete removes, Space makes the need primary.

Signals:
    changed: a need was added or removed, or the primary changed.
"""

from __future__ import annotations

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

from triage_app.domain.vocabulary import Vocabulary
from ui.capture.fields import ErrorLabel, line_edit

PRIMARY_MARK = "★ primary"


class NeedsPicker(QWidget):
    changed = Signal()

    def __init__(self, needs: Vocabulary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Presenting needs")
        self._vocab = needs
        self.search = line_edit("Find a presenting need", "Type part of a need, then Enter")
        self.search.setToolTip("Type part of a need's name; Up/Down to choose; Enter to add")
        self.matches = QListWidget()
        self.matches.setAccessibleName("Matching needs")
        self.matches.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        for term in needs:
            item = QListWidgetItem(term.label)
            item.setData(Qt.ItemDataRole.UserRole, term.code)
            self.matches.addItem(item)
        self.matches.setMaximumHeight(self.matches.sizeHintForRow(0) * 5 + 6)
        self.chosen = QListWidget()
        self.chosen.setAccessibleName("Chosen needs")
        self.chosen.setToolTip("Delete removes a need; Space makes it the primary need")
        row_height = max(self.matches.sizeHintForRow(0), self.fontMetrics().height() + 4)
        self.chosen.setFixedHeight(row_height * 4 + 6)
        self.primary_button = QPushButton("Make primar&y")
        self.primary_button.setAccessibleName("Make the selected need primary")
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
        self.matches.itemActivated.connect(
            lambda item: self.add(item.data(Qt.ItemDataRole.UserRole))
        )
        self.primary_button.clicked.connect(self._primary_selected)
        self.remove_button.clicked.connect(self._remove_selected)
        self._filter("")

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        first = None
        for i in range(self.matches.count()):
            item = self.matches.item(i)
            code = item.data(Qt.ItemDataRole.UserRole)
            hay = f"{item.text()} {code.replace('_', ' ')}".casefold()
            hidden = code in self._codes or not all(w in hay for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        self.matches.setVisible(bool(words))  # the list appears once something is typed
        if first is not None:
            self.matches.setCurrentItem(first)
        else:
            self.matches.setCurrentRow(-1)

    def _visible_rows(self) -> list[int]:
        return [i for i in range(self.matches.count()) if not self.matches.item(i).isHidden()]

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
        item = self.matches.currentItem()
        if item is not None and not item.isHidden():
            self.add(item.data(Qt.ItemDataRole.UserRole))
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
