"""The Figures page's tables: a breakdown with shares, the 12-month trend, breakdowns side by side.

Each shows the figures' numbers as given, thousands separated, shares as
``triage_app.domain.counts`` words them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from triage_app.domain.counts import share
from triage_app.figures import TrendPoint
from triage_app.figures.grid import Grid

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_SHOWN = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)


class CountsModel(QAbstractTableModel):
    """One breakdown (or the summary): label, count and share of the total."""

    COL_LABEL, COL_COUNT, COL_SHARE = range(3)
    HEADERS = ("", "Count", "Share")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[tuple[str, int], ...] = ()
        self._total: int | None = None
        self._title = ""

    def set_rows(
        self, title: str, rows: Sequence[tuple[str, int]], total: int | None = None
    ) -> None:
        """``total`` None: no share column is meaningful (the summary)."""
        self.beginResetModel()
        self._title = title
        self._rows = tuple(rows)
        self._total = total
        self.endResetModel()

    @property
    def rows(self) -> tuple[tuple[str, int], ...]:
        return self._rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role != Qt.ItemDataRole.DisplayRole or not horizontal:
            return None
        if section == self.COL_LABEL:
            return self._title
        return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        label, count = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.COL_LABEL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        return (label, f"{count:,}", self._share(count))[col] if 0 <= col < 3 else None

    def _share(self, count: int) -> str:
        if self._total is None:
            return ""
        return share(count, self._total)


class TrendModel(QAbstractTableModel):
    """The 12-month trend: requests each month, then one column per course of action."""

    COL_MONTH, COL_REQUESTS = range(2)
    FIXED = ("Month", "Requests")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: tuple[TrendPoint, ...] = ()
        self._pathways: tuple[str, ...] = ()

    def set_rows(self, points: Sequence[TrendPoint]) -> None:
        self.beginResetModel()
        self._points = tuple(points)
        first = self._points[0].by_pathway if self._points else ()
        self._pathways = tuple(c.label for c in first)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._points)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.FIXED) + len(self._pathways)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        names = (*self.FIXED, *self._pathways)
        return names[section] if 0 <= section < len(names) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._points):
            return None
        point, col = self._points[index.row()], index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col != self.COL_MONTH:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        if col == self.COL_MONTH:
            return point.month.label
        if col == self.COL_REQUESTS:
            return f"{point.requests:,}"
        i = col - len(self.FIXED)
        return f"{point.by_pathway[i].count:,}" if 0 <= i < len(point.by_pathway) else None


class GridModel(QAbstractTableModel):
    """Breakdowns side by side (``triage_app.figures.grid``).

    A label, then a count per column, then the row's total and a share where the grid has them.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid: Grid | None = None
        self._headers: tuple[str, ...] = ()

    def set_grid(self, grid: Grid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self._headers = ()
        if grid is not None:
            extra = tuple(t for t in (grid.total_title, grid.share_title) if t)
            self._headers = (grid.row_title, *grid.columns, *extra)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else len(self.grid.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return two_lines(self._headers[section]) if 0 <= section < len(self._headers) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        g = self.grid
        if g is None or not index.isValid() or not 0 <= index.row() < len(g.rows):
            return None
        row, col = g.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return _RIGHT
        if role not in _SHOWN:
            return None
        cells = [row.label, *(f"{n:,}" for n in row.counts)]
        if g.total_title:
            cells.append(f"{row.total:,}")
        if g.share_title:
            cells.append(row.share)
        return cells[col] if 0 <= col < len(cells) else None


#: A column heading longer than this is shown over two lines.
ONE_LINE_HEADING = 12


def two_lines(heading: str) -> str:
    """A long heading broken at the space nearest its middle.

    So a grid of every course of action fits a laptop's width beside its chart.
    """
    spaces = [i for i, ch in enumerate(heading) if ch == " "]
    if len(heading) <= ONE_LINE_HEADING or not spaces:
        return heading
    cut = min(spaces, key=lambda i: abs(2 * i - len(heading)))
    return f"{heading[:cut]}\n{heading[cut + 1 :]}"
