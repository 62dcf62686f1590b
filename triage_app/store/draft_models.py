"""Forms being typed, kept as drafts: kept beside ``models``.

A draft is never a request: nothing counts, exports or searches it. It is written as staff
type (``services.drafts``) so a dropped call or a crash loses nothing, and closed when the
form is saved as a request or deliberately discarded (audited).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from triage_app.store.models import Base, Name
from triage_app.store.types import UTCDateTime


class Draft(Base):
    """A form being typed: kept so a dropped call or a crash loses nothing; never counted."""

    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_open", "status", "desk"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(36), unique=True)
    desk: Mapped[str | None] = mapped_column(Name)
    author: Mapped[str] = mapped_column(Name)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: ``open``, ``saved`` (became a request) or ``discarded`` (deliberately, with audit).
    status: Mapped[str] = mapped_column(String(12))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
