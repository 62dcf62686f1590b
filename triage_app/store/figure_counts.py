"""The month's figures kept as counts (``figure_counts``) as versions become current.

Whatever makes a version current in place of another (a save, an amendment, a change to a
request's life) calls :func:`replaced`; the counts move when the transaction commits
(:func:`settle`, called by ``Database`` before every commit), so what the new version adds
includes everything written with it (the attempt a life change carries is added after the
version). Work that changes or removes versions in place (erasure, the retention clean-up)
calls :func:`changing` before and :func:`changed` after. A new database, the demo data and
the check count every month from scratch with the same definition (``store.figure_tally``).

Moving the counts updates a few dozen rows of the version's month and hub, in the order of
their keys, once the transaction has taken the audit chain's lock: two desks never wait for
each other's rows in opposite orders.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from triage_app.store.database import Database

from triage_app.domain.months import Month
from triage_app.store.count_models import NO_HUB, FigureCount
from triage_app.store.figure_tally import Key, queries, tally, tally_versions
from triage_app.store.models import RequestVersion

V = RequestVersion
C = FigureCount
#: ``session.info`` key: (replaced, replacing) version ids waiting for the commit.
PENDING = "figure_counts.pending"
#: A month's counts, by hub (``NO_HUB`` for none).
ByHub = dict[str, Counter[Key]]


def replaced(session: Session, old: int | None, new: int | None) -> None:
    """Note that ``new`` became current in place of ``old`` (either may be None)."""
    session.info.setdefault(PENDING, []).append((old, new))


def settle(session: Session) -> None:
    """Move the counts for every replacement noted in this transaction (before its commit)."""
    pairs = session.info.pop(PENDING, None)
    if not pairs:
        return
    gone = {old for old, _new in pairs if old is not None}
    came = {new for _old, new in pairs if new is not None}
    delta = _of_versions(session, came - gone)
    delta.subtract(_of_versions(session, gone - came))
    _apply(session, delta)


def forget(session: Session) -> None:
    """Drop what was noted: the transaction rolled back."""
    session.info.pop(PENDING, None)


def changing(session: Session, ids: Collection[int]) -> Counter[tuple[str, str, Key]]:
    """What the current versions among ``ids`` count now, before they are changed or removed."""
    return _of_versions(session, ids, current=True)


def changed(session: Session, ids: Collection[int], before: Counter[tuple[str, str, Key]]) -> None:
    """Move the counts from ``before`` (:func:`changing`) to what those versions count now."""
    delta = _of_versions(session, ids, current=True)
    delta.subtract(before)
    _apply(session, delta)


def _of_versions(
    session: Session, ids: Collection[int], *, current: bool = False
) -> Counter[tuple[str, str, Key]]:
    """The counts of these versions, keyed by month and hub."""
    out: Counter[tuple[str, str, Key]] = Counter()
    chosen = sorted(ids)
    for start in range(0, len(chosen), 500):
        found = tally_versions(session, chosen[start : start + 500], current=current)
        for (received, hub), counts in found.items():
            month = _local_month(received).code
            for key, n in counts.items():
                out[(month, hub or NO_HUB, key)] += n
    return out


def _local_month(received: datetime) -> Month:
    return Month.containing(received if received.tzinfo else received.replace(tzinfo=UTC))


def _apply(session: Session, delta: Counter[tuple[str, str, Key]]) -> None:
    """Add ``delta`` to the kept rows, in key order (a row absent is a row of 0)."""
    rows = [_row(month, hub, key, n) for (month, hub, key), n in delta.items() if n]
    if not rows:
        return
    rows.sort(key=lambda r: (r["month"], r["hub"], r["measure"], r["code"]))
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    upsert = dialect.insert(C)
    session.execute(
        upsert.on_conflict_do_update(
            index_elements=[C.month, C.hub, C.measure, C.code],
            set_={"n": C.n + upsert.excluded.n},
        ),
        rows,
    )


def _row(month: str, hub: str, key: Key, n: int) -> dict[str, Any]:
    """A kept row: its values as a JSON list (``_key`` reads it back)."""
    return {
        "month": month,
        "hub": hub,
        "measure": key[0],
        "code": json.dumps(list(key[1]), separators=(",", ":")),
        "n": n,
    }


@lru_cache(maxsize=8192)
def _key(measure: str, code: str) -> Key:
    """A kept row's key, as counted; the same few hundred recur in every month and hub."""
    return (measure, tuple(json.loads(code)))


