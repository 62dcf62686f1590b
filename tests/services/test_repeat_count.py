"""Contract rule 13's count: earlier requests in the 365 days before this one, and its words."""

from __future__ import annotations

from datetime import timedelta

import pytest

from triage_app.services.rereferral import EarlierRequest, ordinal, within_year


def earlier(ref: str, when) -> EarlierRequest:
    return EarlierRequest(ref, when, "mosaic", "early_help", ("phone",))


def test_counts_the_365_days_before_the_request(now):
    rows = [
        earlier("HH-1", now - timedelta(days=1)),
        earlier("HH-2", now - timedelta(days=365)),  # the first of the 365 days
        earlier("HH-3", now - timedelta(days=365, seconds=1)),  # a moment too early
        earlier("HH-4", now + timedelta(days=2)),  # after it: not earlier
        earlier("HH-5", now),  # the same moment: not earlier either
    ]
    assert [r.reference for r in within_year(rows, now)] == ["HH-1", "HH-2"]
    assert within_year([], now) == []


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
    ],
)
def test_ordinals_in_correct_english(n, words):
    assert ordinal(n) == words
