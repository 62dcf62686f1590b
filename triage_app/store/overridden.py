"""Requests whose pathway was overridden, and how often each rule's route was: for team leaders.

The rules are improved from this (issue 18): a rule whose routes staff often change is one
to look at. A request counts as overridden when its current version's pathway in force
(``final_pathway``) differs from the one recommended; a rule counts a request when it is in
the request's trace (the rules that fired, and the safety floor's entries).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.store.models import Request, RequestVersion

#: How many versions' traces :meth:`RateTally.count_more` reads at once.
TALLIED_AT_ONCE = 500


@dataclass(frozen=True)
class OverriddenRequest:
    reference: str
    received_at: datetime
    recommended: str
    final: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class RuleOverrideRate:
    """Of the requests whose trace names ``rule``, how many were overridden."""

    rule: str
    requests: int
    overridden: int

    @property
    def rate(self) -> float:
        return self.overridden / self.requests if self.requests else 0.0


def _period(start: datetime | None, end: datetime | None) -> list[Any]:
    where: list[Any] = [RequestVersion.is_current]
    if start is not None:
        where.append(RequestVersion.received_at >= start)
    if end is not None:
        where.append(RequestVersion.received_at < end)
    return where


def _rules(trace: list[Any]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(t.get("rule")) for t in trace if isinstance(t, dict)))


def overridden_requests(
    session: Session, start: datetime | None = None, end: datetime | None = None
) -> tuple[OverriddenRequest, ...]:
    """Requests received in ``[start, end)`` whose pathway in force is not the recommended."""
    rows = session.execute(
        select(
            Request.reference,
            RequestVersion.received_at,
            RequestVersion.pathway,
            RequestVersion.final_pathway,
            RequestVersion.trace,
        )
        .join(Request, Request.id == RequestVersion.request_id)
        .where(
            *_period(start, end),
            RequestVersion.final_pathway.is_not(None),
            RequestVersion.final_pathway != RequestVersion.pathway,
        )
        .order_by(RequestVersion.received_at, Request.reference)
    ).all()
    return tuple(
        OverriddenRequest(ref, received, pathway, final, _rules(trace))
        for ref, received, pathway, final, trace in rows
    )


class RateTally:
    """Each rule's requests and overrides, counted a few versions at a time.

    The month's versions are listed first (ids only, from an index); their traces, the
    cost (a month at a million requests is 40,000 versions and 18 MB of trace, 1.6 s), are
    read :data:`TALLIED_AT_ONCE` at a time, so a window can count between key presses.
    """

    def __init__(self, ids: Sequence[int]) -> None:
        self._ids = list(ids)
        self._next = 0
        self._seen: Counter[str] = Counter()
        self._changed: Counter[str] = Counter()

    @property
    def counted(self) -> int:
        return self._next

    @property
    def total(self) -> int:
        return len(self._ids)

    @property
    def done(self) -> bool:
        return self._next >= len(self._ids)

    def count_more(self, session: Session, n: int = 0) -> None:
        """Count the next ``n`` versions (default :data:`TALLIED_AT_ONCE`)."""
        chunk = self._ids[self._next : self._next + (n or TALLIED_AT_ONCE)]
        self._next += len(chunk)
        if not chunk:
            return
        rows = session.execute(
            select(RequestVersion.pathway, RequestVersion.final_pathway, RequestVersion.trace)
            .where(RequestVersion.id.in_(chunk))
        )  # fmt: skip
        for pathway, final, trace in rows:
            rules = _rules(trace)
            self._seen.update(rules)
            if final is not None and final != pathway:
                self._changed.update(rules)

    def rates(self) -> tuple[RuleOverrideRate, ...]:
        """The rates counted so far, most overridden first."""
        rates = [RuleOverrideRate(rule, n, self._changed[rule]) for rule, n in self._seen.items()]
        rates.sort(key=lambda r: (-r.overridden, -r.rate, r.rule))
        return tuple(rates)


def rate_tally(
    session: Session, start: datetime | None = None, end: datetime | None = None
) -> RateTally:
    """A tally of the current versions received in ``[start, end)``, none counted yet."""
    ids = session.scalars(select(RequestVersion.id).where(*_period(start, end))).all()
    return RateTally(ids)


def override_rates(
    session: Session, start: datetime | None = None, end: datetime | None = None
) -> tuple[RuleOverrideRate, ...]:
    """Each rule's requests and overrides in ``[start, end)``, most overridden first."""
    tally = rate_tally(session, start, end)
    while not tally.done:
        tally.count_more(session)
    return tally.rates()
