"""Earlier requests about the same family or child, counted in memory as demo data is made.

Each generated request's ``earlier_requests`` (contract rule 13) is what the store would
count had the requests been saved one by one in the order they were made: the requests
made before it that match it on a key (:func:`triage_app.services.rereferral.match_keys`,
the re-referral matching, a near-miss surname included) and were received in the 365 days
before it. So a loaded demo request is routed, and stored, as saving it would have routed
and stored it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from triage_app.domain.request import TriageRequest
from triage_app.services.rereferral import keys_match, match_keys
from triage_app.store.rereferrals import WINDOW_DAYS


class EarlierIndex:
    """The keys of every request made so far, with when each was received.

    Kept by each key's exact part, with the surname that must then be similar.
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[object, ...], list[tuple[datetime, int, str | None]]] = {}
        self._made = 0

    def count_and_add(self, req: TriageRequest, received: datetime) -> int:
        """How many requests made before this one are earlier in its year; then remember it."""
        keys = match_keys(req)
        since = received - timedelta(days=WINDOW_DAYS)
        found = {
            serial
            for exact, surname in keys
            for at, serial, other in self._seen.get(exact, ())
            if since <= at < received and keys_match(surname, other)
        }
        self._made += 1
        for exact, surname in keys:
            self._seen.setdefault(exact, []).append((received, self._made, surname))
        return len(found)
