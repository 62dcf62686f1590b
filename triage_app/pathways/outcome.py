"""A route while it is being worked out: what the rules gave, before and after the safety floor."""

from __future__ import annotations

from dataclasses import dataclass

from triage_app.domain.route import TraceEntry


@dataclass(frozen=True)
class Outcome:
    """Pathway, actions, advice, response time and trace, without the hub or version yet."""

    pathway: str
    actions: tuple[str, ...]
    advice: tuple[str, ...]
    respond_within: str | None
    respond_rank: int | None
    trace: tuple[TraceEntry, ...]
