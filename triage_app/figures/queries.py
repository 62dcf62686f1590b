"""The monthly figures, counted by the database: a few indexed queries over one month.

Each query reads only indexes, never the (wide) version rows: the month's current versions
through ``ix_request_versions_current_received`` (or ``..._current_hub_received`` for one
hub), which hold every column a breakdown groups by; their needs and children through
``ix_request_needs_version`` and ``ix_children_version``, which hold what is counted. The
needs are looked up for the month's version ids taken in order (``IN``), not in the order
the month's versions were received, so successive look-ups land on neighbouring pages. Each
returns a few hundred grouped rows at most, summed into breakdowns here. The 12-month trend
is a range count per month and course of action (``ix_request_versions_current_pathway``),
so it reads index entries without sorting them. Re-referrals are kept as requests change
(``store.rereferrals``), so the month's are one range of their own index.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select, true
from sqlalchemy.orm import Session

from triage_app.domain.vocabulary import Vocabularies
from triage_app.figures.model import Breakdown, Count, MonthlyFigures, TrendPoint
from triage_app.figures.outcomes import outcome_figures
from triage_app.figures.period import Month
from triage_app.figures.sql import age_at
from triage_app.store.models import (
    ChildRow,
    ConcernRow,
    NeedRow,
    RequestVersion,
    RereferralRow,
)
from triage_app.store.rereferrals import WINDOW_DAYS

#: The ages the scrutiny board asked to see called out: "aged 16 and over", "aged 19 and over".
CALLOUT_AGES = (16, 19)
#: Children not yet born: a row of their own by age and by gender, as the annual report's
#: table 3.5 has them, not "Under 1" nor a gender not recorded.
UNBORN = ("unborn", "Unborn")
TREND_MONTHS = 12
NOT_RECORDED = "Not recorded"

V = RequestVersion


def _period(start: datetime, end: datetime, hub: str | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        V.is_current == true(),
        V.received_at >= start,
        V.received_at < end,
    ]
    if hub is not None:
        where.append(V.hub == hub)
    return where


def _counts(
    tally: Counter[Any], codes: Iterable[tuple[str, str]], none_label: str = NOT_RECORDED
) -> tuple[Count, ...]:
    """Vocabulary order with zeros, then codes the vocabulary no longer has, then None."""
    rows = [Count(code, label, tally.get(code, 0)) for code, label in codes]
    known = {r.code for r in rows}
    rows += [Count(c, c, n) for c, n in sorted(tally.items(), key=_key) if c not in known and c]
    if tally.get(None):
        rows.append(Count(None, none_label, tally[None]))
    return tuple(rows)


def _key(item: tuple[Hashable, int]) -> str:
    return str(item[0])


def _request_breakdowns(
    session: Session, where: list[ColumnElement[bool]], vocab: Vocabularies
) -> tuple[int, tuple[Breakdown, ...]]:
    dims = (V.contact_method, V.source, V.primary_need, V.pathway, V.hub)
    tallies: list[Counter[Any]] = [Counter() for _ in dims]
    total = 0
    for *codes, n in session.execute(select(*dims, func.count()).where(*where).group_by(*dims)):
        total += n
        for tally, code in zip(tallies, codes, strict=True):
            tally[code] += n
    needs: Counter[Any] = Counter()
    month = select(V.id).where(*where)
    for need, n in session.execute(
        select(NeedRow.need, func.count())
        .where(NeedRow.version_id.in_(month))
        .group_by(NeedRow.need)
    ):
        needs[need] += n
    concerns, concern_pathway = _concerns(session, month)
    contact, source, primary, pathway, hub = tallies
    return total, (
        Breakdown("contact_method", "How people asked for help",
                  _counts(contact, _terms(vocab.contact_method))),
        Breakdown("source", "Who asked", _counts(source, _terms(vocab.source))),
        Breakdown("primary_need", "Presenting need (main)", _counts(primary, _terms(vocab.need))),
        Breakdown("need", "All presenting needs named", _counts(needs, _terms(vocab.need))),
        Breakdown("pathway", "Course of action", _counts(pathway, _terms(vocab.pathway))),
        Breakdown("concern", "Safeguarding concerns named",
                  _counts(concerns, _terms(vocab.concern))),
        Breakdown("concern_pathway", "Course of action, requests with a concern",
                  _counts(concern_pathway, _terms(vocab.pathway))),
        Breakdown("hub", "Family Hub", _counts(hub, _terms(vocab.hub), "No hub")),
    )  # fmt: skip


def _concerns(session: Session, month: Any) -> tuple[Counter[Any], Counter[Any]]:
    """Requests naming each concern; and the requests naming any, by course of action.

    Read from ``ix_request_concerns_version`` by the month's version ids, as the needs are.
    """
    concerns: Counter[Any] = Counter()
    for concern, n in session.execute(
        select(ConcernRow.concern, func.count())
        .where(ConcernRow.version_id.in_(month))
        .group_by(ConcernRow.concern)
    ):
        concerns[concern] += n
    named = select(ConcernRow.version_id).where(ConcernRow.version_id.in_(month))
    by_pathway: Counter[Any] = Counter()
    for pathway, n in session.execute(
        select(V.pathway, func.count()).where(V.id.in_(named)).group_by(V.pathway)
    ):
        by_pathway[pathway] += n
    return concerns, by_pathway


def _terms(vocabulary: Iterable[Any]) -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in vocabulary]


def _child_ages(session: Session, where: list[ColumnElement[bool]]) -> Any:
    """Children of the period grouped by unborn, age at the request, gender and ethnicity.

    The age is worked out once per child here and banded in Python over the few hundred
    groups, rather than in SQL once per band.
    """
    age = case(
        (ChildRow.date_of_birth.is_not(None), age_at(ChildRow.date_of_birth, V.received_at)),
        else_=ChildRow.age_years,
    )
    dims = (ChildRow.unborn, age.label("age"), ChildRow.gender, ChildRow.ethnicity)
    query = (
        select(*dims, func.count())
        .join(V, V.id == ChildRow.version_id)
        .where(*where)
        .group_by(ChildRow.unborn, "age", ChildRow.gender, ChildRow.ethnicity)
    )
    return session.execute(query)


def _band(age: int | None, vocab: Vocabularies) -> str | None:
    if age is None:
        return None
    return next((b.code for b in vocab.age_bands if b.holds(age)), None)


def _child_breakdowns(
    session: Session, where: list[ColumnElement[bool]], vocab: Vocabularies
) -> tuple[int, tuple[int, ...], tuple[Breakdown, ...]]:
    band: Counter[Any] = Counter()
    gender: Counter[Any] = Counter()
    ethnicity: Counter[Any] = Counter()
    callouts = [0] * len(CALLOUT_AGES)
    total = 0
    for unborn, age, g, e, n in _child_ages(session, where):
        total += n
        band[UNBORN[0] if unborn else _band(age, vocab)] += n
        gender[UNBORN[0] if unborn else g or "not_recorded"] += n
        ethnicity[e or "not_recorded"] += n
        for i, at_least in enumerate(CALLOUT_AGES):
            callouts[i] += n if not unborn and age is not None and age >= at_least else 0
    bands = [(b.code, b.label) for b in vocab.age_bands]
    return total, tuple(callouts), (
        Breakdown("age_band", "Children by age",
                  _counts(band, [*bands, UNBORN], "Age not recorded")),
        Breakdown("gender", "Children by gender", _counts(gender, [*_terms(vocab.gender), UNBORN])),
        Breakdown("ethnicity", "Children by ethnicity",
                  _counts(ethnicity, _terms(vocab.ethnicity))),
    )  # fmt: skip


def _rereferrals(session: Session, month: Month, hub: str | None) -> int:
    """The month's current versions that are re-referrals: one range of their own index."""
    R = RereferralRow
    where = [R.received_at >= month.starts, R.received_at < month.ends]
    if hub is not None:
        where.append(R.hub == hub)
    return int(session.execute(select(func.count()).where(*where)).scalar_one())


