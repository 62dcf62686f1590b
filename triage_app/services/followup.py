"""Follow-up: the open work of the queue, and the actions a route called for not yet done.

**The queue** (:func:`followup_queue`) lists open requests (open or in progress), by due
time, with counts that mean something: due today, overdue, unassigned (see
``docs/outcomes.md``).

**When an action is due**: :func:`triage_app.pathways.due.due_at` (in Coventry's local time,
working days Monday to Friday). A phrasing the app does not understand gives no due time;
such actions sort last.

**Order.** The most urgent pathway first (the rule set's order), then the most overdue
(earliest due), then the oldest request.

**Incomplete requests.** A request saved partial (contract rule 10: an emergency saved the
moment 999 was called, before its needs, consent or children were known) is listed with one
more row, the action :data:`COMPLETE_REQUEST`, until an amendment completes it; every row
of such a request says it is incomplete. That row is not ticked done: the amendment that
gives what is missing clears it.

Only current versions count: an amendment keeps what was already done (see
:func:`triage_app.store.requests.add_version`). Marking an action done records who and when
on the action and appends an ``action_done`` audit entry holding the reference and the
action's code, never what the family said.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import Session

from triage_app.accounts.roles import TEAM_LEADER
from triage_app.domain.actor import Actor
from triage_app.domain.life import DONE, IN_PROGRESS, OPEN
from triage_app.domain.localtime import LOCAL_ZONE, local_day_start, local_today
from triage_app.pathways.due import due_at
from triage_app.services.actions import (
    ACTION_DONE,
    COMPLETE_REQUEST,
    AlreadyDone,
    NoSuchAction,
    settle_action,
)
from triage_app.services.visibility import visible_clause
from triage_app.store.models import Request, RequestVersion
from triage_app.store.version_models import ActionRow

#: Names of ``services.actions`` that callers have always taken from here, as well as this
#: module's own.
__all__ = [
    "ACTION_DONE",
    "COMPLETE_REQUEST",
    "QUEUE_SCOPES",
    "AlreadyDone",
    "FollowUpRow",
    "NoSuchAction",
    "Queue",
    "QueueCounts",
    "QueueRow",
    "due_at",
    "due_text",
    "followup_queue",
    "mark_done",
    "open_actions",
    "status_text",
]


@dataclass(frozen=True)
class FollowUpRow:
    """One action still to do, and by when."""

    reference: str
    action: str
    pathway: str
    hub: str | None
    received_at: datetime
    respond_within: str | None
    #: ``None`` when the route's phrasing is not understood.
    due: datetime | None
    overdue: bool
    #: The request was saved partial and is still to be completed by amendment.
    incomplete: bool = False


def due_text(due: datetime | None) -> str:
    """When an action is due, in Coventry's time: "by the end of Mon 16/03/2026" or a moment."""
    if due is None:
        return "no time set"
    local = due.astimezone(LOCAL_ZONE)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        day = local.date() - timedelta(days=1)
        return f"by the end of {day:%a %d/%m/%Y}"
    return f"at once (from {local:%d/%m/%Y %H:%M})"


def status_text(row: FollowUpRow | QueueRow, now: datetime) -> str:
    """How pressing an action is, in words (never colour alone): "OVERDUE", "due today" …."""
    if row.due is None:
        return "no time set"
    if row.overdue:
        return "OVERDUE"
    if (
        row.due.astimezone(LOCAL_ZONE).date() - timedelta(days=1)
        <= now.astimezone(LOCAL_ZONE).date()
    ):
        return "due today"
    return "due later"


