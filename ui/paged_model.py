"""A table model that reads its rows a page at a time: the first screenful at once, more on scroll.

A list that may hold hundreds of thousands of rows (the follow-up queue at a million requests)
is never read whole: :meth:`PagedModel.start` reads the first page, and the view asks for the
next through Qt's ``canFetchMore`` / ``fetchMore`` as it is scrolled towards the end. The
reading itself is the caller's ``fetch(offset, limit)``; the total, when known, is the
caller's to show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QWidget

from ui.table_model import Index, RowsModel

T = TypeVar("T")
#: (offset, limit) → up to ``limit`` rows from ``offset``, in the list's order.
Fetch = Callable[[int, int], Sequence[T]]
#: Rows read at a time: a few screenfuls.
PAGE = 100


class PagedModel(RowsModel[T]):
    """Rows read through ``fetch`` a page at a time; :meth:`start` begins again from the top."""

    def __init__(self, parent: QWidget | None = None, *, page: int = PAGE) -> None:
        super().__init__(parent)
        self._page = page
        self._fetch: Fetch[T] | None = None
        self._more = False

    def start(self, fetch: Fetch[T]) -> int:
        """Read the first page through ``fetch``; returns how many rows it gave."""
        self._fetch = fetch
        rows = list(fetch(0, self._page))
        self._more = len(rows) == self._page
        self.set_rows(rows)
        return len(rows)

    def clear(self) -> None:
        self._fetch, self._more = None, False
        self.set_rows([])

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and self._fetch is not None

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent) or self._fetch is None:
            return
        rows = list(self._fetch(len(self._rows), self._page))
        self._more = len(rows) == self._page
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
