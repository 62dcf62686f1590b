"""Which current versions are re-referrals, kept in the ``rereferrals`` table as they change.

A request is a re-referral when another request's current version, received before it and at
most :data:`WINDOW_DAYS` days before it, names the same child (first name and date of birth,
and the surname or a near miss of it) or the same family (postcode, and the surname or a near
miss of it; or the phone number), as :mod:`triage_app.store.same_family` defines them for
every path that counts earlier requests: "re-referral and time limits" in the scrutiny
board's terms. Of two requests
received at the same moment (an importer that stamps a batch with one time, two desks
typing the same time), the one saved first is the earlier: the other is a re-referral.

That depends on other requests, so whenever a version becomes current or stops being
current, or its keys are erased, :func:`refresh` works the answer out again for it and for
every current version it could be the earlier request of (those received up to a year after
it, or at the same moment, that share a key). Each such change runs in a write transaction
that calls :func:`serialise` first.
"""

from __future__ import annotations

from collections.abc import Collection
from concurrent.futures import Executor
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Delete,
    FromClause,
    Insert,
    ScalarSelect,
    Select,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    true,
    union,
    union_all,
    update,
)
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import Compiled
from sqlalchemy.orm import Session

from triage_app.domain.life import CLOSED
from triage_app.store.bulk import indexes_rebuilt_after, insert_tuples
from triage_app.store.database import Database, make_engine
from triage_app.store.expressions import DaysBefore, NotIndexed, days_after
from triage_app.store.life_models import StatusChange
from triage_app.store.lookup_models import RereferralRow
from triage_app.store.models import RequestVersion
from triage_app.store.pipeline import NO_WAIT
from triage_app.store.same_family import child_keys, family_keys, same_family, same_phone
from triage_app.store.same_family import same_child as same_child_keys
from triage_app.store.version_models import ChildRow

#: "Re-referral and time limits" (scrutiny board): an earlier request in this many days.
WINDOW_DAYS = 365
#: The PostgreSQL advisory lock every transaction that changes re-referrals takes first.
_LOCK_KEY = 0x48324852  # "H2HR"

#: Written with the Core, from the tables: these statements need none of the ORM's
#: bookkeeping, and are built once (:func:`_statements`), not at every save.
_VERSIONS: Table = RequestVersion.__table__  # type: ignore[assignment]
_CHILDREN: Table = ChildRow.__table__  # type: ignore[assignment]
_TABLE: Table = RereferralRow.__table__  # type: ignore[assignment]
_STATUS: Table = StatusChange.__table__  # type: ignore[assignment]
_IDS = "ids"
_LOCK = select(func.pg_advisory_xact_lock(_LOCK_KEY))
Ids = Collection[int] | Collection[BindParameter[Any]] | Select[Any] | BindParameter[Any]


def earlier_than(
    earlier: Any, this: Any, current: Any = None, *, year_in_index: bool = False
) -> ColumnElement[bool]:
    """``earlier`` (a version's columns) is an earlier request of ``this`` version's.

    Another request's current version (``current``: its ``is_current``, or that wrapped in
    :class:`~triage_app.store.expressions.NotIndexed` so no index starts from it), received
    before it, or at the same moment by a request saved before it (a lower request id), and
    at most :data:`WINDOW_DAYS` days before it. Everything that asks which earlier request
    made a version a re-referral (the figures' intervals too) asks this. With
    ``year_in_index``, the year's start bounds the index range too: SQLite then works it out
    once per version, not once per earlier version it reads (a million times over the
    figures' month at a million requests).
    """
    e, v = earlier, this
    start = DaysBefore(v.received_at, WINDOW_DAYS)
    return and_(
        (e.is_current if current is None else current) == true(),
        # The range within the index's key; then, of two received at the same moment, the
        # one saved first (``request_id``, which the index holds) is the earlier.
        e.received_at <= v.received_at,
        or_(e.received_at < v.received_at, e.request_id < v.request_id),
        (e.received_at if year_in_index else NotIndexed(e.received_at)) >= start,
        e.request_id != v.request_id,
    )


