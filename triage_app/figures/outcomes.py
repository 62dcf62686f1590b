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

from sqlalchemy import (
    ColumnElement,
    String,
    case,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import Session

from triage_app.domain.vocabulary import Vocabularies
from triage_app.figures.model import Breakdown, Count, OutcomeFigures
from triage_app.figures.sql import age_at
from triage_app.store.life_models import ContactAttempt
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
#: A re-referral whose earlier requests were none of them closed when it came: a row of its
#: own, with a code, listed every month like the intervals (zero included).
NOT_CLOSED = ("not_closed", "Earlier request not closed")
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


def _age() -> ColumnElement[Any]:
    """A child's age when the request was received: from the date of birth, else as given."""
    return case(
        (ChildRow.date_of_birth.is_not(None), age_at(ChildRow.date_of_birth, V.received_at)),
        else_=ChildRow.age_years,
    )


#: One kind of the month's requests, as the outcome figures count them: the pathway in
#: force, the outcome (None: still open), the first contact that reached the family
#: (``in_time``, ``late`` or ``none``) and the age of the oldest child born (None: no age).
Kind = tuple[str, str | None, str, int | None]


def _by_request(session: Session, where: list[Any]) -> Counter[Kind]:
    """The month's requests counted by :data:`Kind`, in one pass over their index.

    Outcomes, timeliness and the older children are all counted from this one grouped query
    (they were four, each reading the month's versions again). The first contact is one seek
    per request into ``ix_contact_attempts_request``, the oldest child one into
    ``ix_children_version``.
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
    oldest = (
        select(func.max(_age()))
        .where(ChildRow.version_id == V.id, ChildRow.unborn.is_(False))
        .correlate(V)
        .scalar_subquery()
    )
    query = (
        select(_in_force(), V.outcome, state.label("state"), oldest.label("oldest"), func.count())
        .where(*where)
        .group_by(_in_force(), V.outcome, "state", "oldest")
    )
    tally: Counter[Kind] = Counter()
    for pathway, outcome, when, age, n in session.execute(query):
        tally[(pathway, outcome, when, age)] += n
    return tally


def _outcomes(tally: Counter[Kind], vocab: Vocabularies) -> tuple[int, int, list[Breakdown]]:
    by_pair: Counter[tuple[str, str | None]] = Counter()
    for (pathway, outcome, _when, _age), n in tally.items():
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
        pathway_tally = Counter({o: n for (p, o), n in by_pair.items() if p == code})
        out.append(
            Breakdown(
                f"outcome:{code}",
                f"Outcomes, {label}",
                _counted(pathway_tally, outcomes, STILL_OPEN),
            )
        )
    closed = sum(n for (_p, o), n in by_pair.items() if o is not None)
    return closed, overall.get(EPISODE, 0), out


def _timeliness(tally: Counter[Kind], vocab: Vocabularies) -> list[Breakdown]:
    """First contact that reached the family, by its due time, by the pathway in force."""
    tallies: dict[str, Counter[Any]] = {"in_time": Counter(), "late": Counter(), "none": Counter()}
    for (pathway, _outcome, when, _age), n in tally.items():
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
    # Rules with equal counts by name: ``most_common`` keeps the order they were met in, which
    # follows the order of a set of names, so the last places changed from run to run.
    ranked = sorted(rules.items(), key=lambda item: (-item[1], item[0]))[:TOP_RULES]
    top = tuple(Count(rule, rule, n) for rule, n in ranked)
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

    The earlier requests are the ones that made it a re-referral, and their latest closing
    as things stood when it was received is kept with it (``rereferrals.earlier_closed_at``,
    worked out by ``store.rereferrals`` with the answer itself), so the month is one range of
    the re-referrals' index. The two times come as the driver gives them (text on SQLite):
    turning thousands into aware times through the column type would take longer than the
    query.
    """
    R = RereferralRow
    month = [R.received_at >= start, R.received_at < end]
    if hub is not None:
        month.append(R.hub == hub)
    times = session.execute(
        select(type_coerce(R.received_at, String), type_coerce(R.earlier_closed_at, String)).where(
            *month
        )
    )
    tally: Counter[Any] = Counter()
    for came, went in times:
        tally[NOT_CLOSED[0] if went is None else _interval(_moment(came) - _moment(went))] += 1
    codes = [*((code, label) for code, label, _days in INTERVALS), NOT_CLOSED]
    return Breakdown(
        "rereferral_interval",
        "Re-referrals by time since the earlier request closed",
        _counted(tally, codes, NOT_CLOSED[1]),
    )


def _moment(value: datetime | str) -> datetime:
    """A stored time as the driver gave it (a time, or SQLite's text for one in UTC)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _interval(since: timedelta) -> str:
    return next((code for code, _l, days in INTERVALS if since.days < days), INTERVALS[-1][0])


def _older(tally: Counter[Kind], at_least: int, vocab: Vocabularies) -> list[Breakdown]:
    """Requests naming a child of ``at_least`` years or more, by pathway and by outcome."""
    pathways: Counter[Any] = Counter()
    outcomes: Counter[Any] = Counter()
    for (pathway, outcome, _when, age), n in tally.items():
        if age is not None and age >= at_least:
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
    tally = _by_request(session, where)
    closed, episodes, outcomes = _outcomes(tally, vocab)
    overridden, overrides = _overrides(session, where, start, end, vocab)
    return OutcomeFigures(
        closed=closed,
        early_help_episodes=episodes,
        overridden=overridden,
        breakdowns=(
            *outcomes,
            *_timeliness(tally, vocab),
            *overrides,
            _rereferral_intervals(session, start, end, hub),
            *_older(tally, 16, vocab),
            *_older(tally, 19, vocab),
        ),
    )
