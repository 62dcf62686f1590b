"""The month's figures of what happened after the front door (issue 18).

For the month's requests (current versions, as the rest of the figures): outcomes, overall
and by the pathway in force; requests that became early help episodes; timeliness (the
first contact that reached the family, within the route's timescale or not, by pathway);
overrides (how many, which way, and the rules of the routes overridden); re-referrals by the
time since the earlier request closed (under 3 months, 3–6, 6–12); and the requests naming
a child aged 16 and over, or 19 and over, by pathway and by outcome, as the scrutiny board
asked. All but the re-referrals are read from the month's kept counts
(``store.figure_counts``), counted as ``store.figure_tally`` defines them.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from triage_app.domain.vocabulary import Vocabularies
from triage_app.figures.counting import counted, measure, terms
from triage_app.figures.model import Breakdown, Count, OutcomeFigures
from triage_app.store.expressions import DaysBefore
from triage_app.store.figure_tally import CALLOUT_AGES, Key
from triage_app.store.lookup_models import RereferralRow

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


def _outcomes(counts: Counter[Key], vocab: Vocabularies) -> tuple[int, int, list[Breakdown]]:
    by_pair = measure(counts, "outcome")
    outcomes = terms(vocab.outcome)
    overall: Counter[Any] = Counter()
    by_pathway: Counter[Any] = Counter()
    for (pathway, outcome), n in by_pair.items():
        overall[outcome] += n
        by_pathway[pathway] += n
    out = [
        Breakdown("outcome", "Outcome", counted(overall, outcomes, STILL_OPEN)),
        Breakdown(
            "final_pathway",
            "Course of action in force (after overrides)",
            counted(by_pathway, terms(vocab.pathway), "—"),
        ),
    ]
    for code, label in terms(vocab.pathway):
        pathway_tally = Counter({o: n for (p, o), n in by_pair.items() if p == code})
        out.append(
            Breakdown(
                f"outcome:{code}",
                f"Outcomes, {label}",
                counted(pathway_tally, outcomes, STILL_OPEN),
            )
        )
    closed = sum(n for (_p, o), n in by_pair.items() if o is not None)
    return closed, overall.get(EPISODE, 0), out


def _timeliness(counts: Counter[Key], vocab: Vocabularies) -> list[Breakdown]:
    """First contact that reached the family, by its due time, by the pathway in force."""
    tallies: dict[str, Counter[Any]] = {"in_time": Counter(), "late": Counter(), "none": Counter()}
    for (pathway, when), n in measure(counts, "first_contact").items():
        tallies[when][pathway] += n
    pathways = terms(vocab.pathway)
    return [
        Breakdown(
            "first_contact_in_time",
            "First contact within the route's timescale, by course of action",
            counted(tallies["in_time"], pathways, "—"),
        ),
        Breakdown(
            "first_contact_late",
            "First contact later than the route's timescale, by course of action",
            counted(tallies["late"], pathways, "—"),
        ),
        Breakdown(
            "no_first_contact",
            "No contact with the family recorded, by course of action",
            counted(tallies["none"], pathways, "—"),
        ),
    ]


def _overrides(counts: Counter[Key], vocab: Vocabularies) -> tuple[int, list[Breakdown]]:
    rank = {code: i for i, code in enumerate(vocab.pathway.codes)}
    ways: Counter[Any] = Counter()
    for (pathway, final), n in measure(counts, "override").items():
        up = rank.get(final or "", len(rank)) < rank.get(pathway, len(rank))
        ways["up" if up else "down"] += n
    rules = Counter({str(rule): n for (rule,), n in measure(counts, "override_rule").items()})
    # Rules with equal counts by name: ``most_common`` keeps the order they were met in, which
    # follows the order of a set of names, so the last places changed from run to run.
    ranked = sorted(rules.items(), key=lambda item: (-item[1], item[0]))[:TOP_RULES]
    top = tuple(Count(rule, rule, n) for rule, n in ranked)
    return sum(ways.values()), [
        Breakdown(
            "override_direction",
            "Pathway overridden, which way",
            counted(ways, [("up", "More urgent"), ("down", "Less urgent")], "—"),
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
    the re-referrals' index, counted by interval in the database: under :data:`INTERVALS`'
    days means closed after the re-referral's time less that many days.
    """
    R = RereferralRow
    month = [R.received_at >= start, R.received_at < end]
    if hub is not None:
        month.append(R.hub == hub)
    interval = case(
        (R.earlier_closed_at.is_(None), NOT_CLOSED[0]),
        *(
            (R.earlier_closed_at > DaysBefore(R.received_at, days), code)
            for code, _label, days in INTERVALS
        ),
        else_=INTERVALS[-1][0],
    ).label("interval")
    query = select(interval, func.count()).where(*month).group_by("interval")
    tally: Counter[Any] = Counter({code: n for code, n in session.execute(query)})
    codes = [*((code, label) for code, label, _days in INTERVALS), NOT_CLOSED]
    return Breakdown(
        "rereferral_interval",
        "Re-referrals by time since the earlier request closed",
        counted(tally, codes, NOT_CLOSED[1]),
    )


def _older(counts: Counter[Key], at_least: int, vocab: Vocabularies) -> list[Breakdown]:
    """Requests naming a child of ``at_least`` years or more, by pathway and by outcome."""
    pathways: Counter[Any] = Counter()
    outcomes: Counter[Any] = Counter()
    for (pathway, outcome, age), n in measure(counts, "oldest").items():
        if age >= at_least:
            pathways[pathway] += n
            outcomes[outcome] += n
    return [
        Breakdown(
            f"aged_{at_least}_pathway",
            f"Requests naming a child aged {at_least} or over, by course of action",
            counted(pathways, terms(vocab.pathway), "—"),
        ),
        Breakdown(
            f"aged_{at_least}_outcome",
            f"Requests naming a child aged {at_least} or over, by outcome",
            counted(outcomes, terms(vocab.outcome), STILL_OPEN),
        ),
    ]


def outcome_figures(
    session: Session,
    counts: Counter[Key],
    *,
    start: datetime,
    end: datetime,
    hub: str | None,
    vocab: Vocabularies,
) -> OutcomeFigures:
    """The month's outcome figures from its counts (of the hub), and its re-referrals."""
    closed, episodes, outcomes = _outcomes(counts, vocab)
    overridden, overrides = _overrides(counts, vocab)
    return OutcomeFigures(
        closed=closed,
        early_help_episodes=episodes,
        overridden=overridden,
        breakdowns=(
            *outcomes,
            *_timeliness(counts, vocab),
            *overrides,
            _rereferral_intervals(session, start, end, hub),
            *(row for age in CALLOUT_AGES for row in _older(counts, age, vocab)),
        ),
    )