def read(session: Session, month: Month, hub: str | None) -> ByHub:
    """The month's kept counts, of one hub or every hub."""
    query = select(C.hub, C.measure, C.code, C.n).where(C.month == month.code, C.n != 0)
    if hub is not None:
        query = query.where(C.hub == hub)
    out: ByHub = {}
    for row_hub, measure, code, n in session.execute(query):
        out.setdefault(row_hub, Counter())[_key(measure, code)] += n
    return out


def read_measure(
    session: Session, months: Iterable[Month], hub: str | None, measure: str
) -> dict[str, Counter[tuple[Any, ...]]]:
    """One measure's kept counts for several months (the trend), by month code."""
    codes = [m.code for m in months]
    query = (
        select(C.month, C.code, func.sum(C.n))
        .where(C.month.in_(codes), C.measure == measure)
        .group_by(C.month, C.code)
    )
    if hub is not None:
        query = query.where(C.hub == hub)
    out: dict[str, Counter[tuple[Any, ...]]] = {code: Counter() for code in codes}
    for month_code, code, n in session.execute(query):
        out[month_code][_key(measure, code)[1]] += int(n)
    return out


def count_month(session: Session, month: Month) -> ByHub:
    """The month's counts worked out from scratch, by hub: what the kept rows must hold."""
    where = [V.is_current == true(), V.received_at >= month.starts, V.received_at < month.ends]
    found = tally(session, queries(where, (V.hub,)), 1)
    return {hub or NO_HUB: counts for (hub,), counts in found.items()}


def kept_month(session: Session, month: Month) -> ByHub:
    """The month's kept counts by hub, rows of 0 left out (to compare with a count)."""
    return nonzero(read(session, month, None))


def nonzero(by_hub: ByHub) -> ByHub:
    """Counts of 0, and hubs with none left, left out: kept and counted months compare."""
    return {hub: +counts for hub, counts in by_hub.items() if +counts}


def months(session: Session) -> list[Month]:
    """Every month from the first current version's to the last's."""
    first, last = session.execute(
        select(func.min(V.received_at), func.max(V.received_at)).where(V.is_current == true())
    ).one()
    if first is None:
        return []
    start, end = _local_month(first), _local_month(last)
    return [
        start.plus(i) for i in range((end.year - start.year) * 12 + end.month - start.month + 1)
    ]


def recount_all(session: Session, *, threads: int = 1, db: Database | None = None) -> None:
    """Count every month from scratch into the kept rows (a new database, demo data).

    With ``threads`` above one and ``db`` (the SQLite database the session writes to), the
    months are counted in that many threads, each in a read of its own (SQLite runs a
    statement without holding Python's interpreter lock). The session's transaction must
    have changed nothing before this, so the reads see the database as it does.
    """
    every = months(session)
    if threads > 1 and db is not None and db.is_sqlite:

        def count(month: Month) -> ByHub:
            with db.read() as own:
                return count_month(own, month)

        with ThreadPoolExecutor(threads) as pool:
            counted = list(pool.map(count, every))
    else:
        counted = [count_month(session, month) for month in every]
    session.execute(delete(C))
    rows = [
        _row(month.code, hub, key, n)
        for month, by_hub in zip(every, counted, strict=True)
        for hub, counts in by_hub.items()
        for key, n in counts.items()
        if n
    ]
    for start in range(0, len(rows), 5000):
        session.execute(insert(C), rows[start : start + 5000])


def problems(session: Session) -> list[str]:
    """Months whose kept counts differ from a count from scratch (``db check``).

    Every month with a request, and every month with a kept count of its own (a count left
    in a month with no request is as wrong as a count that differs).
    """
    kept = {
        Month.parse(code) for code in session.scalars(select(C.month).where(C.n != 0).distinct())
    }
    return [
        f"the kept figures of {month.label} differ from its requests: "
        "run 'triage-app db recount-figures'"
        for month in sorted(kept.union(months(session)))
        if kept_month(session, month) != nonzero(count_month(session, month))
    ]
