"""Directory values: when an entry is stale, and what may be given out as fact."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from triage_app.domain.directory import Detail, ServiceEntry, months_before


@pytest.mark.parametrize(
    ("now", "months", "then"),
    [
        (datetime(2026, 8, 31, 9, tzinfo=UTC), 6, datetime(2026, 2, 28, 9, tzinfo=UTC)),
        (datetime(2028, 8, 31, 9, tzinfo=UTC), 6, datetime(2028, 2, 29, 9, tzinfo=UTC)),
        (datetime(2026, 3, 16, 9, tzinfo=UTC), 6, datetime(2025, 9, 16, 9, tzinfo=UTC)),
        (datetime(2026, 1, 10, tzinfo=UTC), 13, datetime(2024, 12, 10, tzinfo=UTC)),
    ],
)
def test_months_before_counts_calendar_months(now: datetime, months: int, then: datetime) -> None:
    assert months_before(now, months) == then


def test_an_entry_checked_just_within_the_months_is_not_stale() -> None:
    now = datetime(2026, 3, 16, 12, tzinfo=UTC)
    entry = ServiceEntry("x", "partner", "X", "helps", checked_at=months_before(now, 6))
    assert not entry.is_stale(now)
    assert entry.is_stale(now, months=5) and not entry.is_stale(now, months=7)
    assert ServiceEntry("x", "partner", "X", "helps").is_stale(now)  # never checked


def test_only_a_sourced_detail_is_fact() -> None:
    assert Detail("024 7600 0000", "").fact is None
    assert Detail("024 7600 0000", "  ").fact is None
    assert Detail("", "their page").fact is None
    assert Detail("024 7600 0000", "their page").fact == "024 7600 0000"
