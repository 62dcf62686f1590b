"""Saving requests: a request's identity, its versions, children, needs and actions.

Functions take the caller's session (one per user action). What each row holds is
``triage_app.store.version_values``, how a reference is drawn ``triage_app.store.references``;
reading a saved request back is ``triage_app.store.stored``.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Insert, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session, selectinload

from triage_app.domain.actor import Actor
from triage_app.domain.request import TriageRequest
from triage_app.domain.route import Route
from triage_app.errors import TriageError
from triage_app.store import figure_counts, rereferrals
from triage_app.store.lookup_models import NameWord
from triage_app.store.models import Request, RequestVersion, table_of
from triage_app.store.pipeline import NO_WAIT
from triage_app.store.references import new_reference
from triage_app.store.version_models import ActionRow, ChildRow, ConcernRow, NeedRow
from triage_app.store.version_values import (
    action_values,
    child_values,
    concern_values,
    name_word_values,
    need_values,
    version_values,
)


class UnknownReference(TriageError):
    """No request has this reference."""


class VersionConflict(TriageError):
    """Someone else amended the request since it was opened."""


#: The inserts of a version's children, needs, concerns and actions, built once rather than at each
#: save (a statement built anew is given its cache key anew); ``inline()``: the new rows' ids
#: are not asked for.
_PART_INSERTS = tuple(
    insert(table_of(model)).inline()
    for model in (ChildRow, NeedRow, ConcernRow, ActionRow, NameWord)
)


def insert_version(
    session: Session,
    request_id: int,
    req: TriageRequest,
    route: Route,
    *,
    actor: Actor,
    now: datetime,
    version: int,
    reason: str | None = None,
    done: Mapping[str, Mapping[str, Any]] | None = None,
    replaces: int | None = None,
    life: Mapping[str, Any] | None = None,
) -> int:
    """Insert one version of a request with its children, needs and actions; returns its id.

    ``done`` carries actions already settled (action → their ``done_at``, ``done_by``,
    ``state``, ``note``) into an amended version, which ``replaces`` the version with that id
    as the current one; ``life`` carries the request's status, outcome, override and
    assignment (``store.life.LIFE_COLUMNS``) over from it.
    """
    values = version_values(req, route, actor=actor, now=now, version=version, reason=reason)
    values.update(life or {})
    versions = table_of(RequestVersion)
    version_id: int = (
        session.connection()
        .execute(insert(versions).returning(versions.c.id), {**values, "request_id": request_id})
        .scalar_one()
    )
    _insert_parts(session, version_id, req, route, values, done=done or {}, replaces=replaces)
    return version_id


def _insert_parts(
    session: Session,
    version_id: int,
    req: TriageRequest,
    route: Route,
    values: Mapping[str, Any],
    *,
    done: Mapping[str, Mapping[str, Any]],
    replaces: int | None,
    serialise: bool = False,
) -> None:
    """The version's children, needs, actions and name words; then its re-referral answers.

    The version it ``replaces`` gives up its name words: search reads current versions only.

    Plain inserts (one per table; children, needs and actions in one ``executemany`` each),
    not the ORM's unit of work, whose bookkeeping was most of a save's time; none of them
    waits for its answer inside ``pipelined``. Which requests are re-referrals is then worked
    out again for this version and every one it touches; the caller has called
    ``rereferrals.serialise`` first, before any lock of its own, or asks for it here
    (``serialise``), just before the answers are worked out (see :func:`insert_request`).
    """
    children = [{**v, "version_id": version_id} for v in child_values(req)]
    needs = [{**v, "version_id": version_id} for v in need_values(req, values["primary_need"])]
    concerns = [{**v, "version_id": version_id} for v in concern_values(req)]
    actions = [
        {**v, **done.get(v["action"], {}), "version_id": version_id}
        for v in action_values(route, req)
    ]
    named = name_word_values(req, values["received_at"], values["hub"])
    words = [{**v, "version_id": version_id} for v in named]
    conn = session.connection()
    if replaces is not None:
        conn.execute(delete(table_of(NameWord)).where(table_of(NameWord).c.version_id == replaces))
    parts = (children, needs, concerns, actions, words)
    for statement, rows in zip(_PART_INSERTS, parts, strict=True):
        if rows:
            conn.execute(statement, rows, execution_options=NO_WAIT)
    if serialise:
        rereferrals.serialise(session)
    rereferrals.refresh(session, [version_id] if replaces is None else [version_id, replaces])
    figure_counts.replaced(session, replaces, version_id)


@cache
def _claim(dialect: str) -> Insert:
    """Insert a request row unless its reference is taken (each dialect spells this its own way)."""
    requests = table_of(Request)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert  # noqa: PLC0415

        return pg_insert(requests).on_conflict_do_nothing(index_elements=["reference"]).inline()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert  # noqa: PLC0415

    return sqlite_insert(requests).on_conflict_do_nothing(index_elements=["reference"]).inline()


@cache
def _first_version(columns: tuple[str, ...]) -> Insert:
    """Insert version 1 of the request just claimed, found by its reference and record id.

    If the reference was taken already, the claim inserted nothing, and neither does this.
    """
    versions, requests = table_of(RequestVersion), table_of(Request)
    found = select(
        requests.c.id, *(bindparam(name, type_=versions.c[name].type) for name in columns)
    ).where(
        requests.c.reference == bindparam("reference"),
        requests.c.record_id == bindparam("record_id"),
    )
    return insert(versions).from_select(["request_id", *columns], found).returning(versions.c.id)


def insert_request(
    session: Session, req: TriageRequest, route: Route, *, actor: Actor, now: datetime
) -> str:
    """Save a new request (version 1); returns its reference.

    The insert claims the reference itself (``ON CONFLICT DO NOTHING``): no look-up first, and
    a reference already taken (at a million requests, one save in a million) inserts nothing,
    so another is drawn. The claim does not wait for its answer inside ``pipelined``: the
    first version's insert finds the new row, or finds none and inserts nothing.

    The re-referral lock (``rereferrals.serialise``) is taken only once the new rows are
    written, just before the answers are worked out: every desk's save holds it until it
    commits, so the less of a save it covers, the more desks save at once. The answers are
    as exact as with the lock taken first: each statement that works them out runs after
    every earlier holder has committed and sees its rows, and a save whose rows another desk
    could not yet see is worked out again by that desk's own save, which takes the lock after
    it. Before the lock, this save holds row locks only on its own new rows, which no other
    desk waits for (save a reference drawn twice at once, one in millions of millions, which
    PostgreSQL would end as a deadlock, undoing one save whole).
    """
    values = version_values(req, route, actor=actor, now=now, version=1)
    conn = session.connection()
    claim, first_version = _claim(conn.dialect.name), _first_version(tuple(values))
    version_id: int | None = None
    while version_id is None:
        drawn = {"reference": new_reference(), "record_id": str(uuid.uuid4())}
        conn.execute(
            claim, {**drawn, "created_at": now, "current_version": 1}, execution_options=NO_WAIT
        )
        version_id = conn.execute(first_version, {**values, **drawn}).scalar()
    _insert_parts(session, version_id, req, route, values, done={}, replaces=None, serialise=True)
    return drawn["reference"]


def add_version(
    session: Session,
    reference: str,
    req: TriageRequest,
    route: Route,
    *,
    actor: Actor,
    now: datetime,
    reason: str,
    based_on: int,
) -> int:
    """Amend: add a version after ``based_on``; refuse if someone else amended first.

    Actions already settled stay settled in the new version, so an amendment never makes a
    team repeat a MASH referral they have made. Versions added since ``based_on`` that only
    changed the request's life (a note, an attempt …; ``store.life``) are no conflict: the
    amendment comes after them and keeps the life they recorded.
    """
    rereferrals.serialise(session)  # before the request's row lock (see ``serialise``)
    request = session.execute(
        select(Request).where(Request.reference == reference).with_for_update()
    ).scalar_one_or_none()
    if request is None:
        raise UnknownReference(f"no request has the reference {reference}")
    if request.current_version != based_on and _amended_since(session, request.id, based_on):
        raise VersionConflict(
            f"{reference} was amended by someone else (now version {request.current_version}) "
            f"since you opened version {based_on}. Your changes were not saved over theirs: "
            "open the request again and reapply them."
        )
    previous = session.execute(
        select(RequestVersion)
        .where(RequestVersion.request_id == request.id, RequestVersion.is_current)
        .options(selectinload(RequestVersion.actions))
    ).scalar_one()
    done = {
        a.action: {"done_at": a.done_at, "done_by": a.done_by, "state": a.state, "note": a.note}
        for a in previous.actions
        if a.done_at is not None
    }
    life = {
        "status": previous.status,
        "outcome": previous.outcome,
        "final_pathway": previous.final_pathway,
        "assigned_to": previous.assigned_to,
    }
    based_on = request.current_version
    session.execute(
        update(RequestVersion).where(RequestVersion.id == previous.id).values(is_current=False)
    )
    insert_version(
        session,
        request.id,
        req,
        route,
        actor=actor,
        now=now,
        version=based_on + 1,
        reason=reason,
        done=done,
        replaces=previous.id,
        life=life,
    )
    request.current_version = based_on + 1
    session.flush()
    return based_on + 1


def _amended_since(session: Session, request_id: int, based_on: int) -> bool:
    """Whether a version after ``based_on`` changed the content (not only the life)."""
    found = session.execute(
        select(RequestVersion.id).where(
            RequestVersion.request_id == request_id,
            RequestVersion.version > based_on,
            RequestVersion.life_change.is_(None),
        )
    ).first()
    return found is not None
