"""Tables of the services directory: its entries, what each offers, and every change kept.

An entry is edited in place (``version`` counts the changes) and each saved version is kept
whole in ``directory_changes`` with who saved it, when and why, so the history of a number
can always be read back. What an entry offers (need and concern codes) is a table of its
own, indexed by code, so a look-up by need is an index seek.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from triage_app.store.models import Base, Code, Name, Phone
from triage_app.store.types import UTCDateTime

#: Where a detail was read: a page's address and the day, a leaflet, a member of staff.
Source = String(200)


class DirectoryService(Base):
    """A hub or partner service and how to reach it; each detail beside its source."""

    __tablename__ = "directory_services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(Code, unique=True)
    kind: Mapped[str] = mapped_column(String(12))
    name: Mapped[str] = mapped_column(Name)
    description: Mapped[str] = mapped_column(Text)
    age_from: Mapped[int | None] = mapped_column(Integer)
    age_to: Mapped[int | None] = mapped_column(Integer)
    area: Mapped[str] = mapped_column(Name)
    phone: Mapped[str] = mapped_column(Phone)
    phone_source: Mapped[str] = mapped_column(Source)
    email: Mapped[str] = mapped_column(Name)
    email_source: Mapped[str] = mapped_column(Source)
    web: Mapped[str] = mapped_column(Name)
    web_source: Mapped[str] = mapped_column(Source)
    address: Mapped[str] = mapped_column(Text)
    address_source: Mapped[str] = mapped_column(Source)
    opening_hours: Mapped[str] = mapped_column(Text)
    opening_hours_source: Mapped[str] = mapped_column(Source)
    referral: Mapped[str | None] = mapped_column(Code)
    status: Mapped[str] = mapped_column(String(20))
    for_families: Mapped[bool] = mapped_column(Boolean)
    hint: Mapped[str] = mapped_column(Name)
    note: Mapped[str] = mapped_column(Text)
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_by: Mapped[str | None] = mapped_column(Name)
    version: Mapped[int] = mapped_column(Integer)


class DirectoryOffer(Base):
    """One need or concern an entry helps with (``kind`` is ``need`` or ``concern``)."""

    __tablename__ = "directory_offers"
    __table_args__ = (Index("ix_directory_offers_code", "kind", "code"),)

    service_id: Mapped[int] = mapped_column(
        ForeignKey("directory_services.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(12), primary_key=True)
    code: Mapped[str] = mapped_column(Code, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class DirectoryChange(Base):
    """One saved version of an entry, whole, with who saved it, when and why."""

    __tablename__ = "directory_changes"
    __table_args__ = (UniqueConstraint("service_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("directory_services.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(Name)
    reason: Mapped[str | None] = mapped_column(Text)
    entry: Mapped[dict[str, Any]] = mapped_column(JSON)
