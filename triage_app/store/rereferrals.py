"""Which current versions are re-referrals, kept in the ``rereferrals`` table as they change.

A request is a re-referral when another request's current version, received before it and at
most :data:`WINDOW_DAYS` days before it, names the same child (first and last name,
normalised, and date of birth) or the same family (surname and postcode, or phone number,
normalised): "re-referral and time limits" in the scrutiny board's terms. That depends on
other requests, so whenever a version becomes current or stops being current, or its keys
are erased, :func:`refresh` works the answer out again for it and for every current version
it could be the earlier request of (those received up to a year after it that share a key).
Each such change runs in a write transaction that calls :func:`serialise` first.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    union,
)
from sqlalchemy.orm import Session, aliased

from triage_app.store.expressions import DaysBefore, NotIndexed, days_after
from triage_app.store.models import ChildRow, RequestVersion, RereferralRow

#: "Re-referral and time limits" (scrutiny board): an earlier request in this many days.
WINDOW_DAYS = 365
#: The PostgreSQL advisory lock every transaction that changes re-referrals takes first.
_LOCK_KEY = 0x48324852  # "H2HR"

V = RequestVersion
#: Written with the Core: these statements need none of the ORM's bookkeeping.
_TABLE: Table = RereferralRow.__table__  # type: ignore[assignment]
Ids = Collection[int] | Select[Any] | CompoundSelect[Any]


def condition(days: int = WINDOW_DAYS) -> ColumnElement[bool]:
    """True for a version of a request with an earlier one for the same child or family.

    Earlier means another request whose current version was received before this one and
    at most ``days`` days before it. Each branch is one seek into an index that holds
    everything it tests: ``ix_request_versions_phone`` and
    ``ix_request_versions_family_postcode``, whose keys are followed by ``is_current`` and
    ``received_at`` (the window is a range within the key) and hold ``request_id``; and
    ``ix_children_name_dob`` (with the version id), then the earlier version by id. With two
    equalities and a range, those indexes are the planner's choice with or without
    statistics. The phone is tried first: few requests give one, and a match there spares
    the other look-ups.
    """
    earlier = aliased(RequestVersion)

    def is_earlier(current: Any = earlier.is_current) -> ColumnElement[bool]:
        return and_(
            current == true(),
            earlier.received_at < V.received_at,
            NotIndexed(earlier.received_at) >= DaysBefore(V.received_at, days),
            earlier.request_id != V.request_id,
        )

    child, other = aliased(ChildRow), aliased(ChildRow)
    same_child = exists(
        select(literal(1))
        .select_from(child)
        .join(
            other,
            and_(
                other.last_name_key == child.last_name_key,
                other.first_name_key == child.first_name_key,
                other.date_of_birth == child.date_of_birth,
                other.version_id != child.version_id,  # itself, told apart in the index
            ),
        )
        .join(earlier, earlier.id == other.version_id)
        # Found by id: no index on ``is_current`` may start this look-up from a year of rows.
        .where(child.version_id == V.id, is_earlier(NotIndexed(earlier.is_current)))
    )
    same_family = exists(
        select(literal(1)).where(
            earlier.family_last_name_key == V.family_last_name_key,
            earlier.postcode_key == V.postcode_key,
            is_earlier(),
        )
    )
    same_phone = exists(select(literal(1)).where(earlier.phone_key == V.phone_key, is_earlier()))
    return or_(same_phone, same_family, same_child)


def affected(changed: Ids) -> CompoundSelect[Any]:
    """The ids of ``changed`` versions and of the current versions they may be earlier for.

    Those are the current versions received after one of ``changed`` and at most a day more
    than the window after it that share its phone, its family or one of its children: a
    superset of the ones whose answer can change, each worked out again exactly.
    """
    src, later = aliased(RequestVersion), aliased(RequestVersion)
    in_window = (
        src.id.in_(changed),
        later.is_current == true(),
        later.received_at > src.received_at,
        later.received_at <= days_after(src.received_at, WINDOW_DAYS + 1),
    )
    by_phone = (
        select(later.id).join_from(src, later, later.phone_key == src.phone_key).where(*in_window)
    )
    by_family = (
        select(later.id)
        .join_from(
            src,
            later,
            and_(
                later.family_last_name_key == src.family_last_name_key,
                later.postcode_key == src.postcode_key,
            ),
        )
        .where(*in_window)
    )
    child, other = aliased(ChildRow), aliased(ChildRow)
    by_child = (
        select(later.id)
        .select_from(src)
        .join(child, child.version_id == src.id)
        .join(
            other,
            and_(
                other.last_name_key == child.last_name_key,
                other.first_name_key == child.first_name_key,
                other.date_of_birth == child.date_of_birth,
            ),
        )
        .join(later, later.id == other.version_id)
        .where(*in_window)
    )
    return union(select(V.id).where(V.id.in_(changed)), by_phone, by_family, by_child)


def recount(session: Session, ids: Ids) -> None:
    """Work out again whether each of these versions is a current re-referral."""
    session.execute(delete(_TABLE).where(_TABLE.c.version_id.in_(ids)))
    _insert(session, V.id.in_(ids))


def refresh(session: Session, changed: Collection[int]) -> None:
    """After ``changed`` versions became current or stopped being so: recount all they touch."""
    recount(session, affected(changed))


def recount_all(session: Session) -> None:
    """Work out every current version's answer: after a bulk load, or a schema upgrade."""
    session.execute(delete(_TABLE))
    _insert(session, true())


def _insert(session: Session, which: ColumnElement[bool]) -> None:
    session.execute(
        insert(_TABLE).from_select(
            ["version_id", "received_at", "hub"],
            select(V.id, V.received_at, V.hub).where(which, V.is_current == true(), condition()),
        )
    )


def serialise(session: Session) -> None:
    """Let one transaction at a time change re-referrals: call before taking any other lock.

    Each transaction works out its own versions' answers and those of the later versions it
    touches. Two PostgreSQL transactions saving matching requests at once would each miss the
    other's uncommitted one, so each takes this lock first (held until it commits; under READ
    COMMITTED every later statement then sees what the one before it committed). Taken before
    any row lock, so no two transactions can wait on each other. SQLite needs nothing: a
    write transaction already holds the database's only write lock.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
