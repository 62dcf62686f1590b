"""The monthly figures, read from the month's kept counts: a few hundred rows, not its versions.

A month's counts are kept as versions become current (``store.figure_counts``), counted by
one definition (``store.figure_tally``); here they are summed over the hubs asked for and
turned into the report's breakdowns, in the vocabulary's order. The 12-month trend is the
``pathway`` measure of the twelve months; re-referrals are kept as requests change
(``store.rereferrals``), so the month's are one range of their own index.
:func:`recounted_figures` gives the same figures worked out from the versions themselves,
for a check of the kept counts.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from triage_app.domain.months import Month
from triage_app.domain.vocabulary import Vocabularies
from triage_app.figures.counting import counted, first_values, measure, terms
from triage_app.figures.model import Breakdown, MonthlyFigures, TrendPoint
from triage_app.figures.outcomes import outcome_figures
from triage_app.store import figure_counts
from triage_app.store.count_models import NO_HUB
from triage_app.store.figure_tally import CALLOUT_AGES, Key
from triage_app.store.lookup_models import RereferralRow
from triage_app.store.rereferrals import WINDOW_DAYS

#: Children not yet born: a row of their own by age and by gender, as the annual report's
#: table 3.5 has them, not "Under 1" nor a gender not recorded.
UNBORN = ("unborn", "Unborn")
TREND_MONTHS = 12
NOT_RECORDED = "Not recorded"


def _request_breakdowns(
    counts: Counter[Key], by_hub: figure_counts.ByHub, vocab: Vocabularies
) -> tuple[int, tuple[Breakdown, ...]]:
    def of(name: str, vocabulary: Any, none: str = NOT_RECORDED) -> tuple[Any, ...]:
        return counted(first_values(counts, name), terms(vocabulary), none)

    hubs = Counter(
        {
            None if hub == NO_HUB else hub: sum(measure(c, "pathway").values())
            for hub, c in by_hub.items()
        }
    )
    return sum(hubs.values()), (
        Breakdown("contact_method", "How people asked for help",
                  of("contact_method", vocab.contact_method)),
        Breakdown("source", "Who asked", of("source", vocab.source)),
        Breakdown("primary_need", "Presenting need (main)", of("primary_need", vocab.need)),
        Breakdown("need", "All presenting needs named", of("need", vocab.need)),
        Breakdown("pathway", "Course of action", of("pathway", vocab.pathway)),
        Breakdown("concern", "Safeguarding concerns named", of("concern", vocab.concern)),
        Breakdown("concern_pathway", "Course of action, requests with a concern",
                  of("concern_pathway", vocab.pathway)),
        Breakdown("hub", "Family Hub", counted(hubs, terms(vocab.hub), "No hub")),
    )  # fmt: skip


def _band(age: int | None, vocab: Vocabularies) -> str | None:
    if age is None:
        return None
    return next((b.code for b in vocab.age_bands if b.holds(age)), None)


def _child_breakdowns(
    counts: Counter[Key], vocab: Vocabularies
) -> tuple[int, tuple[int, ...], tuple[Breakdown, ...]]:
    band: Counter[Any] = Counter()
    callouts = [0] * len(CALLOUT_AGES)
    for (unborn, age), n in measure(counts, "child_age").items():
        band[UNBORN[0] if unborn else _band(age, vocab)] += n
        for i, at_least in enumerate(CALLOUT_AGES):
            callouts[i] += n if not unborn and age is not None and age >= at_least else 0
    gender: Counter[Any] = Counter()
    for (unborn, g), n in measure(counts, "child_gender").items():
        gender[UNBORN[0] if unborn else g or "not_recorded"] += n
    ethnicity: Counter[Any] = Counter()
    for (e,), n in measure(counts, "child_ethnicity").items():
        ethnicity[e or "not_recorded"] += n
    bands = [(b.code, b.label) for b in vocab.age_bands]
    return sum(band.values()), tuple(callouts), (
        Breakdown("age_band", "Children by age",
                  counted(band, [*bands, UNBORN], "Age not recorded")),
        Breakdown("gender", "Children by gender",
                  counted(gender, [*terms(vocab.gender), UNBORN], NOT_RECORDED)),
        Breakdown("ethnicity", "Children by ethnicity",
                  counted(ethnicity, terms(vocab.ethnicity), NOT_RECORDED)),
    )  # fmt: skip


def _rereferrals(session: Session, month: Month, hub: str | None) -> int:
    """The month's current versions that are re-referrals: one range of their own index."""
    R = RereferralRow
    where = [R.received_at >= month.starts, R.received_at < month.ends]
    if hub is not None:
        where.append(R.hub == hub)
    return int(session.execute(select(func.count()).where(*where)).scalar_one())


def _trend(
    session: Session, month: Month, hub: str | None, vocab: Vocabularies
) -> tuple[TrendPoint, ...]:
    """Requests month by month and by course of action: the kept ``pathway`` counts."""
    months = [month.plus(i - TREND_MONTHS + 1) for i in range(TREND_MONTHS)]
    kept = figure_counts.read_measure(session, months, hub, "pathway")
    return tuple(
        TrendPoint(
            m,
            sum(kept[m.code].values()),
            counted(
                Counter({v[0]: n for v, n in kept[m.code].items()}),
                terms(vocab.pathway),
                NOT_RECORDED,
            ),
        )
        for m in months
    )


def monthly_figures(
    session: Session, month: Month, hub: str | None, vocab: Vocabularies, now: datetime
) -> MonthlyFigures:
    """The Here to Help figures for one month (local time), one hub or all (``hub=None``).

    ``hub`` must be a known hub code (the CLI and the window check it against ``vocab``);
    ``now`` is when the report is produced, printed on it.
    """
    return _figures(session, month, hub, vocab, now, by_hub=figure_counts.read(session, month, hub))


def recounted_figures(
    session: Session, month: Month, hub: str | None, vocab: Vocabularies, now: datetime
) -> MonthlyFigures:
    """:func:`monthly_figures` worked out from the month's versions, not the kept counts."""
    by_hub = figure_counts.count_month(session, month)
    if hub is not None:
        by_hub = {hub: by_hub.get(hub, Counter())}
    return _figures(session, month, hub, vocab, now, by_hub=by_hub)


def _figures(
    session: Session,
    month: Month,
    hub: str | None,
    vocab: Vocabularies,
    now: datetime,
    *,
    by_hub: figure_counts.ByHub,
) -> MonthlyFigures:
    counts: Counter[Key] = sum(by_hub.values(), Counter())
    requests, requests_by = _request_breakdowns(counts, by_hub, vocab)
    children, (aged_16, aged_19), children_by = _child_breakdowns(counts, vocab)
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
            session, counts, start=month.starts, end=month.ends, hub=hub, vocab=vocab
        ),
    )
