"""The retention clean-up: count (dry run) or remove what is past its retention period.

The real run removes, in one transaction, every request whose newest version is older than
the policy allows (with all its versions, children, needs and actions) and old drafts, and
appends a ``retention`` audit entry whose reason gives the counts. On SQLite every connection
runs with ``PRAGMA secure_delete`` on (``store.database``), so freed space is overwritten with
zeros; after the run the write-ahead log is checkpointed and truncated, so the removed text is
gone from the files on disk, not only from the tables.

Kept for the life of the system, on purpose: the audit trail (it holds ids and codes, never
what a family said, and is the proof of who did what, including this clean-up), export batch
records (what was sent, when; no personal data) and staff accounts (the audit names them).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import Session

from triage_app.accounts.roles import require
from triage_app.domain.actor import Actor
from triage_app.retention.policy import RetentionPolicy
from triage_app.store import audit, figure_counts, rereferrals
from triage_app.store.database import Database
from triage_app.store.draft_models import Draft
from triage_app.store.lookup_models import NameWord, RereferralRow
from triage_app.store.models import Request, RequestVersion
from triage_app.store.version_models import ActionRow, ChildRow, ConcernRow, NeedRow

RETENTION = "retention"
#: How often, and how far apart, wiping the freed space is tried while another checkpoint runs.
WIPE_ATTEMPTS = 20
WIPE_RETRY_SECONDS = 0.1
REQUESTS, OPEN_DRAFTS, CLOSED_DRAFTS = "requests", "open drafts", "closed drafts"


@dataclass(frozen=True)
class KindCount:
    """How many records of one kind are past their period, and the oldest one's last change."""

    kind: str
    count: int
    oldest: datetime | None
    keep_days: int


@dataclass(frozen=True)
class RetentionReport:
    """What a run found (dry run) or removed; ``wiped`` says whether the bytes are gone too."""

    counts: tuple[KindCount, ...]
    removed: bool
    wiped: bool

    def summary(self) -> str:
        return " ".join(f"{c.kind.replace(' ', '_')}={c.count}" for c in self.counts)


def _expired_requests(cutoff: datetime) -> Select[int, datetime]:
    """Requests (id, last change) whose newest version is older than ``cutoff``."""
    last = func.max(RequestVersion.created_at)
    return (
        select(RequestVersion.request_id, last.label("last"))
        .group_by(RequestVersion.request_id)
        .having(last < cutoff)
    )


def _draft_filter(open_: bool, cutoff: datetime) -> list[object]:
    status = Draft.status == "open" if open_ else Draft.status != "open"
    return [status, Draft.updated_at < cutoff]


def _count(session: Session, policy: RetentionPolicy, now: datetime) -> tuple[KindCount, ...]:
    requests = _expired_requests(now - timedelta(days=policy.request_days)).subquery()
    n, oldest = session.execute(select(func.count(), func.min(requests.c.last))).one()
    counts = [KindCount(REQUESTS, int(n), oldest, policy.request_days)]
    for kind, open_, days in (
        (OPEN_DRAFTS, True, policy.open_draft_days),
        (CLOSED_DRAFTS, False, policy.closed_draft_days),
    ):
        where = _draft_filter(open_, now - timedelta(days=days))
        n, oldest = session.execute(
            select(func.count(), func.min(Draft.updated_at)).where(*where)  # type: ignore[arg-type]
        ).one()
        counts.append(KindCount(kind, int(n), oldest, days))
    return tuple(counts)


def delete_requests(session: Session, request_ids: Sequence[int]) -> None:
    """Remove these requests whole, and work out again which later requests are re-referrals.

    A later request may have counted as one only because of a request removed here.
    """
    rereferrals.serialise(session)
    _remove(session, request_ids)


def _delete_expired(session: Session, cutoff: datetime) -> None:
    rereferrals.serialise(session)  # before the list is read, so no save slips between
    ids = [r for (r,) in session.execute(select(_expired_requests(cutoff).subquery().c[0]))]
    _remove(session, ids)


def _remove(session: Session, request_ids: Sequence[int]) -> None:
    """:func:`delete_requests`, for a caller that has already serialised re-referrals."""
    for i in range(0, len(request_ids), 500):
        chunk = list(request_ids[i : i + 500])
        versions = select(RequestVersion.id).where(RequestVersion.request_id.in_(chunk))
        touched = list(session.scalars(rereferrals.affected(versions)))
        ids = list(session.scalars(versions))
        counted = figure_counts.changing(session, ids)
        for table in (ChildRow, NeedRow, ConcernRow, ActionRow, RereferralRow, NameWord):
            session.execute(delete(table).where(table.version_id.in_(versions)))
        session.execute(delete(RequestVersion).where(RequestVersion.request_id.in_(chunk)))
        session.execute(delete(Request).where(Request.id.in_(chunk)))
        rereferrals.recount(session, touched)
        figure_counts.changed(session, ids, counted)


def wipe_freed_space(db: Database) -> bool:
    """After a commit that removed personal data: make sure its bytes are gone from disk.

    SQLite: checkpoint the write-ahead log into the file and truncate it (the log still holds
    the old pages until then). True if that completed; False if another desk was reading at
    that moment, in which case SQLite finishes it at a later checkpoint. PostgreSQL: ``VACUUM``
    the tables, which lets the server reuse the space the old rows took.
    """
    if db.is_sqlite:
        # The background checkpointer (``store.checkpoint``) may be copying the same log at
        # this moment, and SQLite refuses a second checkpoint at once: try again shortly.
        for attempt in range(WIPE_ATTEMPTS):
            if attempt:
                time.sleep(WIPE_RETRY_SECONDS)
            with db.engine.connect() as conn:
                busy, _log, _done = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
            if busy == 0:
                return True
        return False
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in (
            "children",
            "request_needs",
            "request_concerns",
            "route_actions",
            "request_versions",
            "requests",
        ):
            conn.exec_driver_sql(f"VACUUM {table}")
        conn.exec_driver_sql("VACUUM drafts")
    return True


def run_retention(
    db: Database, policy: RetentionPolicy, *, actor: Actor, now: datetime, dry_run: bool
) -> RetentionReport:
    """Count, or remove and audit, everything past its retention period.

    Raises:
        NotPermitted: the actor's role may not run the retention clean-up.
    """
    require(actor, "run_retention")
    if dry_run:
        with db.read() as session:
            return RetentionReport(_count(session, policy, now), removed=False, wiped=False)
    with db.write() as session:
        counts = _count(session, policy, now)
        _delete_expired(session, now - timedelta(days=policy.request_days))
        for open_, days in ((True, policy.open_draft_days), (False, policy.closed_draft_days)):
            where = _draft_filter(open_, now - timedelta(days=days))
            session.execute(delete(Draft).where(*where))  # type: ignore[arg-type]
        report = RetentionReport(counts, removed=True, wiped=False)
        audit.append(session, actor, RETENTION, at=now, reason=report.summary())
    return RetentionReport(counts, removed=True, wiped=wipe_freed_space(db))
