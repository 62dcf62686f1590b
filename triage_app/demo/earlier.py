"""Earlier requests about the same family or child, counted in memory as demo data is made.

Each generated request's ``earlier_requests`` (contract rule 13) is what the store would
count had the requests been saved one by one in the order they were made: the requests
made before it that share a key with it (:func:`triage_app.services.rereferral.match_keys`,
the re-referral matching) and were received in the 365 days before it. So a loaded demo
request is routed, and stored, as saving it would have routed and stored it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from triage_app.domain.request import TriageRequest
from triage_app.services.rereferral import match_keys
from triage_app.store.rereferrals import WINDOW_DAYS


class EarlierIndex:
    """The keys of every request made so far, with when each was received."""

    def __init__(self) -> None:
        self._seen: dict[tuple[object, ...], list[tuple[datetime, int]]] = {}
        self._made = 0

    def count_and_add(self, req: TriageRequest, received: datetime) -> int:
        """How many requests made before this one are earlier in its year; then remember it."""
        keys = match_keys(req)
        since = received - timedelta(days=WINDOW_DAYS)
        found = {
            serial
            for key in keys
            for at, serial in self._seen.get(key, ())
            if since <= at < received
        }
        self._made += 1
        for key in keys:
            self._seen.setdefault(key, []).append((received, self._made))
        return len(found)
