"""Choosing a pathway other than the one recommended, saying why; downward needs a second person.

Both pathways are kept: the version's ``pathway`` stays what the rules recommended, and
``final_pathway`` is the one chosen once it stands. Upward (more urgent than the pathway in
force) stands at once on its reason. Downward waits, ``pending``, for a team leader who is
not the person who asked to approve or refuse it (:func:`decide_override`). Neither may go
against the safety contract for the request's facts (``pathways.override``): never below
its floor, never to early help when the contract rules it out. Each request, decision and
refusal is a new version (so it is exported once) and audited with codes only.

For the window: ``override_pathway(session, reference, chosen=..., reason=..., actor=...,
now=..., rules=...) -> OverrideView`` and ``decide_override(session, reference, override_id,
approve=..., actor=..., now=..., rules=..., note=None) -> OverrideView``; ``pending_overrides
(session, actor=..., now=...)`` lists those waiting for the signed-in team leader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.accounts.roles import NotPermitted, require
from triage_app.domain.actor import Actor
from triage_app.domain.life import APPROVED, DOWN, PENDING, REFUSED, UP, OverrideView
from triage_app.domain.localtime import local_today
from triage_app.errors import InvalidInput, Problem, TriageError
from triage_app.pathways.due import due_at
from triage_app.pathways.hold import held_actions
from triage_app.pathways.model import RuleSet
from triage_app.pathways.override import asked_at, contract_allows, floor_pathway
from triage_app.services.life_change import begin, words
from triage_app.store import audit
from triage_app.store.life import Current, add_life_version
from triage_app.store.life_models import PathwayOverride
from triage_app.store.models import Request, RequestVersion
from triage_app.store.stored import load_request
from triage_app.store.version_models import ActionRow

OVERRIDE_AUDIT = "pathway_override"
APPROVED_AUDIT = "override_approved"
REFUSED_AUDIT = "override_refused"


class OverrideWaiting(TriageError):
    """A downward override of this request is waiting for a team leader already."""


def view_of(row: PathwayOverride) -> OverrideView:
    return OverrideView(
        row.id,
        row.asked_at,
        row.asked_by,
        row.recommended,
        row.chosen,
        row.floor,
        row.direction,
        row.reason,
        row.state,
        row.decided_at,
        row.decided_by,
        row.decision_note,
    )


def _check_contract(
    session: Session, current: Current, chosen: str, rules: RuleSet
) -> tuple[str, list[Problem]]:
    """The request's floor, and what is wrong with choosing ``chosen`` (nothing: allowed)."""
    stored = load_request(session, current.reference)
    on = local_today(stored.request.received_at or stored.created_at)
    floor = floor_pathway(stored.request, rules, on)
    if chosen not in rules.rank:
        known = ", ".join(rules.pathways)
        return floor, [Problem("pathway", f"unknown pathway '{chosen}' (one of {known})")]
    if rules.rank[chosen] > rules.rank[floor]:
        return floor, [
            Problem("pathway", f"is below this request's safety floor ({floor}): never allowed")
        ]
    if not contract_allows(stored.request, chosen, rules, on):
        return floor, [Problem("pathway", f"the safety contract rules out {chosen} here")]
    return floor, []


@dataclass(frozen=True)
class _Standing:
    """What changes on the request's version when a chosen pathway comes to stand."""

    life: dict[str, Any]
    added: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()


def _standing(
    session: Session, current: Current, chosen: str, now: datetime, rules: RuleSet
) -> _Standing:
    """What changes when ``chosen`` comes to stand: the pathway, and what the contract asks.

    The due time (and the response time the sheet prints) is brought forward to what a route
    at ``chosen`` asks, counted from now (when the urgency became known), never put back; the
    actions it must carry are added, open, where the route lacks them; open steps that wait
    for the safeguarding hub on a route that urgent (``pathways.hold``: a home visit, an
    Early Help Assessment) are left off, as the engine leaves them off such a route. So the
    queue shows a request lifted to social care as a MASH referral due today, and the family
    is not offered a home visit before the hub has decided.
    """
    life: dict[str, Any] = {"final_pathway": chosen}
    was_due = session.execute(
        select(RequestVersion.due_at).where(RequestVersion.id == current.version_id)
    ).scalar_one()
    carried = session.execute(
        select(ActionRow.action, ActionRow.done_at).where(
            ActionRow.version_id == current.version_id
        )
    ).all()
    respond, actions = asked_at(chosen)
    due = None if respond is None else due_at(now, respond)
    if due is not None and (was_due is None or due < was_due):
        life["due_at"], life["respond_within"] = due, respond
    have = {a.action for a in carried}
    open_steps = [a.action for a in carried if a.done_at is None]
    return _Standing(
        life,
        added=tuple(a for a in actions if a not in have),
        left_out=held_actions(chosen, open_steps, rules),
    )


