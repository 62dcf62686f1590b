"""The services directory as plain values: a hub or partner service, its details and their sources.

A number handed to a family in crisis must be right, so every contact detail carries where
it came from (:class:`Detail`): the annual report's leaflet for a hub's phone, a service's
own public page, a member of staff who checked it. A detail without a source is
unconfirmed: staff see it marked so, and a sheet never prints it as fact.

An entry is ``stale`` when nobody has checked it for a number of months (a setting, default
6); one never checked is stale too. ``paused`` and ``closed`` services are never suggested
and never printed on a family's sheet.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime

HUB = "hub"
PARTNER = "partner"
KINDS = (HUB, PARTNER)

ACTIVE = "active"
PAUSED = "paused"
WAITING_LIST = "waiting_list"
CLOSED = "closed"
STATUSES = (ACTIVE, PAUSED, WAITING_LIST, CLOSED)
#: Statuses a service is suggested, looked up and printed on a sheet with.
OPEN_STATUSES = frozenset({ACTIVE, WAITING_LIST})
STATUS_LABELS = {
    ACTIVE: "active",
    PAUSED: "paused",
    WAITING_LIST: "waiting list",
    CLOSED: "closed",
}

SELF = "self"
PROFESSIONAL = "professional"
SELF_OR_PROFESSIONAL = "self_or_professional"
REFERRALS = (SELF, PROFESSIONAL, SELF_OR_PROFESSIONAL)
REFERRAL_LABELS = {
    SELF: "families can contact them themselves",
    PROFESSIONAL: "a professional refers",
    SELF_OR_PROFESSIONAL: "families or a professional can refer",
}

#: The contact details an entry has, each with its own source.
DETAILS = ("phone", "email", "web", "address", "opening_hours")
#: Months after which an entry not checked is shown as stale, unless the database says other.
DEFAULT_STALE_MONTHS = 6
#: What a family is told where a partner's number is not confirmed and the entry says nothing.
ASK_YOUR_HUB = "Ask your Family Hub for the number"


@dataclass(frozen=True)
class Detail:
    """One contact detail and where it came from; without a source it is unconfirmed."""

    value: str = ""
    source: str = ""

    @property
    def confirmed(self) -> bool:
        return bool(self.value.strip() and self.source.strip())

    @property
    def fact(self) -> str | None:
        """The value, if it may be printed or read out as fact."""
        return self.value if self.confirmed else None


NO_DETAIL = Detail()


@dataclass(frozen=True)
class ServiceEntry:
    """A hub or partner service as staff and families know it.

    ``hint`` is what to tell a family where there is no confirmed number ("Your own GP
    surgery"); ``for_families`` is false for a line only staff use (the safeguarding hub's
    professional line): it is never printed for a family nor its number given out.
    ``version`` counts saved changes (0: not stored yet).
    """

    code: str
    kind: str
    name: str
    description: str
    needs: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    age_from: int | None = None
    age_to: int | None = None
    area: str = ""
    phone: Detail = NO_DETAIL
    email: Detail = NO_DETAIL
    web: Detail = NO_DETAIL
    address: Detail = NO_DETAIL
    opening_hours: Detail = NO_DETAIL
    referral: str | None = None
    status: str = ACTIVE
    for_families: bool = True
    hint: str = ""
    note: str = ""
    checked_at: datetime | None = None
    checked_by: str | None = None
    version: int = 0

    @property
    def is_open(self) -> bool:
        """Suggested and printed: not paused or closed."""
        return self.status in OPEN_STATUSES

    @property
    def may_give_number(self) -> bool:
        """Whether staff may give this number to a family: open, for families, confirmed."""
        return self.is_open and self.for_families and self.phone.confirmed

    @property
    def unconfirmed(self) -> tuple[str, ...]:
        """The details that have a value but no source (shown marked, never printed)."""
        return tuple(
            name
            for name in DETAILS
            if getattr(self, name).value.strip() and not getattr(self, name).confirmed
        )

    def detail(self, name: str) -> Detail:
        if name not in DETAILS:
            raise KeyError(name)
        found: Detail = getattr(self, name)
        return found

    def how_to_reach(self) -> str:
        """What a family is told about reaching the service: a confirmed number or a hint."""
        return self.phone.fact or self.hint or ASK_YOUR_HUB

    def is_stale(self, now: datetime, months: int = DEFAULT_STALE_MONTHS) -> bool:
        """Not checked in ``months`` months before ``now`` (never checked: stale)."""
        return self.checked_at is None or self.checked_at < months_before(now, months)


@dataclass(frozen=True)
class ServiceNotice:
    """A route's action needs a service that is not simply open: what staff must know.

    ``status`` is the service's (``closed``, ``paused`` or ``waiting_list``); ``blocked``
    when it takes no referrals now, so the action cannot be done as the route says.
    """

    action: str
    service: str
    name: str
    status: str

    @property
    def blocked(self) -> bool:
        return self.status not in OPEN_STATUSES

    @property
    def message(self) -> str:
        if self.status == WAITING_LIST:
            return f"{self.name} has a waiting list: tell the caller before referring."
        return (
            f"{self.name} is {STATUS_LABELS[self.status]} and takes no referrals now: "
            "tell the caller, and find another service in the directory."
        )


def notices_for(
    actions: tuple[str, ...], partners: Mapping[str, str | None], directory: Directory
) -> tuple[ServiceNotice, ...]:
    """Notices for the route's actions whose service is not ``active``, each service once.

    ``partners`` maps each action code to the service it needs (or ``None``).
    """
    found: dict[str, ServiceNotice] = {}
    for action in actions:
        entry = directory.get(partners.get(action))
        if entry is not None and entry.status != ACTIVE and entry.code not in found:
            found[entry.code] = ServiceNotice(action, entry.code, entry.name, entry.status)
    return tuple(found.values())


def months_before(now: datetime, months: int) -> datetime:
    """The same moment ``months`` calendar months earlier (the day clamped to the month's end)."""
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    month += 1
    day = now.day
    while day > 28:
        try:
            return now.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1
    return now.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class Directory:
    """Every entry by code, in the order staff see them (hubs, then partners, by name)."""

    entries: Mapping[str, ServiceEntry] = field(default_factory=dict)

    def __iter__(self) -> Iterator[ServiceEntry]:
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, code: object) -> bool:
        return code in self.entries

    def get(self, code: str | None) -> ServiceEntry | None:
        return self.entries.get(code) if code else None

    def codes(self) -> tuple[str, ...]:
        return tuple(self.entries)


def ordered(entries: list[ServiceEntry] | tuple[ServiceEntry, ...]) -> Directory:
    """A directory of ``entries``: hubs first, then partners, each by name."""
    rank = {kind: i for i, kind in enumerate(KINDS)}
    key = sorted(entries, key=lambda e: (rank.get(e.kind, len(rank)), e.name.casefold(), e.code))
    return Directory({e.code: e for e in key})
