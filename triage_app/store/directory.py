"""Reading and writing directory entries: rows in, frozen :class:`ServiceEntry` values out.

Every write keeps the saved version whole in ``directory_changes`` (see
:mod:`triage_app.store.directory_models`); callers audit it in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from triage_app.domain.directory import DETAILS, Detail, Directory, ServiceEntry, ordered
from triage_app.store.directory_models import DirectoryChange, DirectoryOffer, DirectoryService

#: Offer kinds, as stored in ``directory_offers.kind``.
NEED, CONCERN = "need", "concern"
_PLAIN = ("code", "kind", "name", "description", "age_from", "age_to", "area", "referral")
_MORE = ("status", "for_families", "hint", "note", "checked_by", "version")


def entry_dict(entry: ServiceEntry) -> dict[str, Any]:
    """An entry as JSON-ready values (the history's snapshot)."""
    found: dict[str, Any] = {}
    for f in fields(entry):
        value = getattr(entry, f.name)
        if isinstance(value, Detail):
            value = {"value": value.value, "source": value.source}
        elif isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, datetime):
            value = value.isoformat()
        found[f.name] = value
    return found


def entry_from_dict(data: dict[str, Any]) -> ServiceEntry:
    """The entry a snapshot of :func:`entry_dict` holds."""
    values = dict(data)
    for name in DETAILS:
        values[name] = Detail(**values.get(name, {}))
    values["needs"] = tuple(values.get("needs", ()))
    values["concerns"] = tuple(values.get("concerns", ()))
    checked = values.get("checked_at")
    values["checked_at"] = datetime.fromisoformat(checked) if checked else None
    return ServiceEntry(**values)


def service_values(entry: ServiceEntry) -> dict[str, Any]:
    """The ``directory_services`` columns of an entry."""
    values: dict[str, Any] = {name: getattr(entry, name) for name in (*_PLAIN, *_MORE)}
    for name in DETAILS:
        detail: Detail = getattr(entry, name)
        values[name], values[f"{name}_source"] = detail.value, detail.source
    values["checked_at"] = entry.checked_at
    return values


def offer_values(service_id: int, entry: ServiceEntry) -> list[dict[str, Any]]:
    """The ``directory_offers`` rows of an entry, in the entry's order."""
    return [
        {"service_id": service_id, "kind": kind, "code": code, "position": i}
        for kind, codes in ((NEED, entry.needs), (CONCERN, entry.concerns))
        for i, code in enumerate(codes)
    ]


def _entry(row: DirectoryService, offers: dict[tuple[int, str], list[str]]) -> ServiceEntry:
    values: dict[str, Any] = {name: getattr(row, name) for name in (*_PLAIN, *_MORE)}
    for name in DETAILS:
        values[name] = Detail(getattr(row, name), getattr(row, f"{name}_source"))
    values["needs"] = tuple(offers.get((row.id, NEED), ()))
    values["concerns"] = tuple(offers.get((row.id, CONCERN), ()))
    return ServiceEntry(checked_at=row.checked_at, **values)


def _offers(session: Session, ids: list[int] | None = None) -> dict[tuple[int, str], list[str]]:
    query = select(DirectoryOffer).order_by(DirectoryOffer.position)
    if ids is not None:
        query = query.where(DirectoryOffer.service_id.in_(ids))
    found: dict[tuple[int, str], list[str]] = {}
    for offer in session.scalars(query):
        found.setdefault((offer.service_id, offer.kind), []).append(offer.code)
    return found


def load_directory(session: Session) -> Directory:
    """Every entry, hubs first, then partners, each by name."""
    rows = list(session.scalars(select(DirectoryService)))
    offers = _offers(session)
    return ordered([_entry(row, offers) for row in rows])


def load_entry(session: Session, code: str) -> ServiceEntry | None:
    row = session.scalar(select(DirectoryService).where(DirectoryService.code == code))
    return None if row is None else _entry(row, _offers(session, [row.id]))


def stored_codes(session: Session) -> set[str]:
    return set(session.scalars(select(DirectoryService.code)))


def count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(DirectoryService)) or 0)


@dataclass(frozen=True)
class Change:
    """One saved version of an entry, as the history shows it."""

    version: int
    at: datetime
    actor: str
    reason: str | None
    entry: ServiceEntry


def save_entry(
    session: Session, entry: ServiceEntry, *, at: datetime, actor: str, reason: str | None
) -> ServiceEntry:
    """Insert or update ``entry`` by code as its next version, and keep that version whole.

    Returns the entry as saved (its ``version`` one more than the stored one, or 1).
    """
    row = session.scalar(
        select(DirectoryService).where(DirectoryService.code == entry.code).with_for_update()
    )
    saved = replace(entry, version=(row.version if row else 0) + 1)
    values = service_values(saved)
    if row is None:
        row = DirectoryService(**values)
        session.add(row)
    else:
        for name, value in values.items():
            setattr(row, name, value)
        session.execute(delete(DirectoryOffer).where(DirectoryOffer.service_id == row.id))
    session.flush()
    for offer in offer_values(row.id, saved):
        session.add(DirectoryOffer(**offer))
    session.add(
        DirectoryChange(
            service_id=row.id,
            version=saved.version,
            at=at,
            actor=actor,
            reason=reason,
            entry=entry_dict(saved),
        )
    )
    session.flush()
    return saved


def history(session: Session, code: str) -> list[Change]:
    """Every saved version of the entry ``code``, newest first (empty if there is none)."""
    query = (
        select(DirectoryChange)
        .join(DirectoryService, DirectoryService.id == DirectoryChange.service_id)
        .where(DirectoryService.code == code)
        .order_by(DirectoryChange.version.desc())
    )
    return [
        Change(c.version, c.at, c.actor, c.reason, entry_from_dict(c.entry))
        for c in session.scalars(query)
    ]
