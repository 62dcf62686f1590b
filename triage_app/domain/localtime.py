"""Coventry's clock: the service's days, due times and "today" are in UK time.

Kept in the domain so that the store (which stamps a request's due time as it is saved) and
the services (which list and count what is due) read one definition.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _local_zone() -> tzinfo:
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # a PC without the time-zone database: UTC is near enough
        return UTC


#: The service's time zone: "today", day boundaries and due times are Coventry's.
LOCAL_ZONE = _local_zone()


def local_day_start(day: date) -> datetime:
    """Midnight in Coventry at the start of ``day``, as a UTC moment."""
    return datetime.combine(day, time(0), tzinfo=LOCAL_ZONE).astimezone(UTC)


def local_today(now: datetime) -> date:
    return now.astimezone(LOCAL_ZONE).date()
