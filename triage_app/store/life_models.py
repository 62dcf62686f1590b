"""Tables of a request's life after the front door: kept beside ``models``.

Each row belongs to a request and names the version of it that carried the change
(``version``: a number, not a foreign key, so that removing old versions never touches it),
which is how the export sends it once, with that version. Attempts, notes and status changes
are append-only: database triggers (``store.life_guard``) refuse to change them, except to
blank their words when a record is erased, and refuse to delete them while their request is
there; they go with their request when the retention clean-up removes it (``ON DELETE
CASCADE``). An override is changed once more, when a team leader decides on it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from triage_app.store.models import Base, Code, Name
from triage_app.store.types import UTCDateTime

_REQUEST = "requests.id"


class StatusChange(Base):
    """A request started, closed (with its outcome) or reopened: the history of its status."""

    __tablename__ = "status_changes"
    __table_args__ = (
        # A request's history; and when it last closed (the figures' re-referral intervals).
        Index("ix_status_changes_request", "request_id", "to_status", "at"),
        Index("ix_status_changes_at", "at", "to_status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey(_REQUEST, ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_by: Mapped[str] = mapped_column(Name)
    from_status: Mapped[str] = mapped_column(String(12))
    to_status: Mapped[str] = mapped_column(String(12))
    outcome: Mapped[str | None] = mapped_column(Code)
    #: Why, in words (closing and reopening need one).
    reason: Mapped[str | None] = mapped_column(Text)
    #: The MASH decision as the safeguarding hub gave it, when there is one.
    mash_decision: Mapped[str | None] = mapped_column(Text)


class ContactAttempt(Base):
    """One attempt to reach the family: when, how, by whom, and whether they were reached."""

    __tablename__ = "contact_attempts"
    # A request's attempts, with what the figures ask of them: the first that reached the
    # family, of those carried by a version up to a given one (migration 0020).
    __table_args__ = (
        Index("ix_contact_attempts_request", "request_id", "reached", "at", "version"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey(_REQUEST, ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    #: When the attempt was made (may be earlier than when it was recorded).
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    made_by: Mapped[str] = mapped_column(Name)
    #: A code of ``resources/vocabularies.toml`` ``[attempt_method]``.
    method: Mapped[str] = mapped_column(Code)
    reached: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)


class RequestNote(Base):
    """A dated note, stamped with its author; never edited, only added to."""

    __tablename__ = "request_notes"
    __table_args__ = (Index("ix_request_notes_request", "request_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey(_REQUEST, ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    author: Mapped[str] = mapped_column(Name)
    #: ``None`` only once the record has been erased.
    text: Mapped[str | None] = mapped_column(Text)


class PathwayOverride(Base):
    """Staff chose a pathway other than the one recommended, and why.

    ``state`` is ``approved`` (upward: the reason is enough), ``pending`` (downward: waiting
    for a team leader other than the person who asked) or ``refused``. The floor is the
    safety contract's for the version's answers (``pathways.floors``), as it was worked out
    when asked: the chosen pathway is never below it.
    """

    __tablename__ = "pathway_overrides"
    __table_args__ = (
        Index("ix_pathway_overrides_request", "request_id", "id"),
        Index("ix_pathway_overrides_state", "state", "asked_at"),
        Index("ix_pathway_overrides_asked", "asked_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey(_REQUEST, ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime)
    asked_by: Mapped[str] = mapped_column(Name)
    recommended: Mapped[str] = mapped_column(Code)
    chosen: Mapped[str] = mapped_column(Code)
    floor: Mapped[str] = mapped_column(Code)
    #: ``up`` (more urgent than recommended) or ``down``.
    direction: Mapped[str] = mapped_column(String(4))
    reason: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(Name)
    #: The version that carried the decision (a downward override's approval or refusal).
    decided_version: Mapped[int | None] = mapped_column(Integer)
    decision_note: Mapped[str | None] = mapped_column(Text)
