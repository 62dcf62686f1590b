"""How often staff chose another pathway than each rule's, for team leaders on the figures page.

A rule whose routes are often overridden is one to look at when the rules are next changed.
The counting is :func:`triage_app.store.overridden.override_rates`' (a request counts for
every rule in its trace; it is overridden when the pathway in force is not the one
recommended); this module shows it as a table and a chart of the most overridden rules.
"""

from __future__ import annotations

from triage_app.accounts.roles import require
from triage_app.figures import Month
from triage_app.store.overridden import RuleOverrideRate, override_rates
from ui.context import WindowContext
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


def read_rates(ctx: WindowContext, month: Month) -> tuple[RuleOverrideRate, ...]:
    """The month's rates, most overridden first (a team leader's view of the figures)."""
    require(ctx.actor, "view_figures")
    with ctx.db.read() as session:
        return override_rates(session, month.starts, month.ends)


def chart_rows(rates: tuple[RuleOverrideRate, ...]) -> list[tuple[str, int]]:
    """The most overridden rules, for the bar chart: (rule, overridden)."""
    return [(r.rule, r.overridden) for r in rates if r.overridden][:CHARTED]
