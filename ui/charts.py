"""Simple bar charts drawn with QPainter (PySide6-Essentials has no QtCharts).

A chart only draws numbers it is given; the same numbers are in the table beside it and in
its accessible description, so nothing is known from the picture alone. Numbers of different
units (requests, children) are each drawn on a scale of their own, with a rule between them.
Colours come from the palette, so the high-contrast theme applies to charts too.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

ROW_HEIGHT = 20
LABEL_SHARE = 0.4
PAD = 6
#: A label cut shorter than this many characters can read like its neighbour ("Referred to
#: a partner and taken up", "… not taken up"): a chart narrower than that is not worth showing.
READABLE_CHARACTERS = 30
#: The least room left for the bars themselves.
BAR_ROOM = 60


class BarChart(QWidget):
    """One bar per (label, count): horizontal for a breakdown, vertical for a trend."""

    def __init__(self, *, vertical: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vertical = vertical
        self._rows: tuple[tuple[str, int], ...] = ()
        self._units: tuple[str, ...] = ()
        self._groups: tuple[str, ...] = ()
        self._headed = False
        self.setMinimumHeight(120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    @property
    def groups(self) -> tuple[str, ...]:
        """Each row's group, when the chart is drawn in headed groups."""
        return self._groups if self._headed else ()

    @property
    def rows(self) -> tuple[tuple[str, int], ...]:
        return self._rows

    def set_data(
        self,
        title: str,
        rows: Sequence[tuple[str, int]],
        *,
        units: Sequence[str] = (),
        groups: Sequence[str] = (),
    ) -> None:
        """Draw ``rows``, each unit's and group's together.

        ``units`` (one per row) puts rows of each unit on a scale of its own; ``groups`` (one
        per row) heads each group with its name, all on one scale.
        """
        self._rows = tuple((str(label), int(count)) for label, count in rows)
        self._units = tuple(units) if len(units) == len(self._rows) else ("",) * len(self._rows)
        self._headed = len(groups) == len(self._rows) and bool(groups)
        self._groups = tuple(groups) if self._headed else self._units
        self.setAccessibleName(f"Chart: {title}")
        named = (
            zip((f"{g}, " for g in self._groups), self._rows, strict=True)
            if self._headed
            else (("", row) for row in self._rows)
        )
        self.setAccessibleDescription("; ".join(f"{g}{label}: {n:,}" for g, (label, n) in named))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        if self.vertical:
            return QSize(480, 220)
        lines = len(self._rows) + (len(set(self._groups)) if self._headed else 0)
        return QSize(480, max(120, ROW_HEIGHT * lines + 2 * PAD))

    def readable_width(self) -> int:
        """The width at which every label shows at least :data:`READABLE_CHARACTERS`."""
        if not self._rows:
            return 0
        metrics = self.fontMetrics()

        def shown(label: str) -> int:
            cut = len(label) > READABLE_CHARACTERS
            return metrics.horizontalAdvance(label[:READABLE_CHARACTERS] + ("…" if cut else ""))

        count_width = metrics.horizontalAdvance("000,000") + PAD
        if self.vertical:
            column = max(max(shown(label), count_width) for label, _n in self._rows) + PAD
            return column * len(self._rows) + 2 * PAD
        label = max(shown(label) for label, _n in self._rows) + PAD
        return max(int(label / LABEL_SHARE), label + count_width + PAD + BAR_ROOM) + 2 * PAD

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Base))
            if self._rows:
                if self.vertical:
                    self._paint_columns(painter)
                else:
                    self._paint_bars(painter)
        finally:
            painter.end()

    def _scale(self) -> int:
        return max(1, *(n for _label, n in self._rows))

    def scale_of(self, row: int) -> int:
        """The count a full-length bar stands for in ``row``'s unit."""
        unit = self._units[row]
        return max(1, *(n for (_l, n), u in zip(self._rows, self._units, strict=True) if u == unit))

    def _paint_bars(self, painter: QPainter) -> None:
        palette = self.palette()
        metrics = painter.fontMetrics()
        width = self.width() - 2 * PAD
        label_width = int(width * LABEL_SHARE)
        count_width = metrics.horizontalAdvance("000,000") + PAD
        bar_space = max(10, width - label_width - count_width - PAD)
        starts = {
            i for i in range(len(self._rows)) if not i or self._groups[i] != self._groups[i - 1]
        }
        lines = len(self._rows) + (len(starts) if self._headed else 0)
        row_height = max(8, min(ROW_HEIGHT, (self.height() - 2 * PAD) // lines))
        y = PAD - row_height
        for i, (label, count) in enumerate(self._rows):
            y += row_height
            if i in starts and i:  # a new unit or group: a rule
                painter.setPen(palette.color(QPalette.ColorRole.Mid))
                painter.drawLine(PAD, y, PAD + width, y)
            if i in starts and self._headed:  # the group's name on a line of its own
                painter.setPen(palette.color(QPalette.ColorRole.Text))
                heading = QRectF(PAD, y, width, row_height)
                painter.drawText(heading, int(Qt.AlignmentFlag.AlignVCenter), self._groups[i])
                y += row_height
            text_rect = QRectF(PAD, y, label_width - PAD, row_height)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - PAD)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(text_rect, int(align), shown)
            length = bar_space * count / self.scale_of(i)
            bar = QRectF(PAD + label_width, y + 3, length, row_height - 6)
            painter.fillRect(bar, palette.color(QPalette.ColorRole.Highlight))
            number = QRectF(bar.right() + 4, y, count_width, row_height)
            left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(number, int(left), f"{count:,}")

    def _paint_columns(self, painter: QPainter) -> None:
        palette = self.palette()
        metrics = painter.fontMetrics()
        line = metrics.height()
        width, height = self.width() - 2 * PAD, self.height() - 2 * PAD
        column = width / len(self._rows)
        plot = max(10, height - 2 * line - PAD)
        top = self._scale()
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        centre = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter)
        for i, (label, count) in enumerate(self._rows):
            x = PAD + i * column
            length = plot * count / top
            base = PAD + line + plot
            bar = QRectF(x + column * 0.15, base - length, column * 0.7, length)
            painter.fillRect(bar, palette.color(QPalette.ColorRole.Highlight))
            painter.drawText(QRectF(x, base - length - line, column, line), centre, f"{count:,}")
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(column))
            painter.drawText(QRectF(x, base + 2, column, line), centre, shown)
