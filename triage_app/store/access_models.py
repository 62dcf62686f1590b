"""Tables for who signs in, who may grant access and how sign-in stays uniform.

Kept beside ``models``. ``Staff`` are the people who sign in. ``AccountChange`` is an
administrator's change that needs a second administrator's approval (a record-reading role
granted, the password of such an account reset). ``DatabaseSetting``
holds what belongs to the database itself rather than to a desk: that it is a demo database,
whether a sole administrator may grant record-reading roles, and the key that files failed
sign-ins under names that match no account. ``UnknownNameSignIn`` counts those failures, so
an unknown name locks just as an account does.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Integer, String
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


class Staff(Base):
    """A member of staff who signs in; disabled rather than deleted, as the audit names them.

    Holds a scrypt hash, never a password. ``failed_attempts`` counts wrong passwords since
    the last good one; enough of them set ``locked_until``. A password someone else set (a
    new account, a reset) is for one sign-in: ``must_change_password`` holds until its owner
    chooses their own, and ``password_set_by`` names who set it, to tell them.
    """

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(Name)
    role: Mapped[str] = mapped_column(Code)
    hub: Mapped[str | None] = mapped_column(Code)
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    password_set_by: Mapped[str | None] = mapped_column(String(120))
    #: The person's own text size (per cent of the system's) and colours, set by themself.
    text_size: Mapped[int] = mapped_column(Integer, default=100)
    high_contrast: Mapped[bool] = mapped_column(Boolean, default=False)
