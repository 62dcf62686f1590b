"""A route while it is being worked out: what the rules gave, before and after the safety floor."""

from __future__ import annotations

from typing import NamedTuple

from triage_app.domain.route import TraceEntry


class Outcome(NamedTuple):
    """Pathway, actions, advice, response time and trace, without the hub or version yet.

    A named tuple: immutable, and made and changed (``_replace``) faster than a frozen
    dataclass, as the safety floor may change a route's outcome several times.
    """

    pathway: str
    actions: tuple[str, ...]
    advice: tuple[str, ...]
    respond_within: str | None
    respond_rank: int | None
    trace: tuple[TraceEntry, ...]
