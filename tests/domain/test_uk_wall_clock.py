"""Times as a UK clock showed them: the hour the clocks skip in March and the hour they
repeat in October are refused rather than quietly moved or guessed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from triage_app.domain.localtime import local_text, uk_wall_clock


@pytest.mark.parametrize(
    ("wall", "utc"),
    [
        (datetime(2026, 1, 15, 9, 0), datetime(2026, 1, 15, 9, 0, tzinfo=UTC)),  # GMT
        (datetime(2026, 7, 1, 9, 0), datetime(2026, 7, 1, 8, 0, tzinfo=UTC)),  # BST
        (datetime(2026, 3, 29, 0, 59), datetime(2026, 3, 29, 0, 59, tzinfo=UTC)),
        (datetime(2026, 3, 29, 2, 0), datetime(2026, 3, 29, 1, 0, tzinfo=UTC)),
        (datetime(2026, 10, 25, 0, 59), datetime(2026, 10, 24, 23, 59, tzinfo=UTC)),
        (datetime(2026, 10, 25, 2, 0), datetime(2026, 10, 25, 2, 0, tzinfo=UTC)),
    ],
)
def test_an_ordinary_time_is_the_moment_the_clock_showed(wall: datetime, utc: datetime) -> None:
    assert uk_wall_clock(wall) == utc


def test_every_minute_of_the_skipped_hour_is_refused() -> None:
    for minute in range(60):
        with pytest.raises(ValueError, match="did not happen in the UK"):
            uk_wall_clock(datetime(2026, 3, 29, 1, 0) + timedelta(minutes=minute))


def test_every_minute_of_the_repeated_hour_is_refused_with_how_to_say_which() -> None:
    for minute in range(60):
        with pytest.raises(ValueError, match=r"happened twice .* \+01:00 for the first"):
            uk_wall_clock(datetime(2026, 10, 25, 1, 0) + timedelta(minutes=minute))


def test_a_time_the_clock_showed_twice_says_which_even_in_a_list() -> None:
    """Both 01:30s of the night the clocks go back read apart; other times stay short."""
    first, second = (datetime(2026, 10, 25, h, 30, tzinfo=UTC) for h in (0, 1))
    assert local_text(first) == "25/10/2026 01:30 BST"
    assert local_text(second) == "25/10/2026 01:30 GMT"
    assert local_text(datetime(2026, 10, 25, 2, 30, tzinfo=UTC)) == "25/10/2026 02:30"
    assert local_text(datetime(2026, 10, 24, 23, 59, tzinfo=UTC)) == "25/10/2026 00:59"
    assert local_text(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)) == "29/03/2026 02:00"
    assert local_text(datetime(2026, 3, 29, 1, 0, tzinfo=UTC), zone=True) == "29/03/2026 02:00 BST"
