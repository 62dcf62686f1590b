"""Earlier requests for the child or family being typed: looked up when their keys change.

The matching and the rule-13 count are the core's (:mod:`triage_app.services.rereferral`);
this holds the last rows found so the page can show them and count them for the route.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QWidget

from triage_app.domain.dates import read_birth
from triage_app.services.rereferral import (
    ChildKey,
    EarlierRequest,
    FamilyKey,
    earlier_requests,
    recognisable,
    window_start,
    within_year,
)
from ui.context import WindowContext
from ui.ops import run_op
from ui.rereferral_panel import RereferralPanel


def keys_of(values: dict[str, Any], today: date) -> tuple[tuple[ChildKey, ...], FamilyKey]:
    """The child and family keys in the form's values (a child needs a date of birth).

    An estimated date of birth is no key: it would match another child born that day.
    """
    children = []
    for c in values["children"]:
        if c["unborn"]:
            continue
        born = read_birth(c["born"], today)
        given = None if born.estimated else born.date_of_birth
        children.append(ChildKey(c["first_name"], c["last_name"], given))
    fam = values["family"]
    return tuple(children), FamilyKey(fam["last_name"], fam["postcode"], fam["phone"])


class EarlierLookup:
    """The earlier requests last found, shown in ``panel``; looked up again only on new keys."""

    def __init__(
        self, widget: QWidget, context: Callable[[], WindowContext], panel: RereferralPanel
    ) -> None:
        self._widget = widget
        self._context = context
        self._panel = panel
        self._keys: object = None
        self.rows: list[EarlierRequest] = []

    def reset(self) -> None:
        self._keys = None
        self._show([])

    def count(self, received_at: datetime) -> int:
        """Contract rule 13's ``earlier_requests`` for a request received at ``received_at``."""
        return len(within_year(self.rows, received_at))

    def look(self, values: dict[str, Any], exclude_reference: str | None) -> None:
        children, family = keys_of(values, self._context().now().date())
        if (children, family) == self._keys:
            return
        self._keys = (children, family)
        if not recognisable(children, family):
            self._show([])
            return
        ctx = self._context()

        def op() -> list[EarlierRequest]:
            with ctx.db.read_one() as session:
                return earlier_requests(
                    session,
                    children=children,
                    family=family,
                    since=window_start(ctx.now()),
                    exclude_reference=exclude_reference,
                )

        run_op(self._widget, op, self._show)

    def _show(self, rows: list[EarlierRequest]) -> None:
        self.rows = rows
        self._panel.set_rows(rows, self.count(self._context().now()))
