"""What the central system has not had yet: counted whole, or a part at a time.

Counting a million waiting versions read cold takes a third of a second, too long for the
window to stop taking keys; so the window counts a part per turn of its event loop
(:func:`pending_part`, in the waiting list's own order) and shows the total when the last part
is in. The command line counts them in one go (:func:`pending_summary`). Both are the same
tally over the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import FromClause, Select, func, select
from sqlalchemy.orm import Session

from triage_app.store.models import WaitingVersion

W = WaitingVersion


@dataclass(frozen=True)
class PendingSummary:
    """What the central system has not had: versions waiting, and when the oldest was taken."""

    count: int
    oldest_received_at: datetime | None

    def __add__(self, other: PendingSummary) -> PendingSummary:
        """Two parts of the waiting list taken together."""
        times = [t for t in (self.oldest_received_at, other.oldest_received_at) if t is not None]
        return PendingSummary(self.count + other.count, min(times, default=None))


#: Nothing counted yet.
NONE_YET = PendingSummary(0, None)


@dataclass(frozen=True)
class PendingPart:
    """One part of the waiting list counted, and where the next part starts (None: the last)."""

    summary: PendingSummary
    next_after: int | None


def _tally(rows: FromClause) -> Select[int, Any, Any]:
    return select(func.count(), func.min(rows.c.received_at), func.max(rows.c.version_id))


def pending_summary(session: Session) -> PendingSummary:
    """The whole waiting list in one pass over its narrow rows."""
    count, oldest, _ = session.execute(_tally(W.__table__)).one()
    return PendingSummary(int(count), oldest)


def pending_part(session: Session, after: int, size: int) -> PendingPart:
    """Up to ``size`` waiting versions with ids above ``after``, read along the primary key."""
    rows = (
        select(W.version_id, W.received_at)
        .where(W.version_id > after)
        .order_by(W.version_id)
        .limit(size)
        .subquery()
    )
    count, oldest, last = session.execute(_tally(rows)).one()
    more = int(count) == size and last is not None
    return PendingPart(PendingSummary(int(count), oldest), int(last) if more else None)
