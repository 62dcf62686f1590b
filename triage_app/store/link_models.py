"""Which request's details a new request was started from: kept beside ``models``.

"Use these details" fills a new request from an earlier one about the same family. The link
is kept both ways for whoever reads either record: the new request names the earlier one,
and the earlier one lists every request started from it. It belongs to a request's
identity, not to a version: an amendment does not change where the details came from.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from triage_app.store.models import Base
from triage_app.store.types import UTCDateTime


class RequestCopy(Base):
    """A request (``request_id``) whose details were copied from another (``copied_from_id``)."""

    __tablename__ = "request_copies"
    __table_args__ = (Index("ix_request_copies_copied_from", "copied_from_id", "request_id"),)

    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    copied_from_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
