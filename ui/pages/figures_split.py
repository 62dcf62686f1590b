"""The Figures page's three panes across: the breakdowns, the table and its chart.

Fixed shares left a grid of six courses of action scrolling sideways beside its chart on a
1366-pixel laptop, so a team leader at month end saw two of its columns, and the list cut
its longer names. Here the list gets the width of its longest name, a grid the width of its
columns, and the chart what is left, never less than it needs to stay readable. Once staff
drag a handle, their split stands.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractScrollArea, QHeaderView, QListWidget, QTableView, QWidget

from ui.split import FittingSplitter

#: Widths in the font's "M": the list at most, a grid's table at least, the chart at least.
LIST_MAX_EMS = 30
TABLE_MIN_EMS = 40
CHART_MIN_EMS = 24
#: The table's share of what the list leaves, when its label column stretches to fill it.
TABLE_SHARE = 40 / 86


class FiguresSplitter(FittingSplitter):
    """The list, the table's pane and the charts, each as wide as what it shows needs."""

    def __init__(
        self,
        list_: QListWidget,
        panes: tuple[QWidget, QWidget],
        table: QTableView,
        charts: QWidget,
    ) -> None:
        """``panes`` hold the list and the table (with their captions); ``charts`` is the third."""
        super().__init__()
        self._list, self._table, self._charts = list_, table, charts
        for widget in (*panes, charts):
            self.addWidget(widget)

    def fit(self) -> None:
        """Share the width out again for what is shown, unless staff have moved a handle."""
        if self.by_hand:
            return
        em = self.fontMetrics().horizontalAdvance("M")
        width = self.width() - 2 * self.handleWidth()
        left = min(_needs(self._list, self._list.sizeHintForColumn(0)), LIST_MAX_EMS * em)
        rest = max(0, width - left)
        if self._charts.isHidden():
            self.setSizes([left, rest, 0])
            return
        header = self._table.horizontalHeader()
        stretches = any(
            header.sectionResizeMode(c) == QHeaderView.ResizeMode.Stretch
            for c in range(header.count())
        )
        middle = int(rest * TABLE_SHARE)
        if not stretches:
            self._table.resizeColumnsToContents()
            middle = max(middle, TABLE_MIN_EMS * em, _needs(self._table, header.length()))
        middle = max(0, min(middle, rest - CHART_MIN_EMS * em))
        self.setSizes([left, middle, rest - middle])


def _needs(view: QAbstractScrollArea, contents: int) -> int:
    """The width ``view`` needs to show ``contents`` pixels across without scrolling sideways."""
    return contents + 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
