"""The month's figures of what happened after the front door (issue 18).

For the month's requests (current versions, as the rest of the figures): outcomes, overall
and by the pathway in force; requests that became early help episodes; timeliness (the
first contact that reached the family, within the route's timescale or not, by pathway);
overrides (how many, which way, and the rules of the routes overridden); re-referrals by the
time since the earlier request closed (under 3 months, 3–6, 6–12); and the requests naming
a child aged 16 and over, or 19 and over, by pathway and by outcome, as the scrutiny board
asked. Each is a few grouped queries over the month's versions.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, aliased

from triage_app.domain.life import CLOSED
from triage_app.domain.vocabulary import Vocabularies
from triage_app.figures.model import Breakdown, Count, OutcomeFigures
from triage_app.figures.sql import age_at
from triage_app.store.life_models import ContactAttempt, StatusChange
from triage_app.store.models import ChildRow, RequestVersion, RereferralRow

V = RequestVersion
EPISODE = "early_help_episode"
STILL_OPEN = "Not closed yet"
#: Re-referral intervals: (code, label, days since the earlier request closed, below).
INTERVALS = (
    ("under_3_months", "Under 3 months", 91),
    ("3_to_6_months", "3 to 6 months", 183),
    ("6_to_12_months", "6 to 12 months", 366),
)
TOP_RULES = 10


def _counted(tally: Counter[Any], codes: list[tuple[str, str]], none: str) -> tuple[Count, ...]:
    rows = [Count(code, label, tally.get(code, 0)) for code, label in codes]
    known = {code for code, _label in codes}
    rows += [Count(c, c, n) for c, n in sorted(tally.items(), key=str) if c and c not in known]
    if tally.get(None):
        rows.append(Count(None, none, tally[None]))
    return tuple(rows)


def _terms(vocabulary: Any) -> list[tuple[str, str]]:
    return [(t.code, t.label) for t in vocabulary]


def _in_force() -> ColumnElement[Any]:
    return func.coalesce(V.final_pathway, V.pathway)


def _outcomes(
    session: Session, where: list[Any], vocab: Vocabularies
) -> tuple[int, int, list[Breakdown]]:
    by_pair: Counter[tuple[str, str | None]] = Counter()
    for pathway, outcome, n in session.execute(
        select(_in_force(), V.outcome, func.count()).where(*where).group_by(_in_force(), V.outcome)
    ):
        by_pair[(pathway, outcome)] += n
    outcomes = _terms(vocab.outcome)
    overall: Counter[Any] = Counter()
    by_pathway: Counter[Any] = Counter()
    for (pathway, outcome), n in by_pair.items():
        overall[outcome] += n
        by_pathway[pathway] += n
    out = [
        Breakdown("outcome", "Outcome", _counted(overall, outcomes, STILL_OPEN)),
        Breakdown(
            "final_pathway",
            "Course of action in force (after overrides)",
            _counted(by_pathway, _terms(vocab.pathway), "—"),
        ),
    ]
    for code, label in _terms(vocab.pathway):
        tally = Counter({o: n for (p, o), n in by_pair.items() if p == code})
        out.append(
            Breakdown(
                f"outcome:{code}", f"Outcomes, {label}", _counted(tally, outcomes, STILL_OPEN)
            )
        )
    closed = sum(n for (_p, o), n in by_pair.items() if o is not None)
    return closed, overall.get(EPISODE, 0), out


def _timeliness(session: Session, where: list[Any], vocab: Vocabularies) -> list[Breakdown]:
    """First contact that reached the family, by its due time, by the pathway in force.

    The first contact is one seek per request into ``ix_contact_attempts_request``.
    """
    first = (
        select(func.min(ContactAttempt.at))
        .where(ContactAttempt.request_id == V.request_id, ContactAttempt.reached)
        .correlate(V)
        .scalar_subquery()
    )
    state = case(
        (first.is_(None), "none"),
        (or_(V.due_at.is_(None), first <= V.due_at), "in_time"),
        else_="late",
    )
    tallies: dict[str, Counter[Any]] = {"in_time": Counter(), "late": Counter(), "none": Counter()}
    for pathway, when, n in session.execute(
        select(_in_force(), state.label("state"), func.count())
        .where(*where)
        .group_by(_in_force(), "state")
    ):
        tallies[when][pathway] += n
    terms = _terms(vocab.pathway)
    return [
        Breakdown(
            "first_contact_in_time",
            "First contact within the route's timescale, by course of action",
            _counted(tallies["in_time"], terms, "—"),
        ),
        Breakdown(
            "first_contact_late",
            "First contact later than the route's timescale, by course of action",
            _counted(tallies["late"], terms, "—"),
        ),
        Breakdown(
            "no_first_contact",
            "No contact with the family recorded, by course of action",
            _counted(tallies["none"], terms, "—"),
        ),
    ]


def _overrides(
    session: Session, where: list[Any], start: datetime, end: datetime, vocab: Vocabularies
) -> tuple[int, list[Breakdown]]:
    rank = {code: i for i, code in enumerate(vocab.pathway.codes)}
    ways: Counter[Any] = Counter()
    for pathway, final, n in session.execute(
        select(V.pathway, V.final_pathway, func.count())
        .where(*where, V.final_pathway.is_not(None), V.final_pathway != V.pathway)
        .group_by(V.pathway, V.final_pathway)
    ):
        up = rank.get(final or "", len(rank)) < rank.get(pathway, len(rank))
        ways["up" if up else "down"] += n
    overridden = select(V.id).where(
        *where, V.final_pathway.is_not(None), V.final_pathway != V.pathway
    )
    ids = list(session.execute(overridden).scalars())
    rules: Counter[str] = Counter()
    traces = session.execute(select(V.trace).where(V.id.in_(ids))).scalars() if ids else ()
    for trace in traces:
        rules.update({str(t.get("rule")) for t in trace if isinstance(t, dict)})
    top = tuple(Count(rule, rule, n) for rule, n in rules.most_common(TOP_RULES))
    return sum(ways.values()), [
        Breakdown(
            "override_direction",
            "Pathway overridden, which way",
            _counted(ways, [("up", "More urgent"), ("down", "Less urgent")], "—"),
        ),
        Breakdown("override_rule", "Rules of the routes most overridden", top),
    ]


def _rereferral_intervals(
    session: Session, start: datetime, end: datetime, hub: str | None
) -> Breakdown:
    """Each of the month's re-referrals by the time since an earlier request closed.

    The earlier requests are the family's (same phone, or surname and postcode), each found
    by a seek into its index, as ``store.rereferrals`` finds them; the latest closing of one
    before the re-referral was received counts (a seek into ``ix_status_changes_request``).
    """
    earlier = aliased(V, name="earlier")
    closed_at = (
        select(func.max(StatusChange.at))
        .where(StatusChange.request_id == earlier.request_id, StatusChange.to_status == CLOSED)
        .correlate(earlier)
        .scalar_subquery()
    )
    where = [RereferralRow.received_at >= start, RereferralRow.received_at < end]
    if hub is not None:
        where.append(RereferralRow.hub == hub)
    month = list(session.execute(select(RereferralRow.version_id).where(*where)).scalars())
    latest: dict[int, tuple[datetime, datetime | None]] = {}
    same_phone = and_(earlier.phone_key == V.phone_key)
    same_family = and_(
        earlier.family_last_name_key == V.family_last_name_key,
        earlier.postcode_key == V.postcode_key,
    )
    for same in (same_phone, same_family) if month else ():
        for vid, received, closed in session.execute(
            select(V.id, V.received_at, closed_at)
            .join(
                earlier,
                and_(
                    same,
                    earlier.is_current,
                    earlier.received_at <= V.received_at,
                    earlier.request_id != V.request_id,
                ),
            )
            .where(V.id.in_(month))
        ):
            was = latest.get(vid, (received, None))[1]
            if closed is not None and closed <= received and (was is None or closed > was):
                was = closed
            latest[vid] = (received, was)
    tally: Counter[Any] = Counter({None: len(month) - len(latest)})
    for came, went in latest.values():
        tally[_interval(came - went) if went is not None else None] += 1
    codes = [(code, label) for code, label, _days in INTERVALS]
    return Breakdown(
        "rereferral_interval",
        "Re-referrals by time since the earlier request closed",
        _counted(tally, codes, "Earlier request not closed (or found by a child's name)"),
    )


def _interval(since: timedelta) -> str:
    return next((code for code, _l, days in INTERVALS if since.days < days), INTERVALS[-1][0])


def _older(
    session: Session, where: list[Any], at_least: int, vocab: Vocabularies
) -> list[Breakdown]:
    """Requests naming a child of ``at_least`` years or more, by pathway and by outcome."""
    age = case(
        (ChildRow.date_of_birth.is_not(None), age_at(ChildRow.date_of_birth, V.received_at)),
        else_=ChildRow.age_years,
    )
    named = (
        select(ChildRow.version_id)
        .join(V, V.id == ChildRow.version_id)
        .where(*where, ChildRow.unborn.is_(False), age >= at_least)
    )
    pathways: Counter[Any] = Counter()
    outcomes: Counter[Any] = Counter()
    for pathway, outcome, n in session.execute(
        select(_in_force(), V.outcome, func.count())
        .where(V.id.in_(named))
        .group_by(_in_force(), V.outcome)
    ):
        pathways[pathway] += n
        outcomes[outcome] += n
    return [
        Breakdown(
            f"aged_{at_least}_pathway",
            f"Requests naming a child aged {at_least} or over, by course of action",
            _counted(pathways, _terms(vocab.pathway), "—"),
        ),
        Breakdown(
            f"aged_{at_least}_outcome",
            f"Requests naming a child aged {at_least} or over, by outcome",
            _counted(outcomes, _terms(vocab.outcome), STILL_OPEN),
        ),
    ]


def outcome_figures(
    session: Session,
    where: list[Any],
    *,
    start: datetime,
    end: datetime,
    hub: str | None,
    vocab: Vocabularies,
) -> OutcomeFigures:
    """The month's outcome figures; ``where`` selects its current versions (of the hub)."""
    closed, episodes, outcomes = _outcomes(session, where, vocab)
    overridden, overrides = _overrides(session, where, start, end, vocab)
    return OutcomeFigures(
        closed=closed,
        early_help_episodes=episodes,
        overridden=overridden,
        breakdowns=(
            *outcomes,
            *_timeliness(session, where, vocab),
            *overrides,
            _rereferral_intervals(session, start, end, hub),
            *_older(session, where, 16, vocab),
            *_older(session, where, 19, vocab),
        ),
    )
