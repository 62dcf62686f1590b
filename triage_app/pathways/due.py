"""When a route's response is due, from when the request came in and its ``respond_within``.

Counting in Coventry's local time from the day the request was received, with working days
Monday to Friday, less the bank holidays of ``resources/bank_holidays.toml``:

- "immediately": due the moment the request was received;
- "the same working day": by the end of that day, or of the next working day if it came in
  at a weekend;
- "the next working day", "<n> working days": by the end of the first (n-th) working day
  after the day it came in ("1 working day" is the next working day).

"By the end of" a day means before midnight at its end. A day after the last bank holiday
listed counts as a working day (an action may then show as due a day early, never late).
A phrasing the app does not understand gives no due time. The store stamps this on each
version as it is saved, so the follow-up queue sorts and counts by an indexed column.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta
from functools import cache, lru_cache

from triage_app.domain.localtime import LOCAL_ZONE, local_day_start
from triage_app.errors import TriageError
from triage_app.locations import resources_dir
from triage_app.pathways.respond import respond_rank

_WEEKEND = (5, 6)
#: The bank holidays' file, in the service's resources.
BANK_HOLIDAYS = "bank_holidays.toml"


@cache
def bank_holidays() -> frozenset[date]:
    """The days of ``resources/bank_holidays.toml``, read once: the hubs are closed on them.

    Raises:
        TriageError: the file is missing or not a list of ``YYYY-MM-DD`` dates (it says so).
    """
    path = resources_dir() / BANK_HOLIDAYS
    try:
        dates = tomllib.loads(path.read_text(encoding="utf-8"))["dates"]
        return frozenset(date.fromisoformat(day) for day in dates)
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as e:
        raise TriageError(
            f"{path}: the bank holidays cannot be read ({e}); it must say "
            'dates = ["YYYY-MM-DD", ...]'
        ) from None


def _working(day: date) -> bool:
    return day.weekday() not in _WEEKEND and day not in bank_holidays()


def _next_working(day: date) -> date:
    day += timedelta(days=1)
    while not _working(day):
        day += timedelta(days=1)
    return day


#: What to do meanwhile, said whenever no hub will act on a same-day route before it is due.
_CONTACT_NOW = (
    "If a child may be at risk before then, contact Children's Social Care's out-of-hours "
    "service now (999 if anyone is in immediate danger), and record that you did."
)
#: Said when a route due "the same working day" comes in on a day that is not one.
OUT_OF_HOURS = "This came in on a {day}: the same working day is {due:%A %-d %B}. " + _CONTACT_NOW
BANK_HOLIDAY = "bank holiday"


#: When the Family Hubs' working day ends, in local time. A same-day route taken later is
#: due by midnight (rule 14), with no one left in a hub to act on it before the next day.
CLOSES = time(17, 0)

#: Said when a route due "the same working day" comes in after the hubs have closed.
AFTER_CLOSING = (
    "This came in after {closes:%H:%M}, when the Family Hubs have closed: no one will act on "
    "it before {opens:%A %-d %B}. " + _CONTACT_NOW
)


def out_of_hours(
    received_at: datetime, respond_within: str | None, closes: time = CLOSES
) -> str | None:
    """What to do now when a same-day route would otherwise wait for the next working day.

    "The same working day" from a Saturday or a bank holiday is the next working day
    (contract rule 14 counts working days), and one taken on a Friday evening is due by
    midnight with the hubs closed until Monday; the office that takes it is closed
    meanwhile, so the handler is told who is not.
    """
    if respond_within is None or respond_rank(respond_within) != 1:
        return None
    local = received_at.astimezone(LOCAL_ZONE)
    day = local.date()
    if not _working(day):
        named = BANK_HOLIDAY if day in bank_holidays() else f"{day:%A}"
        return OUT_OF_HOURS.format(day=named, due=_next_working(day))
    if local.time() >= closes:
        return AFTER_CLOSING.format(closes=closes, opens=_next_working(day))
    return None


def due_at(received_at: datetime, respond_within: str | None) -> datetime | None:
    """When the response to a route received at ``received_at`` is due (see the module)."""
    rank = respond_rank(respond_within) if respond_within else None
    if rank is None:
        return None
    if rank == 0:
        return received_at
    return _due_after(received_at.astimezone(LOCAL_ZONE).date(), rank)


@lru_cache(maxsize=8192)
def _due_after(day: date, rank: int) -> datetime:
    """The end of the ``rank``-th working day counted from ``day``, the day it came in.

    Remembered: many requests come in on each day (a bulk load of demo data, an upgrade
    stamping every stored version), and the answer depends on the day alone.
    """
    if not _working(day):
        day = _next_working(day)
        rank = max(rank - 1, 1)  # the first working day stands for the day it came in
    for _ in range(rank - 1):
        day = _next_working(day)
    return local_day_start(day + timedelta(days=1))
