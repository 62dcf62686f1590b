"""The services directory as use cases: look a service up, find services, list the stale ones.

Staff look a service up while a caller waits, by need, concern, name or word ("eviction",
"food bank", "CAMHS"). Each answer says what to tell the caller and whether the number may
be given out: only a confirmed number (one with a source) of an open service meant for
families. ``paused`` and ``closed`` services are never suggested (the Services page may ask
for them with ``include_closed``).

The caller opens the session and passes it in; everything returned is a frozen value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from triage_app.domain.directory import (
    DEFAULT_STALE_MONTHS,
    REFERRAL_LABELS,
    STATUS_LABELS,
    WAITING_LIST,
    Directory,
    ServiceEntry,
)
from triage_app.domain.search_words import SearchWords, normalise
from triage_app.store import db_settings
from triage_app.store.database import Database
from triage_app.store.directory import (
    Change,
    history,
    load_directory,
    load_entry,
    save_entry,
    stored_codes,
)

#: The database setting holding after how many months an unchecked entry is stale.
STALE_MONTHS = "directory_stale_months"
#: Who the entries a new release adds are recorded as saved by.
SEEDED_BY = "Here to Help (from resources/)"

# How well an entry matches a query, best (lowest) first.
_NAME, _NAME_WORDS, _OFFER, _TEXT = 0, 1, 2, 3


@dataclass(frozen=True)
class ServiceAnswer:
    """One service as staff read it to a caller.

    ``tell_caller`` is what to say ("Coventry Independent Advice Service: free advice on
    money … Ask your Family Hub for the number."); ``number`` is the number to give out, or
    ``None`` when it may not be given (unconfirmed, staff-only, paused or closed).
    ``matched`` says why it was found ("name", or the need or concern's label).
    """

    entry: ServiceEntry
    tell_caller: str
    number: str | None
    stale: bool
    matched: str = ""

    @property
    def may_give_number(self) -> bool:
        return self.number is not None

    @property
    def unconfirmed(self) -> tuple[str, ...]:
        return self.entry.unconfirmed


def stale_months(session: Session) -> int:
    """After how many months an entry not checked is stale (the database's setting, else 6)."""
    value = db_settings.get(session, STALE_MONTHS)
    return int(value) if value and value.isdigit() and int(value) > 0 else DEFAULT_STALE_MONTHS


def tell_caller(entry: ServiceEntry) -> str:
    """What staff say about a service: what it does, who refers, how to reach it."""
    parts = [f"{entry.name}: {entry.description}"]
    ages = _ages(entry)
    if ages:
        parts.append(ages)
    if entry.referral:
        parts.append(f"({REFERRAL_LABELS[entry.referral].capitalize()}.)")
    if entry.status == WAITING_LIST:
        parts.append("There is a waiting list.")
    if not entry.is_open:
        parts.append(f"Not taking referrals: {STATUS_LABELS[entry.status]}.")
    elif not entry.for_families:
        parts.append("For staff only: do not give this number to the family.")
    elif entry.phone.confirmed:
        parts.append(f"Phone {entry.phone.value}.")
    else:
        parts.append(_sentence(entry.how_to_reach()))
    return " ".join(parts)


def _ages(entry: ServiceEntry) -> str:
    youngest, oldest = entry.age_from, entry.age_to
    if youngest is None and oldest is None:
        return ""
    if oldest is None:
        return f"For ages {youngest} and over."
    return f"For ages {youngest or 0} to {oldest}."


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?")) else f"{text}."


def answer(entry: ServiceEntry, *, now: datetime, months: int, matched: str = "") -> ServiceAnswer:
    return ServiceAnswer(
        entry=entry,
        tell_caller=tell_caller(entry),
        number=entry.phone.value if entry.may_give_number else None,
        stale=entry.is_stale(now, months),
        matched=matched,
    )


def all_services(session: Session) -> Directory:
    """Every entry in the database, hubs first, then partners, by name."""
    return load_directory(session)


def look_up(session: Session, code: str, *, now: datetime) -> ServiceAnswer | None:
    """One service by its code, whatever its status; ``None`` if there is no such entry."""
    entry = load_entry(session, code)
    return None if entry is None else answer(entry, now=now, months=stale_months(session))


@dataclass(frozen=True)
class Finder:
    """Searches a directory with the service's search words (``resources/search_words.toml``)."""

    words: SearchWords

    def find(
        self,
        found_in: Directory,
        query: str,
        *,
        now: datetime,
        months: int = DEFAULT_STALE_MONTHS,
        include_closed: bool = False,
    ) -> list[ServiceAnswer]:
        """Services matching ``query`` (a name, a need or concern code or word), best first.

        A name that matches comes first; then services offering the needs and concerns the
        query finds, in the order the search words rank them; then any whose description or
        area holds every word. Empty query: nothing.
        """
        wanted = normalise(query)
        if not wanted:
            return []
        offers = [(f.kind, f.code, f.label) for f in self.words.rank(query)]
        scored: list[tuple[int, int, ServiceEntry, str]] = []
        for position, entry in enumerate(found_in):
            if not include_closed and not entry.is_open:
                continue
            found = _score(entry, wanted, offers)
            if found is not None:
                scored.append((found[0], position, entry, found[1]))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [answer(e, now=now, months=months, matched=why) for _s, _p, e, why in scored]

    def for_needs(
        self,
        found_in: Directory,
        *,
        needs: tuple[str, ...] = (),
        concerns: tuple[str, ...] = (),
        now: datetime,
        months: int = DEFAULT_STALE_MONTHS,
    ) -> list[ServiceAnswer]:
        """Open services offering any of ``needs`` or ``concerns``, in the order given.

        The capture form's suggestions for what the caller has said so far.
        """
        labels = {(f.kind, f.code): f.label for f in self.words.entries}
        found: dict[str, ServiceAnswer] = {}
        for kind, codes in (("need", needs), ("concern", concerns)):
            for code in codes:
                why = labels.get((kind, code), code)
                for entry in found_in:
                    offered = entry.needs if kind == "need" else entry.concerns
                    if entry.is_open and code in offered and entry.code not in found:
                        found[entry.code] = answer(entry, now=now, months=months, matched=why)
        return list(found.values())


def _score(
    entry: ServiceEntry, wanted: str, offers: list[tuple[str, str, str]]
) -> tuple[int, str] | None:
    name = normalise(entry.name)
    words = wanted.split()
    if name.startswith(wanted) or normalise(entry.code) == wanted:
        return _NAME, "name"
    if all(any(w2.startswith(w) for w2 in name.split()) for w in words):
        return _NAME_WORDS, "name"
    for rank, (kind, code, label) in enumerate(offers):
        if code in (entry.needs if kind == "need" else entry.concerns):
            return _OFFER + rank, label
    text = normalise(f"{entry.description} {entry.area}")
    if all(w in text for w in words):
        return _OFFER + len(offers), "description"
    return None


def service_history(session: Session, code: str) -> list[Change]:
    """Every saved version of an entry, newest first, with who saved it, when and why."""
    return history(session, code)


def unavailable_actions(
    directory_now: Directory, partners: Mapping[str, str | None]
) -> list[tuple[str, ServiceEntry]]:
    """Actions (``partners``: action → service code) whose service is paused or closed.

    For team leaders: every route carrying one will say so until the service reopens or
    the rules name another.
    """
    found = []
    for action, code in partners.items():
        entry = directory_now.get(code)
        if entry is not None and not entry.is_open:
            found.append((action, entry))
    return found


def stale_entries(session: Session, *, now: datetime) -> list[ServiceAnswer]:
    """Entries not checked for the setting's months (never checked: stale), for team leaders.

    Closed services are left out: nobody is sent to them, so their details do not matter.
    """
    months = stale_months(session)
    return [
        answer(e, now=now, months=months)
        for e in load_directory(session)
        if e.status != "closed" and e.is_stale(now, months)
    ]


def add_new_services(db: Database, seed: Directory, *, now: datetime) -> list[str]:
    """At a start: add the seed entries the database lacks, writing only if there are any."""
    with db.read() as session:
        have = stored_codes(session)
    if all(code in have for code in seed.codes()):
        return []
    try:
        with db.write() as session:
            return add_missing(session, seed, now=now)
    except IntegrityError:  # another desk starting at the same moment added them first
        return []


def add_missing(session: Session, seed: Directory, *, now: datetime) -> list[str]:
    """Add seed entries whose codes the database lacks (a partner a new release ships).

    An entry already stored is never touched: staff may have checked and corrected it.
    Returns the codes added.
    """
    have = stored_codes(session)
    added = [e.code for e in seed if e.code not in have]
    for code in added:
        entry = seed.get(code)
        if entry is not None:
            save_entry(session, entry, at=now, actor=SEEDED_BY, reason="added from resources/")
    return added
