"""Earlier requests about the same family or child, counted in memory as demo data is made.

Each generated request's ``earlier_requests`` (contract rule 13) is what the store would
count had the requests been saved one by one in the order they were made: the requests
made before it that match it on a key (:func:`triage_app.services.rereferral.match_keys`,
the re-referral matching, a near-miss surname included) and were received in the 365 days
before it. So a loaded demo request is routed, and stored, as saving it would have routed
and stored it.

Demo families come from a few hundred invented surnames and a few thousand postcodes, so
at a million requests each postcode has been given dozens of times. Comparing a request's
surname with every one given there before made counting quadratic; instead each surname
met is compared once with each other one met (near misses are symmetric), and the requests
under a key are kept by surname, each surname's in the order received, so a request reads
only the requests of its own and its near-miss surnames in the year before it.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from datetime import datetime, timedelta

from triage_app.domain.request import TriageRequest
from triage_app.services.rereferral import keys_match, match_keys
from triage_app.store.rereferrals import WINDOW_DAYS

#: When a request was received, and in which order it was made.
_Seen = list[tuple[datetime, int]]


class EarlierIndex:
    """The keys of every request made so far, with when each was received.

    Kept by each key's exact part, then by the surname that must be similar (None: any).
    """

    def __init__(self) -> None:
        self._seen: dict[tuple[object, ...], dict[str | None, _Seen]] = {}
        self._made = 0
        #: Each surname met, with those met that match it (itself first).
        self._near: dict[str, list[str]] = {}

    def _matching(self, surname: str) -> list[str]:
        """The surnames met that :func:`keys_match` ``surname``, itself included."""
        near = self._near.get(surname)
        if near is None:
            near = [surname, *(other for other in self._near if keys_match(surname, other))]
            for other in near[1:]:
                self._near[other].append(surname)
            self._near[surname] = near
        return near

    def count_and_add(self, req: TriageRequest, received: datetime) -> int:
        """How many requests made before this one are earlier in its year; then remember it."""
        keys = match_keys(req)
        since, until = (received - timedelta(days=WINDOW_DAYS),), (received,)
        found: set[int] = set()
        for exact, surname in keys:
            by_surname = self._seen.get(exact)
            if not by_surname:
                continue
            names: Iterable[str | None] = by_surname if surname is None else self._matching(surname)
            for name in names:
                seen = by_surname.get(name)
                if seen:
                    in_year = seen[bisect_left(seen, since) : bisect_left(seen, until)]
                    found.update(made for _at, made in in_year)
        self._made += 1
        for exact, surname in keys:
            if surname is not None:
                self._matching(surname)
            insort(self._seen.setdefault(exact, {}).setdefault(surname, []), (received, self._made))
        return len(found)