def open_actions(
    session: Session,
    *,
    hub: str | None,
    actor: Actor,
    now: datetime,
    urgency: Sequence[str],
) -> list[FollowUpRow]:
    """Every action of a current version not yet done that the actor may see, in order.

    Args:
        session: the caller's session.
        hub: one hub's requests, or ``None`` for every hub the actor may see.
        actor: who is looking; they see what their role may (see
            :func:`triage_app.services.visibility.visible_clause`).
        now: the clock, for what is overdue.
        urgency: pathway codes, most urgent first (the rule set's ``pathways``); a pathway
            not listed sorts after those that are.

    Raises:
        NotPermitted: the actor's role may not see requests.
    """
    columns = (
        Request.reference,
        RequestVersion.pathway,
        RequestVersion.hub,
        RequestVersion.received_at,
        RequestVersion.respond_within,
        RequestVersion.incomplete,
    )
    query = (
        select(*columns, ActionRow.action, ActionRow.position)
        .join(RequestVersion, RequestVersion.id == ActionRow.version_id)
        .join(Request, Request.id == RequestVersion.request_id)
        .where(ActionRow.done_at.is_(None), RequestVersion.is_current, visible_clause(actor, now))
    )
    # Requests saved partial: one row each, whatever their actions (see the module's note).
    partial = (
        select(*columns)
        .join(Request, Request.id == RequestVersion.request_id)
        .where(RequestVersion.incomplete, RequestVersion.is_current, visible_clause(actor, now))
    )
    if hub is not None:
        query = query.where(RequestVersion.hub == hub)
        partial = partial.where(RequestVersion.hub == hub)
    found: list[tuple[Any, ...]] = [tuple(r) for r in session.execute(query)]
    found += [(*r, COMPLETE_REQUEST, -1) for r in session.execute(partial)]
    rank = {code: i for i, code in enumerate(urgency)}
    rows = []
    for ref, pathway, row_hub, received, respond, incomplete, action, position in found:
        due = due_at(received, respond)
        overdue = due is not None and now >= due
        row = FollowUpRow(
            ref, action, pathway, row_hub, received, respond, due, overdue, bool(incomplete)
        )
        key = (rank.get(pathway, len(rank)), due is None, due or received, received, ref, position)
        rows.append((key, row))
    rows.sort(key=lambda pair: pair[0])
    return [row for _key, row in rows]


def mark_done(
    session: Session, reference: str, action: str, *, actor: Actor, now: datetime
) -> None:
    """Record that ``action`` of the request's current version was done, by whom and when.

    :func:`triage_app.services.actions.settle_action` with the state ``done``.

    Raises:
        NotPermitted: the actor's role may not, or the request is not one they may see.
        UnknownReference: no request has this reference.
        NoSuchAction: the current version does not call for ``action``.
        AlreadyDone: it was settled already (the message says by whom and when).
    """
    settle_action(session, reference, action, state=DONE, actor=actor, now=now)


#: Which open work the queue shows: the signed-in person's own and their hub's (the
#: default; a team leader's also holds the requests of no hub, which no hub's list would
#: show: a call without a postcode, a family outside Coventry), only what is assigned to
#: them, what nobody has yet (to assign), or everything they may see (team leaders).
MINE_AND_HUB, ASSIGNED_TO_ME, EVERYTHING = "mine_and_hub", "assigned_to_me", "everything"
UNASSIGNED = "unassigned"
QUEUE_SCOPES = (MINE_AND_HUB, ASSIGNED_TO_ME, UNASSIGNED, EVERYTHING)
_OPEN_WORK = (OPEN, IN_PROGRESS)


@dataclass(frozen=True)
class QueueRow:
    """One open request in the follow-up queue."""

    reference: str
    status: str
    pathway: str
    final_pathway: str | None
    hub: str | None
    received_at: datetime
    due: datetime | None
    assigned_to: str | None
    overdue: bool
    incomplete: bool


@dataclass(frozen=True)
class QueueCounts:
    """What the queue's counts mean: open requests due today, overdue, and unassigned."""

    open: int
    due_today: int
    overdue: int
    unassigned: int


@dataclass(frozen=True)
class Queue:
    rows: tuple[QueueRow, ...]
    counts: QueueCounts


def _queue_where(actor: Actor, now: datetime, scope: str, hub: str | None) -> list[Any]:
    where: list[Any] = [
        RequestVersion.is_current,
        RequestVersion.status.in_(_OPEN_WORK),
        visible_clause(actor, now),
    ]
    if scope == ASSIGNED_TO_ME:
        where.append(RequestVersion.assigned_to == actor.username)
    elif scope == UNASSIGNED:
        where.append(RequestVersion.assigned_to.is_(None))
    elif scope == MINE_AND_HUB:
        ours = [RequestVersion.assigned_to == actor.username]
        chosen = hub or actor.hub
        if chosen:
            ours.append(RequestVersion.hub == chosen)
        if actor.role == TEAM_LEADER:
            ours.append(RequestVersion.hub.is_(None))
        where.append(or_(*ours))
    if hub is not None and scope != MINE_AND_HUB:
        where.append(RequestVersion.hub == hub)
    return where


