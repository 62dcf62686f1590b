"""What-if: route stored requests with a candidate rule set and count what would change.

Lets a team leader see, before publishing new rules, how many past requests would have gone
a different way, with a few references to look at for each kind of change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from triage_app.domain.request import TriageRequest
from triage_app.pathways.engine import route
from triage_app.pathways.model import RuleSet

#: References kept per kind of change: enough to look at, not a list of everyone.
EXAMPLES_PER_CHANGE = 3


@dataclass(frozen=True)
class PathwayChange:
    """Requests that went ``before`` and would now go ``after``."""

    before: str
    after: str
    count: int
    examples: tuple[str, ...]


@dataclass(frozen=True)
class ReplaySummary:
    """The changes a candidate rule set would make, most frequent first.

    ``before`` and ``after`` count the requests on each pathway as stored and as the
    candidate would route them, so a team leader sees the shares move (say, of early help)
    as well as the requests that change.
    """

    rules_version: str
    total: int
    unchanged: int
    changes: tuple[PathwayChange, ...]
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)


def replay(
    requests: Iterable[tuple[str, TriageRequest, str]], candidate: RuleSet, on: date
) -> ReplaySummary:
    """Route each ``(reference, request, stored pathway)`` with ``candidate`` and count changes.

    Ages are worked out for the day each request was received, or ``on`` if it has none.
    """
    counts: dict[tuple[str, str], int] = {}
    refs: dict[tuple[str, str], list[str]] = {}
    before: dict[str, int] = dict.fromkeys(candidate.pathways, 0)
    after: dict[str, int] = dict.fromkeys(candidate.pathways, 0)
    total = 0
    for reference, request, stored in requests:
        total += 1
        day = request.received_at.date() if request.received_at else on
        now = route(request, candidate, on=day).pathway
        before[stored] = before.get(stored, 0) + 1
        after[now] += 1
        if now == stored:
            continue
        key = (stored, now)
        counts[key] = counts.get(key, 0) + 1
        kept = refs.setdefault(key, [])
        if len(kept) < EXAMPLES_PER_CHANGE:
            kept.append(reference)
    changes = tuple(
        PathwayChange(before, after, n, tuple(refs[(before, after)]))
        for (before, after), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    unchanged = total - sum(counts.values())
    return ReplaySummary(candidate.version, total, unchanged, changes, before, after)
