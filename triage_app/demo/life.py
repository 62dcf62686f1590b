"""Demo requests' life after the front door: most older ones closed, as a real service's are.

A service works its requests: a demo whose every request stayed open would show a follow-up
queue of thousands, all overdue. So requests received more than :data:`WORKING_DAYS_OPEN`
days before ``now`` are closed with an outcome their pathway makes likely, after one to
three attempts to reach the family and a note, their actions settled; a few of them are left
in progress, and recent ones stay open, so a demo queue holds a few dozen items per hub. A
few requests have an upward override. Everything is drawn from a seeded generator, so a demo
is the same each time.

The closure goes with the version loaded (``version`` 1), as if the request was taken and
worked before the central system heard of it. :func:`work_one` decides one request's life,
as rows; the SQLite bulk load writes them with the request's own rows
(``triage_app.demo.rows``), and :func:`work_older_requests` writes them for requests already
stored (the PostgreSQL load, and older requests of a file loaded before). Everything here is
synthetic.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, text, update

from triage_app.accounts.demo import DEMO_USERNAME
from triage_app.domain.life import CLOSED, DONE, IN_PROGRESS, NOT_NEEDED, OPEN, UP
from triage_app.store import rereferrals
from triage_app.store.bulk import copy_rows
from triage_app.store.database import Database
from triage_app.store.due_times import fill_due_times
from triage_app.store.life_models import ContactAttempt, PathwayOverride, RequestNote, StatusChange
from triage_app.store.models import RequestVersion, table_of
from triage_app.store.types import UTCDateTime
from triage_app.store.version_models import ActionRow

#: Requests received within this many days of ``now`` are left open.
WORKING_DAYS_OPEN = 14
#: Of older requests, the share still in progress (a long piece of work, say).
STILL_IN_PROGRESS = 0.01
#: Of requests, the share whose pathway staff raised.
OVERRIDDEN_UP = 0.02

#: Outcomes each pathway makes likely, with their weights (drawn from the report's shares).
OUTCOMES: dict[str, tuple[tuple[str, int], ...]] = {
    "emergency": (("emergency_services", 7), ("stepped_up_mash", 3)),
    "social_care": (("stepped_up_mash", 15), ("early_help_episode", 3), ("no_further_action", 2)),
    "early_help": (
        ("early_help_episode", 60), ("family_declined", 15), ("no_contact", 12),
        ("partner_taken_up", 8), ("advice_given", 5),
    ),
    "signpost": (
        ("partner_taken_up", 55), ("partner_not_taken_up", 20), ("no_contact", 10),
        ("advice_given", 15),
    ),
    "advice": (("advice_given", 17), ("no_further_action", 3)),
}  # fmt: skip
#: Each pathway's outcomes and their cumulative weights, as ``random.choices`` takes them.
_DRAWS = {
    pathway: ([c for c, _w in choices], list(accumulate(w for _c, w in choices)))
    for pathway, choices in OUTCOMES.items()
}
_NOTES = {
    "early_help_episode": "Family agreed to an Early Help Assessment; key worker allocated.",
    "stepped_up_mash": "Referred to MASH the same day; decision received.",
    "partner_taken_up": "Partner confirmed the family has an appointment.",
    "partner_not_taken_up": "Family did not go to the partner; details given again.",
    "advice_given": "Advice given on the phone; leaflet sent.",
    "family_declined": "Parent thanked us but does not want support now.",
    "no_contact": "Three attempts, no answer; letter sent with the freephone number.",
    "emergency_services": "Police attended; safeguarding referral made after.",
    "no_further_action": "Needs met elsewhere; nothing further for the hub.",
}
_MASH = ("Strategy discussion held; section 47 enquiry.", "Child and family assessment.")
_METHODS = ("telephone", "telephone", "telephone", "text_message", "email")
_HOURS = (1, 3, 20, 26)
_CHUNK = 5000
_UTC = UTCDateTime()
_BY = DEMO_USERNAME

#: The rows of a request's life, per table, in the order of :class:`Life`'s tuples.
LIFE_COLUMNS: dict[str, tuple[str, ...]] = {
    "contact_attempts": (
        "request_id", "version", "at", "recorded_at", "made_by", "method", "reached", "note",
    ),
    "request_notes": ("request_id", "version", "at", "author", "text"),
    "status_changes": (
        "request_id", "version", "at", "changed_by", "from_status", "to_status", "outcome",
        "reason", "mash_decision",
    ),
    "pathway_overrides": (
        "request_id", "version", "asked_at", "asked_by", "recommended", "chosen", "floor",
        "direction", "reason", "state",
    ),
}  # fmt: skip
_MODELS = {
    "contact_attempts": ContactAttempt,
    "request_notes": RequestNote,
    "status_changes": StatusChange,
    "pathway_overrides": PathwayOverride,
}


@dataclass
class Life:
    """One request's worked life: its version's new status, its actions settled, its rows.

    ``settled`` is when its open actions were settled, by whom and in which state (None:
    left open).
    """

    status: str
    outcome: str | None
    final_pathway: str | None
    settled: tuple[Any, str, str] | None = None
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)


def life_seed(seed: int | str) -> str:
    """The seed of the draws that work a stream of requests seeded ``seed``."""
    return f"{seed}/life"


def is_worked(received: datetime, now: datetime) -> bool:
    """Whether a request received then is old enough to have been worked by ``now``."""
    return received < now - timedelta(days=WORKING_DAYS_OPEN)


def work_one(
    rng: random.Random,
    request_id: int,
    received: datetime,
    pathway: str,
    stamp: Callable[[datetime], Any] = lambda t: t,
) -> Life:
    """Close (or start) one older request, drawing from ``rng``, as the module says.

    Times in the rows are passed through ``stamp`` (SQLite's bulk load stores them as text).
    """
    outcomes, weights = _DRAWS.get(pathway, _DRAWS["advice"])
    outcome = rng.choices(outcomes, cum_weights=weights)[0]
    tries = 3 if outcome == "no_contact" else rng.choice((1, 1, 2))
    at, attempts = received, []
    for i in range(tries):
        at += timedelta(hours=rng.choice(_HOURS))
        reached = outcome != "no_contact" and i == tries - 1
        when = stamp(at)
        attempts.append((request_id, 1, when, when, _BY, rng.choice(_METHODS), reached, None))
    at += timedelta(hours=1)
    rows: dict[str, list[tuple[Any, ...]]] = {"contact_attempts": attempts}
    final = None
    if pathway in ("signpost", "advice") and rng.random() < OVERRIDDEN_UP:
        final = "early_help"
        rows["pathway_overrides"] = [
            (
                request_id, 1, stamp(received), _BY, pathway, final, pathway, UP,
                "Worried about the children.", "approved",
            )
        ]  # fmt: skip
    if rng.random() < STILL_IN_PROGRESS:
        return Life(IN_PROGRESS, None, final, rows=rows)
    note, when = _NOTES[outcome], stamp(at)
    mash = rng.choice(_MASH) if outcome == "stepped_up_mash" else None
    rows["request_notes"] = [(request_id, 1, when, _BY, note)]
    rows["status_changes"] = [
        (request_id, 1, when, _BY, OPEN, CLOSED, outcome, note, mash)
    ]  # fmt: skip
    state = DONE if outcome != "no_contact" else NOT_NEEDED
    return Life(CLOSED, outcome, final, (when, _BY, state), rows)


def work_older_requests(
    db: Database, now: datetime, seed: int | str = 1, *, closings: bool = True
) -> int:
    """Close (or start) the stored older requests still open, as the module says.

    Returns how many. Also stamps the due time on versions stored without one. Without
    ``closings``, the re-referrals' earlier closings are left for the caller, which works
    every re-referral out afterwards (``rereferrals.recount_all``).
    """
    rng = random.Random(life_seed(seed))  # noqa: S311 - repeatable synthetic data
    with db.write() as s:
        fill_due_times(s.connection())
        rows = s.execute(
            select(
                RequestVersion.id,
                RequestVersion.request_id,
                RequestVersion.received_at,
                RequestVersion.pathway,
            )
            .where(
                RequestVersion.is_current,
                RequestVersion.status == OPEN,
                RequestVersion.received_at < now - timedelta(days=WORKING_DAYS_OPEN),
            )
            .order_by(RequestVersion.id)
        ).all()
        for start in range(0, len(rows), _CHUNK):
            _work(s, rng, rows[start : start + _CHUNK])
        if rows and closings:  # closed at times past: re-referrals received since then follow them
            rereferrals.store_closings(s)
    return len(rows)


def _work(s: Any, rng: random.Random, rows: Sequence[Any]) -> None:
    versions: list[dict[str, Any]] = []
    settled: list[dict[str, Any]] = []
    lives: dict[str, list[dict[str, Any]]] = {table: [] for table in LIFE_COLUMNS}
    for vid, rid, received, pathway in rows:
        life = work_one(rng, rid, received, pathway)
        versions.append(
            {"vid": vid, "st": life.status, "oc": life.outcome, "fp": life.final_pathway}
        )
        if life.settled is not None:
            at, by, state = life.settled
            settled.append({"v": vid, "at": at, "by": by, "state": state})
        for table, found in life.rows.items():
            lives[table] += [dict(zip(LIFE_COLUMNS[table], row, strict=True)) for row in found]
    if s.get_bind().dialect.name == "postgresql":
        _write_set_based(s.connection(), versions, settled, lives)
        return
    s.execute(
        update(table_of(RequestVersion))
        .where(table_of(RequestVersion).c.id == bindparam("vid"))
        .values(status=bindparam("st"), outcome=bindparam("oc"), final_pathway=bindparam("fp")),
        versions,
    )
    if settled:
        s.execute(
            update(table_of(ActionRow))
            .where(table_of(ActionRow).c.version_id == bindparam("v"), ActionRow.done_at.is_(None))
            .values(done_at=bindparam("at"), done_by=bindparam("by"), state=bindparam("state")),
            settled,
        )
    for table, found_values in lives.items():
        if found_values:
            s.execute(insert(_MODELS[table]), found_values)


#: A chunk's worked versions, then their actions settled, each as one statement whose rows
#: come as one array a column (a ``VALUES`` list of bound rows took longer to compile than
#: to run: seconds a chunk).
_WORKED = text(
    "UPDATE request_versions AS v SET status = w.st, outcome = w.oc, final_pathway = w.fp "
    "FROM unnest(CAST(:vid AS integer[]), CAST(:st AS text[]), CAST(:oc AS text[]), "
    "CAST(:fp AS text[])) AS w(vid, st, oc, fp) WHERE v.id = w.vid"
)
_SETTLED = text(
    "UPDATE route_actions AS a SET done_at = d.at, done_by = d.by, state = d.state "
    "FROM unnest(CAST(:v AS integer[]), CAST(:at AS timestamp[]), CAST(:by AS text[]), "
    "CAST(:state AS text[])) AS d(v, at, by, state) "
    "WHERE a.version_id = d.v AND a.done_at IS NULL"
)


def _write_set_based(
    conn: Connection,
    versions: list[dict[str, Any]],
    settled: list[dict[str, Any]],
    rows: dict[str, list[dict[str, Any]]],
) -> None:
    """Write a chunk's lives into PostgreSQL: each change one statement, each table one COPY.

    Row by row, as SQLite takes them (no round trips there), was a statement for each
    version and each request's actions: a minute for a tenth of a million demo requests.
    """
    conn.execute(_WORKED, {k: [r[k] for r in versions] for k in ("vid", "st", "oc", "fp")})
    if settled:
        params = {k: [r[k] for r in settled] for k in ("v", "by", "state")}
        params["at"] = [_UTC.process_bind_param(r["at"], conn.dialect) for r in settled]
        conn.execute(_SETTLED, params)
    for table, found in rows.items():
        copy_rows(conn, table_of(_MODELS[table]), found)
