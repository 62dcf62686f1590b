"""How soon the service responds: a few fixed phrasings, ranked so the shortest can win.

A rule's ``respond_within`` is printed as written; it must be one of these forms so that,
when several rules fire, the engine can pick the most urgent without guessing:
``"immediately"``, ``"the same working day"``, ``"the next working day"`` or
``"<n> working day(s)"`` (``"1 working day"`` ranks with the next working day).
"""

from __future__ import annotations

import re

_FIXED = {"immediately": 0, "the same working day": 1, "the next working day": 2}
_DAYS = re.compile(r"^(\d{1,3}) working days?$")

#: Shown when a rule's phrasing is not understood.
FORMS = '"immediately", "the same working day", "the next working day" or "<n> working days"'


def respond_rank(text: str) -> int | None:
    """Urgency of a phrasing, 0 the most urgent; ``None`` if the phrasing is not understood."""
    if text in _FIXED:
        return _FIXED[text]
    found = _DAYS.match(text)
    if found is None:
        return None
    days = int(found.group(1))
    return days + 1 if days > 0 else None
