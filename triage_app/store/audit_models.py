"""The audit trail's tables: kept beside ``models``.

Every thing someone does is one entry, append-only and hash-chained (``store.audit``), checked
by ``store.audit_check``; the key the chain is kept with is named here by its fingerprint, the
key itself never (``store.audit_anchor``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from triage_app.store.models import Base, Code, Name
from triage_app.store.types import UTCDateTime


class AuditEntry(Base):
    """One thing someone did; append-only (triggers refuse update and delete) and hash-chained.

    Holds ids and codes, never what a family said.
    """

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_at", "at"),
        Index("ix_audit_entries_record", "record_ref"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(Name)
    role: Mapped[str | None] = mapped_column(Code)
    desk: Mapped[str | None] = mapped_column(Name)
    action: Mapped[str] = mapped_column(Code)
    record_ref: Mapped[str | None] = mapped_column(String(60))
    reason: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditKey(Base):
    """The key the audit trail is kept with, named by its fingerprint, and its first entry.

    Entries before ``first_entry`` were written before keying started and keep their plain
    hash; the key itself is never in the database (``store/audit_anchor.py``).
    """

    __tablename__ = "audit_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    first_entry: Mapped[int] = mapped_column(Integer)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
