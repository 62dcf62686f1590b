"""The monthly Here to Help figures as plain values, for the PDF, the CSV and the window.

Every breakdown lists the vocabulary's codes in the vocabulary's order, zeros included, so
that one month's table lines up with the next; a code no longer in the vocabulary but still
in stored requests follows, under its code; nothing recorded comes last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from triage_app.domain.months import Month


@dataclass(frozen=True)
class Count:
    """One row of a breakdown; ``code`` is None for "not recorded"."""

    code: str | None
    label: str
    count: int


@dataclass(frozen=True)
class Breakdown:
    """One table of the report: what is counted (``key``), a title, and its rows."""

    key: str
    title: str
    counts: tuple[Count, ...]

    @property
    def total(self) -> int:
        return sum(c.count for c in self.counts)

    def count(self, code: str | None) -> int:
        """The count for one code (0 when absent), for tests and the window's captions."""
        return next((c.count for c in self.counts if c.code == code), 0)


@dataclass(frozen=True)
class TrendPoint:
    """One month of the 12-month trend: requests and what course of action followed."""

    month: Month
    requests: int
    by_pathway: tuple[Count, ...]


@dataclass(frozen=True)
class OutcomeFigures:
    """What happened to the month's requests after the front door (``figures.outcomes``).

    ``closed`` of them are closed, ``early_help_episodes`` became early help episodes (the
    annual report counts 1,823 of 5,188), ``overridden`` had their pathway changed.
    """

    closed: int
    early_help_episodes: int
    overridden: int
    breakdowns: tuple[Breakdown, ...]


NO_OUTCOMES = OutcomeFigures(0, 0, 0, ())


@dataclass(frozen=True)
class MonthlyFigures:
    """One month's figures, for one hub or all.

    Requests are counted once each, by their current version (an amendment corrects the
    figures rather than adding to them). Children are counted once per request that names
    them. A re-referral is a request with an earlier one for the same child or family in the
    previous ``rereferral_window_days`` days.
    """

    month: Month
    hub: str | None
    hub_label: str
    produced_at: datetime
    requests: int
    rereferrals: int
    rereferral_window_days: int
    children: int
    children_aged_16_and_over: int
    children_aged_19_and_over: int
    requests_by: tuple[Breakdown, ...]
    children_by: tuple[Breakdown, ...]
    trend: tuple[TrendPoint, ...]
    outcomes: OutcomeFigures = NO_OUTCOMES

    def breakdown(self, key: str) -> Breakdown:
        """A request or child breakdown by its key (``contact_method``, ``age_band`` ...)."""
        for b in (*self.requests_by, *self.children_by, *self.outcomes.breakdowns):
            if b.key == key:
                return b
        raise KeyError(key)
