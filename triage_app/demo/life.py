"""Demo requests' life after the front door: most older ones closed, as a real service's are.

A service works its requests: a demo whose every request stayed open would show a follow-up
queue of thousands, all overdue. So, after a load, requests received more than
:data:`WORKING_DAYS_OPEN` days before ``now`` are closed with an outcome their pathway makes
likely, after one to three attempts to reach the family and a note, their actions settled;
a few of them are left in progress, and recent ones stay open, so a demo queue holds a few
dozen items per hub. A few requests have an upward override. Everything is drawn from a
seeded generator, so a demo is the same each time.

The rows are written in bulk, as the load's are: the closure goes with the version loaded
(``version`` 1), as if the request was taken and worked before the central system heard of
it. Everything here is synthetic.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, insert, select, update

from triage_app.accounts.demo import DEMO_USERNAME
from triage_app.domain.life import CLOSED, DONE, IN_PROGRESS, NOT_NEEDED, OPEN, UP
from triage_app.store.database import Database
from triage_app.store.due_times import fill_due_times
from triage_app.store.life_models import ContactAttempt, PathwayOverride, RequestNote, StatusChange
from triage_app.store.models import ActionRow, Base, RequestVersion

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
_CHUNK = 5000
_BY = DEMO_USERNAME


def _draw(rng: random.Random, pathway: str) -> str:
    choices = OUTCOMES.get(pathway, OUTCOMES["advice"])
    return rng.choices([c for c, _w in choices], [w for _c, w in choices])[0]


def _attempts(
    rng: random.Random, request_id: int, received: datetime, outcome: str
) -> list[dict[str, Any]]:
    tries = 3 if outcome == "no_contact" else rng.choice((1, 1, 2))
    at, rows = received, []
    for i in range(tries):
        at += timedelta(hours=rng.choice((1, 3, 20, 26)))
        reached = outcome != "no_contact" and i == tries - 1
        rows.append(
            {
                "request_id": request_id, "version": 1, "at": at, "recorded_at": at,
                "made_by": _BY, "method": rng.choice(_METHODS), "reached": reached, "note": None,
            }
        )  # fmt: skip
    return rows


def work_older_requests(db: Database, now: datetime, seed: int = 1) -> int:
    """Close (or start) the demo's older requests, as the module says; returns how many.

    Also stamps the due time on versions loaded without one.
    """
    rng = random.Random(seed)  # noqa: S311 - repeatable synthetic data
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
    return len(rows)


def _table(model: type[Base]) -> Table:
    return Base.metadata.tables[model.__tablename__]


def _work(s: Any, rng: random.Random, rows: Sequence[Any]) -> None:
    versions: list[dict[str, Any]] = []
    attempts: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    overrides: list[dict[str, Any]] = []
    settled: list[dict[str, Any]] = []
    for vid, rid, received, pathway in rows:
        outcome = _draw(rng, pathway)
        tried = _attempts(rng, rid, received, outcome)
        attempts += tried
        at = tried[-1]["at"] + timedelta(hours=1)
        final = None
        if pathway in ("signpost", "advice") and rng.random() < OVERRIDDEN_UP:
            final = "early_help"
            overrides.append(
                {
                    "request_id": rid, "version": 1, "asked_at": received, "asked_by": _BY,
                    "recommended": pathway, "chosen": final, "floor": pathway,
                    "direction": UP, "reason": "Worried about the children.", "state": "approved",
                }
            )  # fmt: skip
        if rng.random() < STILL_IN_PROGRESS:
            versions.append({"vid": vid, "st": IN_PROGRESS, "oc": None, "fp": final})
            continue
        versions.append({"vid": vid, "st": CLOSED, "oc": outcome, "fp": final})
        notes.append(
            {"request_id": rid, "version": 1, "at": at, "author": _BY, "text": _NOTES[outcome]}
        )
        changes.append(
            {
                "request_id": rid, "version": 1, "at": at, "changed_by": _BY,
                "from_status": OPEN, "to_status": CLOSED, "outcome": outcome,
                "reason": _NOTES[outcome],
                "mash_decision": rng.choice(_MASH) if outcome == "stepped_up_mash" else None,
            }
        )  # fmt: skip
        state = DONE if outcome != "no_contact" else NOT_NEEDED
        settled.append({"v": vid, "at": at, "state": state})
    s.execute(
        update(_table(RequestVersion))
        .where(_table(RequestVersion).c.id == bindparam("vid"))
        .values(status=bindparam("st"), outcome=bindparam("oc"), final_pathway=bindparam("fp")),
        versions,
    )
    s.execute(
        update(_table(ActionRow))
        .where(_table(ActionRow).c.version_id == bindparam("v"), ActionRow.done_at.is_(None))
        .values(done_at=bindparam("at"), done_by=_BY, state=bindparam("state")),
        settled,
    )
    for model, values in (
        (ContactAttempt, attempts),
        (RequestNote, notes),
        (StatusChange, changes),
        (PathwayOverride, overrides),
    ):
        if values:
            s.execute(insert(model), values)