def _pathways(session: Session, hub: str | None) -> list[str]:
    """Every course of action current versions have (of this hub): one index seek each."""
    found: list[str] = []
    while True:
        query = select(func.min(V.pathway)).where(V.is_current == true())
        if hub is not None:
            query = query.where(V.hub == hub)
        if found:
            query = query.where(V.pathway > found[-1])
        code = session.execute(query).scalar()
        if code is None:
            return found
        found.append(code)


def _trend(
    session: Session, month: Month, hub: str | None, vocab: Vocabularies
) -> tuple[TrendPoint, ...]:
    """Requests month by month and by course of action: one range count for each pair.

    ``ix_request_versions_current_pathway`` (``..._current_hub_pathway``) orders entries by
    course of action then time, so each count reads just its month's entries, unsorted; a
    GROUP BY over a year of versions sorts half a million of them at a million requests.
    """
    months = [month.plus(i - TREND_MONTHS + 1) for i in range(TREND_MONTHS)]
    pathways = _pathways(session, hub)
    hub_filter = [] if hub is None else [V.hub == hub]
    cells = [
        select(func.count())
        .where(
            V.is_current == true(),
            *hub_filter,
            V.pathway == pathway,
            V.received_at >= m.starts,
            V.received_at < m.ends,
        )
        .scalar_subquery()
        for m in months
        for pathway in pathways
    ]
    counts = iter(session.execute(select(*cells)).one() if cells else ())
    tallies = [Counter({p: int(next(counts)) for p in pathways}) for _ in months]
    return tuple(
        TrendPoint(m, sum(t.values()), _counts(t, _terms(vocab.pathway)))
        for m, t in zip(months, tallies, strict=True)
    )


def monthly_figures(
    session: Session, month: Month, hub: str | None, vocab: Vocabularies, now: datetime
) -> MonthlyFigures:
    """The Here to Help figures for one month (local time), one hub or all (``hub=None``).

    ``hub`` must be a known hub code (the CLI and the window check it against ``vocab``);
    ``now`` is when the report is produced, printed on it.
    """
    where = _period(month.starts, month.ends, hub)
    requests, requests_by = _request_breakdowns(session, where, vocab)
    children, (aged_16, aged_19), children_by = _child_breakdowns(session, where, vocab)
    return MonthlyFigures(
        month=month,
        hub=hub,
        hub_label=vocab.hub_by_code(hub).name if hub else "All hubs",
        produced_at=now,
        requests=requests,
        rereferrals=_rereferrals(session, month, hub),
        rereferral_window_days=WINDOW_DAYS,
        children=children,
        children_aged_16_and_over=aged_16,
        children_aged_19_and_over=aged_19,
        requests_by=requests_by,
        children_by=children_by,
        trend=_trend(session, month, hub, vocab),
        outcomes=outcome_figures(
            session, where, start=month.starts, end=month.ends, hub=hub, vocab=vocab
        ),
    )