#: An override that does not stand yet (a downward one waiting, or refused): no change.
_WAITS = _Standing({})


def _add_version(
    session: Session, current: Current, standing: _Standing, *, actor: Actor, now: datetime
) -> int:
    return add_life_version(
        session, current, actor=actor, now=now, change="override",
        added_actions=standing.added, left_out=standing.left_out, **standing.life,
    )  # fmt: skip


def _pending(session: Session, request_id: int) -> PathwayOverride | None:
    return session.execute(
        select(PathwayOverride).where(
            PathwayOverride.request_id == request_id, PathwayOverride.state == PENDING
        )
    ).scalar_one_or_none()


def override_pathway(
    session: Session,
    reference: str,
    *,
    chosen: str,
    reason: str,
    actor: Actor,
    now: datetime,
    rules: RuleSet,
) -> OverrideView:
    """Choose ``chosen`` over the pathway in force; upward stands, downward waits.

    Raises:
        InvalidInput: no reason, an unknown pathway, the pathway already in force, or one
            the safety contract does not allow (below the floor, say).
        OverrideWaiting: a downward override is waiting already.
    """
    said = words("reason", reason, required=True, what="why this pathway and not the one given")
    current = begin(session, reference, actor=actor, action="override_pathway", now=now)
    floor, problems = _check_contract(session, current, chosen, rules)
    standing = current.standing_pathway
    if not problems and chosen == standing:
        problems = [Problem("pathway", f"{chosen} is the pathway in force already")]
    if problems:
        raise InvalidInput(problems)
    if _pending(session, current.request_id) is not None:
        raise OverrideWaiting(
            f"a downward override of {current.reference} is waiting for a team leader already"
        )
    direction = UP if rules.rank[chosen] < rules.rank[standing] else DOWN
    state = APPROVED if direction == UP else PENDING
    stands = _standing(session, current, chosen, now, rules) if state == APPROVED else _WAITS
    version = _add_version(session, current, stands, actor=actor, now=now)
    row = PathwayOverride(
        request_id=current.request_id,
        version=version,
        asked_at=now,
        asked_by=actor.username,
        recommended=current.pathway,
        chosen=chosen,
        floor=floor,
        direction=direction,
        reason=said,
        state=state,
    )
    session.add(row)
    session.flush()
    codes = f"{standing}->{chosen} {direction} {state}"
    audit.append(session, actor, OVERRIDE_AUDIT, at=now, record_ref=current.reference, reason=codes)
    return view_of(row)


def decide_override(
    session: Session,
    reference: str,
    override_id: int,
    *,
    approve: bool,
    actor: Actor,
    now: datetime,
    rules: RuleSet,
    note: str | None = None,
) -> OverrideView:
    """A team leader, not the one who asked, approves or refuses a downward override.

    Raises:
        NotPermitted: not a team leader, or the one who asked.
        InvalidInput: no such waiting override of this request, or (approving) the
            contract no longer allows it (the request was amended since).
    """
    said = words("note", note, required=False, what="")
    current = begin(session, reference, actor=actor, action="approve_override", now=now)
    row = _pending(session, current.request_id)
    if row is None or row.id != override_id:
        raise InvalidInput(
            [Problem("override", f"{current.reference} has no override {override_id} waiting")]
        )
    if row.asked_by == actor.username:
        raise NotPermitted(
            "a downward override needs a second person: another team leader must decide it"
        )
    if approve:
        _floor, problems = _check_contract(session, current, row.chosen, rules)
        if problems:
            raise InvalidInput(problems)
    standing = _standing(session, current, row.chosen, now, rules) if approve else _WAITS
    version = _add_version(session, current, standing, actor=actor, now=now)
    row.state = APPROVED if approve else REFUSED
    row.decided_at, row.decided_by, row.decided_version = now, actor.username, version
    row.decision_note = said
    session.flush()
    action = APPROVED_AUDIT if approve else REFUSED_AUDIT
    audit.append(
        session, actor, action, at=now, record_ref=current.reference, reason=f"override {row.id}"
    )
    return view_of(row)


def pending_overrides(session: Session, *, actor: Actor) -> tuple[tuple[str, OverrideView], ...]:
    """Downward overrides waiting for a decision, oldest first, as (reference, override).

    Raises:
        NotPermitted: the actor may not approve overrides.
    """
    require(actor, "approve_override")
    rows = session.execute(
        select(Request.reference, PathwayOverride)
        .join(Request, Request.id == PathwayOverride.request_id)
        .where(PathwayOverride.state == PENDING)
        .order_by(PathwayOverride.asked_at)
    ).all()
    return tuple((ref, view_of(row)) for ref, row in rows)
