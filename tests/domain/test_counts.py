"""Counts read as words: no "request(s)", no "child(ren)", thousands separated."""

from __future__ import annotations

import pytest

from triage_app.domain.counts import counted


@pytest.mark.parametrize(
    ("n", "noun", "said"),
    [
        (0, "request", "0 requests"),
        (1, "request", "1 request"),
        (5188, "request", "5,188 requests"),
        (1, "child", "1 child"),
        (743, "child", "743 children"),
        (2, "child entry", "2 child entries"),
        (1_000_000, "re-referral", "1,000,000 re-referrals"),
    ],
)
def test_counted(n: int, noun: str, said: str) -> None:
    assert counted(n, noun) == said
