"""What versions add to the figures, counted by the database: one definition for every use.

The month's figures are kept as counts (``store.figure_counts``): a version that becomes
current adds what :func:`tally` counts of it, and the one it replaces takes away what it
added. The counts are also worked out from scratch with the same :func:`tally` (a new
database, a check), so the two can never count differently.

A version's counts depend only on what never changes once it is saved: its own columns and
rows, and the attempts to reach the family recorded up to and with it (an attempt is always
carried by a new version). So what a version added when it became current is what it takes
away when it stops being current, whenever that is.

Each measure is counted by a few values, kept as a tuple (``None`` for not recorded):

=================  ==============================================================
``contact_method``  how they asked (one per version; likewise ``source``,
                    ``primary_need`` and ``pathway``)
``outcome``         (course of action in force, outcome or ``None`` while open)
``first_contact``   (course of action in force, ``in_time`` / ``late`` / ``none``)
``oldest``          (course of action in force, outcome, age of the oldest child born),
                    for requests whose oldest child is :data:`OLDEST_FROM` or over
``need``            each need named; ``concern`` each concern named
``concern_pathway`` (pathway), once per version naming any concern
``child_age``       (unborn, age at the request) for each child
``child_gender``    (unborn, gender); ``child_ethnicity`` (ethnicity)
``override``        (pathway recommended, pathway in force) when they differ
``override_rule``   each rule whose route was overridden
=================  ==============================================================
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache, partial
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    bindparam,
    case,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from triage_app.store.age_sql import age_at
from triage_app.store.life_models import ContactAttempt
from triage_app.store.models import RequestVersion
from triage_app.store.version_models import ChildRow, ConcernRow, NeedRow

V = RequestVersion
#: One count: the measure and the values it is counted by.
Key = tuple[str, tuple[Any, ...]]
#: The ages the scrutiny board asked to see called out: "aged 16 and over", "aged 19 and over".
CALLOUT_AGES = (16, 19)
#: The youngest age of an oldest child the figures call out.
OLDEST_FROM = min(CALLOUT_AGES)
#: The single-valued columns of a version counted as they are.
PLAIN = ("contact_method", "source", "primary_need", "pathway")


def _in_force() -> ColumnElement[Any]:
    """The course of action in force: the one staff chose over the route's, else the route's."""
    return func.coalesce(V.final_pathway, V.pathway)


def _child_age(received: Any = V.received_at) -> ColumnElement[Any]:
    """A child's age when the request was received: from the date of birth, else as given."""
    return case(
        (ChildRow.date_of_birth.is_not(None), age_at(ChildRow.date_of_birth, received)),
        else_=ChildRow.age_years,
    )


def _first_contact() -> ColumnElement[Any]:
    """``in_time``, ``late`` or ``none``: the first attempt that reached the family, by due.

    Only attempts carried by this version or an earlier one count, so a version's answer is
    the same whenever it is asked.
    """
    first = func.min(ContactAttempt.at)
    # One subquery gives the answer, so each version's attempts are read once.
    return (
        select(
            case(
                (first.is_(None), "none"),
                (or_(V.due_at.is_(None), first <= V.due_at), "in_time"),
                else_="late",
            )
        )
        .where(
            ContactAttempt.request_id == V.request_id,
            ContactAttempt.version <= V.version,
            ContactAttempt.reached,
        )
        .correlate(V)
        .scalar_subquery()
    )


def _oldest() -> ColumnElement[Any]:
    return (
        select(func.max(_child_age()))
        .where(ChildRow.version_id == V.id, ChildRow.unborn.is_(False))
        .correlate(V)
        .scalar_subquery()
    )


#: What a query's rows (less the ``by`` values and the count) add: one key or more each.
Measures = Callable[[tuple[Any, ...]], Iterable[Key]]


def _chosen(
    where: Sequence[ColumnElement[bool]], by: Sequence[Any], *columns: Any
) -> tuple[CTE, list[Any]]:
    """The versions ``where`` selects, with ``by`` (named ``by_0``…) and ``columns``, read once.

    On SQLite it is worked out first (``MATERIALIZED``): a measure asked of each version by a
    subquery (``first_contact``, ``oldest``) is then asked once, where a query grouped by it
    asks it twice a version (for the group and for the row); and the rows joined to the
    versions (needs, concerns, children) are read for the versions of the range found by the
    index on the time received, where the join alone scanned every current version by
    another index. PostgreSQL folds it into the query, as it plans the query as it was.
    """
    named = [b.label(f"by_{i}") for i, b in enumerate(by)]
    found = (
        select(*named, *columns)
        .where(*where)
        .cte("chosen")
        .prefix_with("MATERIALIZED", dialect="sqlite")
    )
    return found, [found.c[f"by_{i}"] for i in range(len(by))]


def _grouped(
    where: Sequence[ColumnElement[bool]], by: Sequence[Any], dims: Sequence[Any]
) -> Select[Any]:
    """Versions counted by ``by`` and ``dims`` (labelled), each version's values read once."""
    found, by_chosen = _chosen(where, by, *dims)
    values = [found.c[d.name] for d in dims]
    return select(*by_chosen, *values, func.count()).group_by(*by_chosen, *values)


