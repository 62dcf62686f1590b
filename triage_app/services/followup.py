"""Follow-up: the actions a route called for that nobody has marked done yet, and ticking one.

**When an action is due.** A route says how soon the service responds (its
``respond_within``, one of the phrasings of :mod:`triage_app.pathways.respond`). Counting in
Coventry's local time from the day the request was received, with working days Monday to
Friday:

- "immediately": due the moment the request was received;
- "the same working day": by the end of that day, or of the next working day if it came in
  at a weekend;
- "the next working day", "<n> working days": by the end of the first (n-th) working day
  after the day it came in ("1 working day" is the next working day).

"By the end of" a day means before midnight at its end. Bank holidays are not known to the
app yet, so they count as working days (an action may show as due a day early, never late).
A phrasing the app does not understand gives no due time; such actions sort last.

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
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.pathways.respond import respond_rank
from triage_app.services.reference_access import check_reference
from triage_app.services.visibility import LOCAL_ZONE, local_day_start, visible_clause
from triage_app.store import audit
from triage_app.store.models import ActionRow, Request, RequestVersion

#: The audit action for ticking a follow-up action done.
ACTION_DONE = "action_done"
#: The follow-up row of a request saved partial: complete it by amendment.
COMPLETE_REQUEST = "complete_request"
_WEEKEND = (5, 6)


class AlreadyDone(TriageError):
    """Someone marked the action done already (perhaps at another desk a moment ago)."""


class NoSuchAction(TriageError):
    """The request's current version does not call for this action."""


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


def _working(day: date) -> bool:
    return day.weekday() not in _WEEKEND


def _next_working(day: date) -> date:
    day += timedelta(days=1)
    while not _working(day):
        day += timedelta(days=1)
    return day


def due_at(received_at: datetime, respond_within: str | None) -> datetime | None:
    """When an action of a route received at ``received_at`` is due (see the module's rule)."""
    rank = respond_rank(respond_within) if respond_within else None
    if rank is None:
        return None
    if rank == 0:
        return received_at
    day = received_at.astimezone(LOCAL_ZONE).date()
    if not _working(day):
        day = _next_working(day)
        rank = max(rank - 1, 1)  # the first working day stands for the day it came in
    for _ in range(rank - 1):
        day = _next_working(day)
    return local_day_start(day + timedelta(days=1))


def due_text(due: datetime | None) -> str:
    """When an action is due, in Coventry's time: "by the end of Mon 16/03/2026" or a moment."""
    if due is None:
        return "no time set"
    local = due.astimezone(LOCAL_ZONE)
    if (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0):
        day = local.date() - timedelta(days=1)
        return f"by the end of {day:%a %d/%m/%Y}"
    return f"at once (from {local:%d/%m/%Y %H:%M})"


def status_text(row: FollowUpRow, now: datetime) -> str:
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

    Raises:
        NotPermitted: the actor's role may not, or the request is not one they may see.
        UnknownReference: no request has this reference.
        NoSuchAction: the current version does not call for ``action``.
        AlreadyDone: it was marked done already (the message says by whom and when).
    """
    reference = check_reference(session, reference, actor=actor, action="mark_action_done", now=now)
    found = session.execute(
        select(ActionRow)
        .join(RequestVersion, RequestVersion.id == ActionRow.version_id)
        .join(Request, Request.id == RequestVersion.request_id)
        .where(
            Request.reference == reference, RequestVersion.is_current, ActionRow.action == action
        )
        .order_by(ActionRow.position)
        .with_for_update()
    ).scalars()
    row = next(iter(found), None)
    if row is None and action == COMPLETE_REQUEST:
        raise NoSuchAction(f"{reference} is completed by amending it, not by ticking it done")
    if row is None:
        raise NoSuchAction(f"{reference} does not call for the action '{action}'")
    if row.done_at is not None:
        when = row.done_at.astimezone(LOCAL_ZONE).strftime("%d/%m/%Y %H:%M")
        raise AlreadyDone(f"that action of {reference} was marked done by {row.done_by} at {when}")
    row.done_at, row.done_by = now, actor.username
    session.flush()
    audit.append(session, actor, ACTION_DONE, at=now, record_ref=reference, reason=action)
