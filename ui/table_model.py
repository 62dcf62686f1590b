"""One read-only table model for a list of plain rows: the Qt boilerplate written once.

A subclass names its columns (``COL_*`` constants and ``HEADERS``) and says what a cell shows,
either through :meth:`RowsModel.text` (the words for the display and accessible roles) or, when
it shows more than words, through :meth:`RowsModel.cell` (any role).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
#: The roles that show a cell's words (on screen and to a screen reader).
TEXT_ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)
RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
#: How many rows a column's width is measured on: a screenful and more. Qt's default is a
#: thousand, which asks every cell of a long list (a history of 300 steps, 200 matches)
#: for its words each time the rows change.
SIZED_ROWS = 30


class RowsModel(QAbstractTableModel, Generic[T]):
    """Rows of one frozen type, one column per header; replaced whole by :meth:`set_rows`."""

    HEADERS: ClassVar[tuple[str, ...]] = ()
    #: Columns holding numbers, aligned right.
    NUMBERS: ClassVar[tuple[int, ...]] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = []

    def set_rows(self, rows: Iterable[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, row: int, column: int, role: int) -> Any:
        """What the cell at (``row``, ``column``) holds for ``role`` (both within range)."""
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMBERS:
            return RIGHT_ALIGNED
        if role in TEXT_ROLES:
            return self.text(self._rows[row], column)
        return None

    def text(self, item: T, column: int) -> Any:
        """The words shown for ``item`` in ``column``."""
        raise NotImplementedError


def rows_table(model: QAbstractItemModel, name: str) -> QTableView:
    """A read-only list view of ``model``: whole rows, one at a time, Tab leaves it.

    Columns fit their contents (measured on the first :data:`SIZED_ROWS` rows and those in
    view) and the last one takes the spare width.
    """
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(SIZED_ROWS)
    header.setStretchLastSection(True)
    return table