def queries(
    where: Sequence[ColumnElement[bool]], by: Sequence[Any]
) -> tuple[tuple[Select[Any], Measures], ...]:
    """The grouped queries that count the versions ``where`` selects, by the values of ``by``.

    ``by`` is what the caller keeps counts apart by: the hub for one month's versions, or
    the time received and hub for a few versions of any month. Each row is the ``by``
    values, then what is counted, then how many.
    """
    # One small grouped query a measure: few groups each, where one query grouped by all
    # of them would have nearly a group a version. Grouped by the columns of the versions
    # chosen (``_chosen``): PostgreSQL refuses to group by a subquery that reads the
    # version's own columns, but not by the column of the result it makes.
    force = _in_force().label("in_force")
    outcome = V.__table__.c.outcome
    per_version: list[tuple[list[Any], Measures]] = [
        *(([V.__table__.c[name]], partial(_one, name)) for name in PLAIN),
        ([force, outcome], partial(_one, "outcome")),
        ([force, _first_contact().label("first_contact")], partial(_one, "first_contact")),
        ([force, outcome, _oldest().label("oldest")], _oldest_measures),
    ]
    found = [(_grouped(where, by, dims), measures) for dims, measures in per_version]
    versions, by_version = _chosen(
        where, by, V.id.label("id"), V.received_at.label("received"), V.pathway
    )
    for row, name in ((NeedRow, "need"), (ConcernRow, "concern")):
        column = row.__table__.c[name]
        found.append(
            (
                select(*by_version, column, func.count())
                .join(versions, versions.c.id == row.version_id)
                .group_by(*by_version, column),
                partial(_one, name),
            )
        )
    named = select(ConcernRow.version_id).where(ConcernRow.version_id == versions.c.id).exists()
    found.append(
        (
            select(*by_version, versions.c.pathway, func.count())
            .where(named)
            .group_by(*by_version, versions.c.pathway),
            partial(_one, "concern_pathway"),
        )
    )
    age = _child_age(versions.c.received).label("age")
    children = (ChildRow.unborn, age, ChildRow.gender, ChildRow.ethnicity)
    found.append(
        (
            select(*by_version, *children, func.count())
            .join(versions, versions.c.id == ChildRow.version_id)
            .group_by(*by_version, *(c.name for c in children)),
            _child_measures,
        )
    )
    overridden = [*where, V.final_pathway.is_not(None), V.final_pathway != V.pathway]
    found.append(
        (
            select(*by, V.pathway, V.final_pathway, func.count())
            .where(*overridden)
            .group_by(*by, V.pathway, V.final_pathway),
            partial(_one, "override"),
        )
    )
    # A trace is not grouped (PostgreSQL cannot compare JSON): a row and a count of 1 each.
    found.append((select(*by, V.trace, literal_column("1")).where(*overridden), _rule_measures))
    return tuple(found)


#: What counts of a few versions are kept apart by: the time received (its month) and hub.
BY_VERSION = (V.received_at, V.hub)


@cache
def _of_ids(current: bool) -> tuple[tuple[Select[Any], Measures], ...]:
    """:func:`queries` for versions given by id (``ids``), made once: a save runs them."""
    where: list[ColumnElement[bool]] = [V.id.in_(bindparam("ids", expanding=True))]
    if current:
        where.append(V.is_current == true())
    return queries(where, BY_VERSION)


def tally(
    session: Session,
    counting: Sequence[tuple[Select[Any], Measures]],
    width: int,
    params: dict[str, Any] | None = None,
) -> dict[tuple[Any, ...], Counter[Key]]:
    """Run ``counting`` (:func:`queries`, whose ``by`` had ``width`` values): counts by group."""
    out: dict[tuple[Any, ...], Counter[Key]] = defaultdict(Counter)
    for query, measures in counting:
        for row in session.execute(query, params or {}):
            group, values, n = tuple(row[:width]), tuple(row[width:-1]), row[-1]
            counts = out[group]
            for key in measures(values):
                counts[key] += n
    return dict(out)


def tally_versions(
    session: Session, ids: Sequence[int], *, current: bool
) -> dict[tuple[Any, ...], Counter[Key]]:
    """The counts of these versions (those still current, if ``current``), by month and hub."""
    return tally(session, _of_ids(current), len(BY_VERSION), {"ids": list(ids)})


def _one(name: str, values: tuple[Any, ...]) -> tuple[Key]:
    return ((name, values),)


def _rule_measures(values: tuple[Any, ...]) -> set[Key]:
    (trace,) = values
    return {("override_rule", (str(t.get("rule")),)) for t in trace or () if isinstance(t, dict)}


def _oldest_measures(values: tuple[Any, ...]) -> tuple[Key, ...]:
    force, outcome, oldest = values
    oldest = _whole(oldest)
    if oldest is None or oldest < OLDEST_FROM:
        return ()
    return (("oldest", (force, outcome, oldest)),)


def _child_measures(values: tuple[Any, ...]) -> list[Key]:
    unborn, age, gender, ethnicity = values
    unborn, age = bool(unborn), _whole(age)
    return [
        ("child_age", (unborn, None if unborn else age)),
        ("child_gender", (unborn, None if unborn else gender)),
        ("child_ethnicity", (ethnicity,)),
    ]


def _whole(age: Any) -> int | None:
    """An age as a whole number (PostgreSQL's ``EXTRACT`` gives a decimal)."""
    return None if age is None else int(age)
