"""A side-by-side split that keeps the side panel's share of the width until staff move it.

A plain ``QSplitter`` hands extra width out by stretch factors from the widgets' size hints,
so a larger text size (whose form asks for more) squeezes the route panel to a sliver. This
one sets the sizes from a share on every resize, until the handle is dragged by hand; where
the window is narrow (a large scale), the form keeps what it needs not to scroll sideways.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QScrollArea, QSplitter, QWidget


class FittingSplitter(QSplitter):
    """Widgets across, sized by :meth:`fit` on every resize until staff drag a handle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.by_hand = False
        self.setChildrenCollapsible(False)
        self.splitterMoved.connect(self._moved_by_hand)

    def _moved_by_hand(self, _pos: int, _index: int) -> None:
        self.by_hand = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.refit()

    def refit(self) -> None:
        """Fit the widgets again for what they now show, unless staff have dragged a handle."""
        if not self.by_hand:
            self.fit()

    def fit(self) -> None:
        """Set the widgets' widths for what they now show."""


class SharedSplitter(FittingSplitter):
    """Two widgets across; the second (the side) keeps ``side_share`` of the width."""

    def __init__(self, side_share: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.side_share = side_share

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The form's contents grew (a child added, a notice shown): share the width again."""
        if event.type() == QEvent.Type.LayoutRequest:
            self.refit()
        return False

    def addWidget(self, widget: QWidget) -> None:
        super().addWidget(widget)
        inner = widget.widget() if isinstance(widget, QScrollArea) else None
        if self.count() == 1 and inner is not None:
            inner.installEventFilter(self)

    def fit(self) -> None:
        main, panel = self.widget(0), self.widget(1)
        if main is not None and panel is not None:
            width = self.width() - self.handleWidth()
            side = min(int(width * self.side_share), width - _needs(main))
            side = max(side, panel.minimumSizeHint().width())
            self.setSizes([width - side, side])


def _needs(widget: QWidget) -> int:
    """The width ``widget`` needs not to scroll sideways (a scroll area: its contents')."""
    inner = widget.widget() if isinstance(widget, QScrollArea) else None
    if isinstance(widget, QScrollArea) and inner is not None:
        bar = widget.verticalScrollBar().sizeHint().width()
        return inner.minimumSizeHint().width() + bar + 2 * widget.frameWidth()
    return widget.minimumSizeHint().width()