def _earlier_requests(
    this: Any = None, *, year_in_index: bool = False
) -> tuple[Select[Any], Select[Any], Select[Any]]:
    """The earlier requests (their ids) of ``this`` version, one query for each key.

    ``this`` is the versions' columns to compare with (the ``request_versions`` table's own,
    correlated, if None). Earlier means another request whose current version was received
    before this one (or at the same moment, by a request saved before it: a lower request id)
    and at most :data:`WINDOW_DAYS` days before it. Each is one seek into an index that holds
    everything it tests: ``ix_request_versions_phone`` and
    ``ix_request_versions_postcode_family``, whose keys are followed by ``is_current`` and
    ``received_at`` (the window is a range within the key) and hold ``request_id`` (and the
    surname and its sound); and ``ix_children_first_dob`` (with the surname, its sound and
    the version id), then the earlier version by id. With two equalities and a range, those
    indexes are the planner's choice with or without statistics. ``year_in_index`` as for
    :func:`earlier_than`.
    """
    v = _VERSIONS.c if this is None else this
    outer = v.id.table  # correlated, wherever the query is placed
    earlier = _VERSIONS.alias("earlier")
    e = earlier.c

    def is_earlier(current: Any = e.is_current) -> ColumnElement[bool]:
        return earlier_than(e, v, current, year_in_index=year_in_index)

    child, other = _CHILDREN.alias("child"), _CHILDREN.alias("other")
    by_child = (
        select(e.request_id)
        .select_from(child)
        .join(
            other,
            # Not itself: told apart by the version id, which the index holds.
            and_(_same_child(child, other), other.c.version_id != child.c.version_id),
        )
        .join(earlier, e.id == other.c.version_id)
        # Found by id: no index on ``is_current`` may start this look-up from a year of rows.
        .where(child.c.version_id == v.id, is_earlier(NotIndexed(e.is_current)))
    )
    this_keys, before = family_keys(v), family_keys(e)
    by_family = select(e.request_id).where(same_family(before, this_keys), is_earlier())
    by_phone = select(e.request_id).where(same_phone(before, this_keys), is_earlier())
    return by_phone.correlate(outer), by_family.correlate(outer), by_child.correlate(outer)


def _condition(*, year_in_index: bool = False) -> ColumnElement[bool]:
    """True for a version of a request with an earlier one for the same child or family.

    The phone is tried first: few requests give one, and a match there spares the other
    look-ups.
    """
    return or_(*(exists(found) for found in _earlier_requests(year_in_index=year_in_index)))


def _closed_when(request_id: Any, received: Any) -> ScalarSelect[Any]:
    """When that request last closed, if it was closed at ``received``; else None.

    Its last change of status by then decides: a request reopened before ``received`` was
    not closed. Read from ``ix_status_changes_request`` (a request has a handful).
    """
    s = _STATUS.c
    return (
        select(case((s.to_status == CLOSED, s.at)))
        .where(s.request_id == request_id, s.at <= received)
        .order_by(s.at.desc(), s.id.desc())
        .limit(1)
        .correlate_except(_STATUS)
        .scalar_subquery()
    )


def _earlier_closing(this: Any = None, *, year_in_index: bool = False) -> ScalarSelect[Any]:
    """Of the earlier requests that make ``this`` version a re-referral, the latest closing.

    As things stood when it was received: a request closed then, and when; None if none of
    them was. What happens to them afterwards cannot change it, so it is kept with the
    answer rather than worked out for each month's figures (1.9 s of their 3 s at a million
    requests).
    """
    v = _VERSIONS.c if this is None else this
    found = union_all(*_earlier_requests(v, year_in_index=year_in_index)).subquery("found")
    latest = func.max(_closed_when(found.c.request_id, v.received_at))
    return select(latest).select_from(found).correlate(v.id.table).scalar_subquery()


def _same_child(child: FromClause, other: FromClause) -> ColumnElement[bool]:
    """The same child (``same_family.same_child``): ``other`` seeks by first name and birth."""
    return same_child_keys(child_keys(other.c), child_keys(child.c))


