"""The Figures page's three panes across: the breakdowns, the table and its chart.

The table holds the figures; the chart only draws them again, and the list only chooses
them. So the table gets the width its columns need first, at any screen and text size; the
list then its longest name (or, where room is short, at least :data:`LIST_MIN_EMS`); and the
chart is shown only where it gets the width its labels need to be told apart
(``BarChart.readable_width``), otherwise it folds away. Fixed shares had left a grid of six
courses of action scrolling sideways on a 1366-pixel laptop, and beside it a chart whose
"Referred to …" bars could not be told apart. Once staff drag a handle, their split stands.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QAbstractScrollArea, QHeaderView, QListWidget, QTableView, QWidget

from ui.split import FittingSplitter

#: Widths in the font's "M": the list at most and at least, a stretching table at least.
LIST_MAX_EMS = 30
LIST_MIN_EMS = 12
TABLE_MIN_EMS = 28
#: The table's share of the width the list leaves, when both it and the chart could use more.
TABLE_SHARE = 40 / 86


class FiguresSplitter(FittingSplitter):
    """The list, the table's pane and the charts, each as wide as what it shows needs."""

    def __init__(
        self,
        list_: QListWidget,
        panes: tuple[QWidget, QWidget],
        table: QTableView,
        charts: QWidget,
        chart_needs: Callable[[], int],
    ) -> None:
        """``panes`` hold the list and the table (with their captions); ``charts`` is the third.

        ``chart_needs`` gives the width the chart now shown needs to be read.
        """
        super().__init__()
        self._list, self._table, self._charts = list_, table, charts
        self._chart_needs = chart_needs
        for widget in (*panes, charts):
            self.addWidget(widget)
        self.setCollapsible(2, True)

    def fit(self) -> None:
        """Share the width out for what is shown (see the module)."""
        em = self.fontMetrics().horizontalAdvance("M")
        width = self.width() - 2 * self.handleWidth()
        list_wants = min(_needs(self._list, self._list.sizeHintForColumn(0)), LIST_MAX_EMS * em)
        list_least = min(list_wants, LIST_MIN_EMS * em)
        table, stretches = self._table_needs(em)
        chart = 0 if self._charts.isHidden() else self._chart_needs()
        if chart and list_least + table + chart > width:
            chart = 0  # not readable beside the table: folded away
        left = max(list_least, min(list_wants, width - table - chart))
        rest = max(0, width - left)
        if not chart:
            self.setSizes([left, rest, 0])
            return
        middle = max(table, int(rest * TABLE_SHARE)) if stretches else table
        middle = min(middle, rest - chart)
        self.setSizes([left, middle, rest - middle])

    def _table_needs(self, em: int) -> tuple[int, bool]:
        """The table's width without scrolling sideways, and whether its label column stretches.

        A stretching label column elides its longer labels: it needs only a readable width.
        """
        header = self._table.horizontalHeader()
        stretches = any(
            header.sectionResizeMode(c) == QHeaderView.ResizeMode.Stretch
            for c in range(header.count())
        )
        if stretches:
            return TABLE_MIN_EMS * em, True
        self._table.resizeColumnsToContents()
        return _needs(self._table, header.length()), False


def _needs(view: QAbstractScrollArea, contents: int) -> int:
    """The width ``view`` needs to show ``contents`` pixels across without scrolling sideways."""
    return contents + 2 * view.frameWidth() + view.verticalScrollBar().sizeHint().width()
