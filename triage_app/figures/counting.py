"""Turning the month's counts into a breakdown's rows, in the vocabulary's order.

Every breakdown lists the vocabulary's codes in order, zeros included, so one month's table
lines up with the next; then codes the vocabulary no longer has but stored requests do,
under their code; then "not recorded" (``None``), if any.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from triage_app.figures.model import Count
from triage_app.store.figure_tally import Key


def measure(counts: Counter[Key], name: str) -> Counter[tuple[Any, ...]]:
    """One measure's counts, by the values it is counted by."""
    return Counter({values: n for (measured, values), n in counts.items() if measured == name})


def first_values(counts: Counter[Key], name: str) -> Counter[Any]:
    """A measure counted by one value: its counts by that value."""
    return Counter({values[0]: n for values, n in measure(counts, name).items()})


def terms(vocabulary: Iterable[Any]) -> list[tuple[str, str]]:
    """A vocabulary's (code, label) pairs, in its order."""
    return [(t.code, t.label) for t in vocabulary]


def counted(
    tally: Counter[Any], codes: Iterable[tuple[str, str]], none_label: str
) -> tuple[Count, ...]:
    """Vocabulary order with zeros, then codes the vocabulary no longer has, then None."""
    rows = [Count(code, label, tally.get(code, 0)) for code, label in codes]
    known = {r.code for r in rows}
    rows += [
        Count(c, c, n)
        for c, n in sorted(tally.items(), key=lambda item: str(item[0]))
        if c not in known and c
    ]
    if tally.get(None):
        rows.append(Count(None, none_label, tally[None]))
    return tuple(rows)
