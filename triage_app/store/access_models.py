"""Tables for who may grant access and how sign-in stays uniform: kept beside ``models``.

``AccountChange`` is an administrator's change that needs a second administrator's approval
(a record-reading role granted, the password of such an account reset). ``DatabaseSetting``
holds what belongs to the database itself rather than to a desk: that it is a demo database,
whether a sole administrator may grant record-reading roles, and the key that files failed
sign-ins under names that match no account. ``UnknownNameSignIn`` counts those failures, so
an unknown name locks just as an account does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from triage_app.store.models import Base, Code, Name
from triage_app.store.types import UTCDateTime


class AccountChange(Base):
    """An account change waiting for (or given, or refused) a second administrator's approval.

    ``kind`` is ``add``, ``reset`` or ``role``. The new password is kept only as its scrypt
    hash and is for one sign-in, like every password someone else sets (a role change keeps
    an unusable one).
    """

    __tablename__ = "account_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    username: Mapped[str] = mapped_column(String(50))
    role: Mapped[str | None] = mapped_column(Code)
    hub: Mapped[str | None] = mapped_column(Code)
    display_name: Mapped[str | None] = mapped_column(Name)
    password_hash: Mapped[str] = mapped_column(String(200))
    requested_by: Mapped[str] = mapped_column(String(50))
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(50))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: None while waiting; ``approved`` or ``refused`` once decided.
    outcome: Mapped[str | None] = mapped_column(String(20))


class DatabaseSetting(Base):
    """A named value that belongs to the database (every desk on it shares it)."""

    __tablename__ = "database_settings"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)


class UnknownNameSignIn(Base):
    """Failed sign-ins under names that match no account, filed by a keyed hash's bucket.

    Never the typed name (sometimes a password typed into the wrong box): only one of 65,536
    buckets, chosen with a key kept in the database, so the row cannot confirm a guess.
    """

    __tablename__ = "unknown_name_sign_ins"

    bucket: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