def _urgency(urgency: Sequence[str]) -> Any:
    """The rank of the course of action in force, most urgent 0 (all 0 without an order)."""
    if not urgency:
        return literal(0)
    in_force = func.coalesce(RequestVersion.final_pathway, RequestVersion.pathway)
    return case({code: i for i, code in enumerate(urgency)}, value=in_force, else_=len(urgency))


def followup_queue(
    session: Session,
    *,
    actor: Actor,
    now: datetime,
    scope: str = MINE_AND_HUB,
    hub: str | None = None,
    limit: int = 50,
    offset: int = 0,
    urgency: Sequence[str] = (),
) -> Queue:
    """Open work (requests open or in progress), most pressing first, and its counts.

    Sorted by due time (none last), then by the course of action in force, most urgent
    first (``urgency``: pathway codes in that order, the rule set's ``pathways``: a social-care
    request due when an early-help one is comes first), then by when received. ``scope`` is one of
    :data:`QUEUE_SCOPES`; ``hub`` narrows to one hub (for ``mine_and_hub``: that hub
    instead of the actor's own). The rows are one screenful (``limit`` from ``offset``); the
    counts are of the whole of that open work. Read through the index on (is_current,
    status, hub, due_at, assigned_to), so the cost is the open work of the hub, not every
    request stored.

    Raises:
        NotPermitted: the actor's role may not see requests.
        ValueError: an unknown ``scope``.
    """
    if scope not in QUEUE_SCOPES:
        raise ValueError(f"unknown queue scope {scope!r}")
    where = _queue_where(actor, now, scope, hub)
    due_nulls_last = case((RequestVersion.due_at.is_(None), 1), else_=0)
    # The screenful lies among the rows due no later than the screen's last due time, found
    # from the index alone; only those rows are read and sorted, not the whole open work
    # (its every hub was 30,000 rows at a million requests). With fewer rows due than
    # reach the screen's end, there is no such time and every row is read. The time is
    # looked up first and given as a value: PostgreSQL then reads only those rows from the
    # index and joins them to their requests one by one (given as a subquery, the time was
    # unknown to its planner, which read every open row and scanned every request stored).
    last_due = session.scalar(
        select(RequestVersion.due_at)
        .where(*where, RequestVersion.due_at.is_not(None))
        .order_by(RequestVersion.due_at)
        .offset(max(limit + offset - 1, 0))
        .limit(1)
    )
    screenful = [] if last_due is None else [RequestVersion.due_at <= last_due]
    rows = session.execute(
        select(
            Request.reference,
            RequestVersion.status,
            RequestVersion.pathway,
            RequestVersion.final_pathway,
            RequestVersion.hub,
            RequestVersion.received_at,
            RequestVersion.due_at,
            RequestVersion.assigned_to,
            RequestVersion.incomplete,
        )
        .join(Request, Request.id == RequestVersion.request_id)
        .where(*where, *screenful)
        .order_by(
            due_nulls_last,
            RequestVersion.due_at,
            _urgency(urgency),
            RequestVersion.received_at,
            Request.id,
        )
        .limit(limit)
        .offset(offset)
    ).all()
    end_of_today = local_day_start(local_today(now) + timedelta(days=1))
    counted = session.execute(
        select(
            func.count(),
            func.count().filter(RequestVersion.due_at <= now),
            func.count().filter(RequestVersion.due_at > now, RequestVersion.due_at <= end_of_today),
            func.count().filter(RequestVersion.assigned_to.is_(None)),
        ).where(*where)
    ).one()
    return Queue(
        tuple(
            QueueRow(
                r.reference,
                r.status,
                r.pathway,
                r.final_pathway,
                r.hub,
                r.received_at,
                r.due_at,
                r.assigned_to,
                r.due_at is not None and now >= r.due_at,
                bool(r.incomplete),
            )
            for r in rows
        ),
        QueueCounts(int(counted[0]), int(counted[2]), int(counted[1]), int(counted[3])),
    )
