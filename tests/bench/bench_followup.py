"""The follow-up queue: its first screenful and its counts, beside hand-written indexed SQL.

As the window opens or refreshes it: ``followup_queue`` for a receptionist at one hub (the
default, their own and their hub's open work), and for a team leader looking at one hub and
at everything. The baseline, on the same data in the same run, is the same screenful and
counts written by hand on a plain driver connection over the open-work index (current
versions, open or in progress, of the hub, by due time). Also timed, for comparison, the
follow-up list as it was before outcomes (every action not ticked done, sorted in Python).
Run: ``python tests/bench/bench_followup.py --database PATH_OR_URL [--runs 10] [--json FILE]``.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchlib import Figure, backend_of, median, open_db, param_style, raw_connect, report, times_ms

from triage_app.domain.actor import Actor
from triage_app.domain.localtime import local_day_start, local_today
from triage_app.services.followup import followup_queue, open_actions

HUB = "woodside"
RECEPTION = Actor(username="bench.reception", role="receptionist", desk="bench", hub=HUB)
LEADER = Actor(username="bench.leader", role="team_leader", desk="bench")
TARGET_MS = 200.0

_WHERE = (
    "v.is_current = {true} AND v.status IN ('open', 'in_progress') "
    "AND (v.assigned_to = :me OR v.hub = :hub)"
)
_PAGE = (
    "SELECT r.reference, v.status, v.pathway, v.final_pathway, v.hub, v.received_at, v.due_at,"
    " v.assigned_to, v.incomplete FROM request_versions v JOIN requests r ON r.id = v.request_id"
    " WHERE {where} ORDER BY v.due_at IS NULL, v.due_at, v.received_at, r.id LIMIT 50"
)
_COUNTS = (
    "SELECT count(*), sum(CASE WHEN v.due_at <= :now THEN 1 ELSE 0 END),"
    " sum(CASE WHEN v.due_at > :now AND v.due_at <= :eod THEN 1 ELSE 0 END),"
    " sum(CASE WHEN v.assigned_to IS NULL THEN 1 ELSE 0 END)"
    " FROM request_versions v WHERE {where}"
)


def _stored(moment: datetime, backend: str) -> Any:
    return moment.replace(tzinfo=None).isoformat(sep=" ") if backend == "sqlite" else moment


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", required=True, help="a filled SQLite file or a URL")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    backend = backend_of(args.database)
    db = open_db(args.database)
    con = raw_connect(args.database)
    if backend == "postgresql":
        con.autocommit = True
    now = datetime.now(UTC)
    where = _WHERE.format(true="true" if backend == "postgresql" else "1")
    params = {
        "me": RECEPTION.username,
        "hub": HUB,
        "now": _stored(now, backend),
        "eod": _stored(local_day_start(local_today(now) + timedelta(days=1)), backend),
    }

    def hand() -> int:
        cur = con.cursor()
        cur.execute(param_style(_PAGE.format(where=where), backend), params)
        rows = cur.fetchall()
        cur.execute(param_style(_COUNTS.format(where=where), backend), params)
        cur.fetchone()
        return len(rows)

    def queue(actor: Actor, scope: str, hub: str | None) -> Any:
        def work() -> int:
            with db.read() as s:
                q = followup_queue(s, actor=actor, now=now, scope=scope, hub=hub)
                return q.counts.open

        return work

    def before() -> int:
        with db.read() as s:
            return len(open_actions(s, hub=HUB, actor=LEADER, now=now, urgency=()))

    hand(), queue(RECEPTION, "mine_and_hub", None)()  # pages into the cache
    hand_ms = times_ms(args.runs, hand)
    passes = [
        ("receptionist, own and hub's (the default)", RECEPTION, "mine_and_hub", None),
        ("team leader, one hub", LEADER, "everything", HUB),
        ("team leader, every hub", LEADER, "everything", None),
    ]
    figures = []
    for label, actor, scope, hub in passes:
        work = queue(actor, scope, hub)
        open_count = work()
        app_ms = times_ms(args.runs, work)
        figures.append(
            Figure(
                f"follow-up queue, first screenful and counts: {label}, median",
                median(app_ms),
                "ms",
                median(hand_ms),
                "hand-written SQL over the open-work index, one hub, median",
                f"≤ {TARGET_MS:.0f} ms",
                median(app_ms) <= TARGET_MS,
                backend,
                f"{args.runs} runs; max {max(app_ms):.0f} ms; {open_count:,} open",
            )
        )
    old_ms = times_ms(max(1, args.runs // 5), before)
    figures.append(
        Figure(
            "follow-up list as before outcomes (every action not done, one hub), median",
            median(old_ms),
            "ms",
            median(hand_ms),
            "hand-written SQL over the open-work index, one hub, median",
            "—",
            None,
            backend,
            f"{before():,} rows listed",
        )
    )
    con.close()
    db.close()
    report(figures, args.json)


if __name__ == "__main__":
    main()