def affected(changed: Ids) -> CompoundSelect[Any]:
    """The ids of ``changed`` versions and of the current versions they may be earlier for.

    Those are the current versions received after one of ``changed`` (or at the same moment)
    and at most a day more than the window after it that share its phone, its family or one
    of its children (:mod:`~triage_app.store.same_family`): a superset of the ones whose
    answer can change, each worked out again exactly.
    """
    src, later = _VERSIONS.alias("src"), _VERSIONS.alias("later")
    s, lt = src.c, later.c

    def in_window(indexed: bool = True) -> tuple[ColumnElement[bool], ...]:
        # A child's later requests are found by name, then by id: no index on the time may
        # start that look-up from up to a year of versions.
        current, received = (
            (lt.is_current, lt.received_at)
            if indexed
            else (NotIndexed(lt.is_current), NotIndexed(lt.received_at))
        )
        return (
            s.id.in_(changed),
            current == true(),
            received >= s.received_at,  # received at the same moment, saved later: later
            received <= days_after(s.received_at, WINDOW_DAYS + 1),
        )

    known, later_keys = family_keys(s), family_keys(lt)
    by_phone = select(lt.id).join_from(src, later, same_phone(later_keys, known))
    by_family = select(lt.id).join_from(src, later, same_family(later_keys, known))
    by_phone, by_family = by_phone.where(*in_window()), by_family.where(*in_window())
    child, other = _CHILDREN.alias("child"), _CHILDREN.alias("other")
    by_child = (
        select(lt.id)
        .select_from(src)
        .join(child, child.c.version_id == s.id)
        .join(other, _same_child(child, other))
        .join(later, lt.id == other.c.version_id)
        .where(*in_window(indexed=False))
    )
    v = _VERSIONS.c
    return union(select(v.id).where(v.id.in_(changed)), by_phone, by_family, by_child)


#: Up to this many ids are bound one by one (a save changes one version, an amendment two);
#: more are bound as one list, which SQLAlchemy writes into the statement at each execution.
_ONE_BY_ONE = 2


@cache
def _statements(spread: bool, count: int | None) -> tuple[Delete, Insert]:
    """Remove, then write again, the answers of the versions whose ids are bound.

    Those versions only, or, with ``spread``, those and every one they may be earlier for.
    ``count`` ids are bound as ``ids_0``, ``ids_1``...; with None, any number as ``ids``.
    """
    ids: Ids = (
        bindparam(_IDS, expanding=True)
        if count is None
        else [bindparam(f"{_IDS}_{i}") for i in range(count)]
    )
    which = affected(ids) if spread else ids
    return delete(_TABLE).where(_TABLE.c.version_id.in_(which)), _insert(_VERSIONS.c.id.in_(which))


#: An answer's columns, as the ``rereferrals`` table stores it.
_ANSWER_COLUMNS = ("version_id", "received_at", "hub", "earlier_closed_at")


def _answers_of(
    which: ColumnElement[bool] | None,
    *,
    by_id: bool,
    closings: bool = True,
    year_in_index: bool = False,
) -> Select[Any]:
    """The answers of the current versions ``which`` selects (all, if None).

    With ``by_id``, ``which`` names versions by id (a few, or a range): no index on
    ``is_current`` may turn them into every current version. Otherwise they are read from
    the index of current versions by time. ``year_in_index`` as for :func:`earlier_than`.
    """
    v = _VERSIONS.c
    current = NotIndexed(v.is_current) if by_id else v.is_current
    closing = [_earlier_closing(year_in_index=year_in_index)] if closings else []
    return select(v.id, v.received_at, v.hub, *closing).where(
        true() if which is None else which,
        current == true(),
        _condition(year_in_index=year_in_index),
    )


def _insert(which: ColumnElement[bool] | None, *, closings: bool = True) -> Insert:
    """Write the answers of the current versions ``which`` names by id (all, if None)."""
    return insert(_TABLE).from_select(
        list(_ANSWER_COLUMNS if closings else _ANSWER_COLUMNS[:-1]),
        _answers_of(which, by_id=which is not None, closings=closings),
    )


def _run(session: Session, spread: bool, ids: Collection[int]) -> None:
    if not ids:
        return
    if len(ids) <= _ONE_BY_ONE:
        count: int | None = len(ids)
        params: dict[str, Any] = {f"{_IDS}_{i}": id_ for i, id_ in enumerate(ids)}
    else:
        count, params = None, {_IDS: list(ids)}
    conn = session.connection()
    for statement in _statements(spread, count):
        conn.execute(statement, params, execution_options=NO_WAIT)


