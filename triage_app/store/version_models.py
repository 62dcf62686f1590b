"""What one version of a request names: its children, needs, concerns and route actions.

Kept beside ``models``: rows that hang off a version (``request_versions``) and go with it
(``ON DELETE CASCADE``), read and written with their version; an amendment adds a version
with its own rows and never changes an earlier version's. Name columns used for matching are
stored normalised beside what was typed (``*_key``), so re-referral look-ups are index seeks.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from triage_app.store.models import Base, Code, Name
from triage_app.store.types import UTCDateTime


class ChildRow(Base):
    """A child or young person named in one version of a request."""

    __tablename__ = "children"
    __table_args__ = (
        # A version's children, with what the figures count them by and match them on.
        Index(
            "ix_children_version",
            "version_id",
            "unborn",
            "date_of_birth",
            "age_years",
            "gender",
            "ethnicity",
            "last_name_key",
            "first_name_key",
        ),
        # Search by date of birth alone, as a caller gives it.
        Index("ix_children_dob", "date_of_birth"),
        # Re-referral of a child, the surname written either way (migration 0018): first
        # name and date of birth, then the surname and its sound, and the version.
        Index(
            "ix_children_first_dob",
            "first_name_key",
            "date_of_birth",
            "last_name_key",
            "last_name_sound",
            "version_id",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("request_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    first_name: Mapped[str | None] = mapped_column(Name)
    last_name: Mapped[str | None] = mapped_column(Name)
    first_name_key: Mapped[str | None] = mapped_column(Name)
    last_name_key: Mapped[str | None] = mapped_column(Name)
    #: How the surname sounds (``near_names.sound_key``): a near miss of it still matches.
    last_name_sound: Mapped[str | None] = mapped_column(Name)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    #: The date of birth was counted back from an age ("18 months"), or the caller was unsure.
    date_of_birth_estimated: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    age_years: Mapped[int | None] = mapped_column(Integer)
    unborn: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[str | None] = mapped_column(Code)
    ethnicity: Mapped[str | None] = mapped_column(Code)
    send: Mapped[bool] = mapped_column(Boolean, default=False)


class NeedRow(Base):
    """A presenting need of one version; at most one is primary."""

    __tablename__ = "request_needs"
    #: A version's needs in order, holding the code: the figures and the export read no rows.
    __table_args__ = (Index("ix_request_needs_version", "version_id", "position", "need"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("request_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    need: Mapped[str] = mapped_column(Code)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)


class ConcernRow(Base):
    """A safeguarding concern ticked in one version (contract rules 9–14), apart from the needs."""

    __tablename__ = "request_concerns"
    #: A version's concerns in order, holding the code: the figures and the export read no rows.
    __table_args__ = (Index("ix_request_concerns_version", "version_id", "position", "concern"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("request_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    concern: Mapped[str] = mapped_column(Code)


class ActionRow(Base):
    """An action the route calls for, and whether (and by whom) it has been done."""

    __tablename__ = "route_actions"
    __table_args__ = (
        Index("ix_route_actions_version", "version_id"),
        Index("ix_route_actions_open", "done_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("request_versions.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(Code)
    #: When and by whom it was settled (done, not needed or could not be done).
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[str | None] = mapped_column(Name)
    #: How it was settled (``domain.life.ACTION_STATES``); ``None`` while open. Actions
    #: ticked done before migration 0012 read as ``done``.
    state: Mapped[str | None] = mapped_column(String(20))
    #: What the person who settled it said, if anything.
    note: Mapped[str | None] = mapped_column(Text)
