"""Coventry's clock: the service's days, due times and "today" are in UK time.

Kept in the domain so that the store (which stamps a request's due time as it is saved) and
the services (which list and count what is due) read one definition.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: The zone's name in the time-zone database (PostgreSQL's own as well as Python's).
ZONE_NAME = "Europe/London"


def _local_zone() -> tzinfo:
    try:
        return ZoneInfo(ZONE_NAME)
    except ZoneInfoNotFoundError:  # a PC without the time-zone database: UTC is near enough
        return UTC


#: The service's time zone: "today", day boundaries and due times are Coventry's.
LOCAL_ZONE = _local_zone()


def local_day_start(day: date) -> datetime:
    """Midnight in Coventry at the start of ``day``, as a UTC moment."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_ZONE).astimezone(UTC)


def local_today(now: datetime) -> date:
    return now.astimezone(LOCAL_ZONE).date()


def local_text(moment: datetime, *, zone: bool = False) -> str:
    """A stored (UTC) moment as staff read it, in Coventry's time: "16/03/2026 10:30".

    With ``zone``, "16/03/2026 10:30 GMT": where the hour the clocks repeat in October
    must not read the same twice (a history of times, a time refused). A time within that
    hour says GMT or BST even without ``zone``: two entries of a list reading "01:30", an hour
    apart, would otherwise look like one moment, or like the wrong order.
    """
    local = moment.astimezone(LOCAL_ZONE)
    return local.strftime("%d/%m/%Y %H:%M %Z" if zone or _repeated(local) else "%d/%m/%Y %H:%M")


def _repeated(local: datetime) -> bool:
    """Whether the clock showed this time twice (the hour the clocks go back)."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def uk_wall_clock(naive: datetime) -> datetime:
    """A time as a UK clock showed it, as a UTC moment.

    Staff give times as the clock on the wall said them. Once a year an hour of those never
    happens (the clocks go forward) and once a year an hour happens twice (they go back):
    Python would quietly move the first and pick one of the second, and a contact attempt
    saved an hour out can count as in time when it was not.

    Raises:
        ValueError: the time did not happen in the UK, or happened twice (the message says
            which, and how to give the second).
    """
    first = naive.replace(tzinfo=LOCAL_ZONE, fold=0)
    second = naive.replace(tzinfo=LOCAL_ZONE, fold=1)
    if first.utcoffset() != second.utcoffset():
        when = f"{naive:%H:%M} on {naive:%d/%m/%Y}"
        if first.astimezone(UTC) > second.astimezone(UTC):  # Python's gap: fold=0 is later
            raise ValueError(
                f"{when} did not happen in the UK (the clocks went forward an hour): give the "
                "time the clock showed, or add +00:00 or +01:00"
            )
        raise ValueError(
            f"{when} happened twice in the UK (the clocks went back an hour): add +01:00 for "
            "the first time or +00:00 for the second"
        )
    return first.astimezone(UTC)