def recount(session: Session, ids: Collection[int]) -> None:
    """Work out again whether each of these versions is a current re-referral."""
    _run(session, False, ids)


def refresh(session: Session, changed: Collection[int]) -> None:
    """After ``changed`` versions became current or stopped being so: recount all they touch."""
    _run(session, True, changed)


def recount_all(
    session: Session,
    *,
    pool: Executor | None = None,
    parts: int = 1,
    db: Database | None = None,
    closings: bool = True,
) -> None:
    """Work out every current version's answer: after a bulk load, or a schema upgrade.

    With a ``pool``, ``parts`` above one and ``db`` (the SQLite database the session writes
    to), the answers are worked out in ``parts`` ranges of version ids, each read by a worker
    of the pool over a connection of its own, and written here as the driver gave them. A
    pool of processes works them out side by side: in threads, the name comparison SQLite
    calls back into Python took the interpreter's lock in turn, and at a million demo
    requests two threads took 47 s where each needed 35 s of CPU. The session's transaction
    holds the write lock, so the reads see the database as it does, provided it has changed
    nothing before this. Without ``closings`` (a schema before 0019, which has no column for
    them: migration 0018), only which versions are re-referrals is written.
    """
    file = db.engine.url if db is not None and db.is_sqlite else None
    if pool is not None and parts > 1 and file is not None and closings:
        url = file.render_as_string(hide_password=False)
        v = _VERSIONS.c
        last = session.execute(select(func.coalesce(func.max(v.id), 0))).scalar_one()
        bounds = [last * part // parts for part in range(parts + 1)]
        found = pool.map(answers_in_range, [url] * parts, bounds, bounds[1:])
        rows = [row for part in found for row in part]
        with indexes_rebuilt_after(session.connection(), [_TABLE.name]):
            session.execute(delete(_TABLE))
            insert_tuples(session.connection(), _TABLE.name, _ANSWER_COLUMNS, rows)
        return
    session.execute(delete(_TABLE))
    session.execute(_insert(None, closings=closings))


def store_closings(session: Session) -> None:
    """Work out again when each re-referral's earlier requests last closed.

    For a schema that kept only the answers (migration 0019), and after status changes were
    written with times in the past (demo data worked after loading): a save finds them as
    things stand, and a change of status is otherwise always later than any request saved.
    """
    this = _VERSIONS.alias("this")
    closing = (
        select(_earlier_closing(this.c)).where(this.c.id == _TABLE.c.version_id).scalar_subquery()
    )
    session.execute(update(_TABLE).values(earlier_closed_at=closing))


@cache
def _answers_in_range() -> Compiled:
    """The answers of the current versions with ids in ``(:after, :upto]``, as SQLite's SQL.

    Run with the driver alone: its rows are written back as they are, so nothing need turn
    each stored time into Python's and back. The versions are read in id order, the file's:
    through an index on ``is_current`` (the planner's choice without statistics) each was a
    read at random in 1.4 GB at a million requests; and each look-up's year bounds its index
    range, as a large demo's postcodes hold a hundred requests each (for a tenth of a
    million: 7.4-9.0 -> 5.9 s CPU, 12-21 -> 6 s on a busy machine).
    """
    v = _VERSIONS.c
    in_range = and_(v.id > bindparam("after"), v.id <= bindparam("upto"))
    query = _answers_of(in_range, by_id=True, year_in_index=True)
    return query.compile(dialect=sqlite.dialect(paramstyle="named"))


def answers_in_range(url: str, after: int, upto: int) -> list[tuple[Any, ...]]:
    """The answers of the current versions with ids in ``(after, upto]`` of a SQLite file.

    Opens the file at ``url`` itself, so that a worker of another process can run it.
    """
    compiled = _answers_in_range()
    params = compiled.construct_params({"after": after, "upto": upto})
    engine = make_engine(make_url(url))
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.exec_driver_sql(compiled.string, params)]
    finally:
        engine.dispose()


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
        session.connection().execute(_LOCK, execution_options=NO_WAIT)
