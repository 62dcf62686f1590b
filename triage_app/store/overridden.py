"""Requests whose pathway was overridden, and how often each rule's route was: for team leaders.

The rules are improved from this (issue 18): a rule whose routes staff often change is one
to look at. A request counts as overridden when its current version's pathway in force
(``final_pathway``) differs from the one recommended; a rule counts a request when it is in
the request's trace (the rules that fired, and the safety floor's entries).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.store.models import Request, RequestVersion


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


def override_rates(
    session: Session, start: datetime | None = None, end: datetime | None = None
) -> tuple[RuleOverrideRate, ...]:
    """Each rule's requests and overrides in ``[start, end)``, most overridden first."""
    seen: Counter[str] = Counter()
    changed: Counter[str] = Counter()
    rows = session.execute(
        select(RequestVersion.pathway, RequestVersion.final_pathway, RequestVersion.trace).where(
            *_period(start, end)
        )
    )
    for pathway, final, trace in rows:
        rules = _rules(trace)
        seen.update(rules)
        if final is not None and final != pathway:
            changed.update(rules)
    rates = [RuleOverrideRate(rule, n, changed[rule]) for rule, n in seen.items()]
    rates.sort(key=lambda r: (-r.overridden, -r.rate, r.rule))
    return tuple(rates)
