"""How often staff chose another pathway than each rule's, for team leaders on the figures page.

A rule whose routes are often overridden is one to look at when the rules are next changed.
The counting is :func:`triage_app.store.overridden.override_rates`' (a request counts for
every rule in its trace; it is overridden when the pathway in force is not the one
recommended); this module shows it as a table and a chart of the most overridden rules.

A month's rates read every trace of the month (1.6 s at a million requests), so
:class:`RatesCounter` counts them five hundred versions per turn of the event loop: the window
goes on taking keys, and says how far the count has gone.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from triage_app.accounts.roles import require
from triage_app.figures import Month
from triage_app.store.overridden import RateTally, RuleOverrideRate, rate_tally
from ui.context import WindowContext
from ui.in_parts import InParts
from ui.ops import run_op
from ui.table_model import RowsModel

#: The section's key and title among the figures page's breakdowns.
KEY = "override_rates"
TITLE = "Overrides by rule (all hubs)"
#: How many rules the chart shows (the table has them all).
CHARTED = 12


class RatesModel(RowsModel[RuleOverrideRate]):
    """Each rule: the requests it routed in the month, how many were overridden, the rate."""

    COL_RULE, COL_REQUESTS, COL_OVERRIDDEN, COL_RATE = range(4)
    HEADERS = ("Rule", "Requests it routed", "Overridden", "Rate")
    NUMBERS = (COL_REQUESTS, COL_OVERRIDDEN, COL_RATE)

    def text(self, item: RuleOverrideRate, column: int) -> str:
        return (
            item.rule,
            f"{item.requests:,}",
            f"{item.overridden:,}",
            f"{100 * item.rate:.1f}%",
        )[column]


class RatesCounter(QObject):
    """Counts a month's rates a part per turn of the event loop; :meth:`stop` drops a count.

    Signals:
        progress(int, int): versions counted so far, of how many.
        counted(object): the month's rates (``tuple[RuleOverrideRate, ...]``), all counted.
    """

    progress = Signal(int, int)
    counted = Signal(object)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._widget = parent
        self._parts = InParts(parent, "Figures")

    @property
    def counting(self) -> bool:
        return self._parts.running

    def start(self, ctx: WindowContext, month: Month) -> None:
        """Count ``month``'s rates (a team leader's view of the figures), from the start."""
        self.stop()

        def listed() -> RateTally:
            require(ctx.actor, "view_figures")
            with ctx.db.read() as session:
                return rate_tally(session, month.starts, month.ends)

        def more(tally: RateTally) -> RateTally:
            with ctx.db.read() as session:
                tally.count_more(session)
            return tally

        def begin(tally: RateTally) -> None:
            self._parts.start(lambda: more(tally), self._shown)

        run_op(self._widget, listed, begin, title="Figures")

    def stop(self) -> None:
        self._parts.stop()

    def _shown(self, tally: RateTally) -> bool:
        if tally.done:
            self.counted.emit(tally.rates())
            return False
        self.progress.emit(tally.counted, tally.total)
        return True


def chart_rows(rates: tuple[RuleOverrideRate, ...]) -> list[tuple[str, int]]:
    """The most overridden rules, for the bar chart: (rule, overridden)."""
    return [(r.rule, r.overridden) for r in rates if r.overridden][:CHARTED]
