"""Saving a change to a request's life as a new version of it: the store's half of issue 18.

A status change, an attempt, a note, an override or an assignment is a new version of the
request, copied from the current one in the database (``INSERT ... SELECT``: the content is
not read into Python and written back), carrying the request's life as it now stands. So
the export's trigger puts it on the waiting list like any version, the central system hears
of each change once, in order, and a past batch is written again byte for byte. The rows the
change adds (an attempt, a note …) name the version that carried them.

The copy keeps what was received and routed; who saved it (``author``, ``desk``), when, and
what made it (``life_change``) are the change's. The re-referral answer is the copied
version's, moved to the new one (its content, and so its matches, are the same).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, bindparam, insert, literal, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from triage_app.domain.actor import Actor
from triage_app.store import figure_counts, rereferrals
from triage_app.store.lookup_models import NameWord, RereferralRow
from triage_app.store.models import Base, Request, RequestVersion
from triage_app.store.requests import UnknownReference
from triage_app.store.version_models import ActionRow, ChildRow, ConcernRow, NeedRow

_VERSIONS: Table = Base.metadata.tables[RequestVersion.__tablename__]
#: Columns a life version sets itself; every other column is copied from the current version.
_STAMPED = ("id", "version", "is_current", "created_at", "author", "desk", "amendment_reason")
#: The request's life, as a change may set it.
LIFE_COLUMNS = ("status", "outcome", "final_pathway", "assigned_to", "life_change")
#: Set by a change besides the life itself: an override that makes the route more urgent
#: brings its due time forward (``services.overrides``).
_ALSO_SET = ("due_at", "respond_within")
_ACTIONS = Base.metadata.tables[ActionRow.__tablename__]
_PARTS = tuple(
    Base.metadata.tables[model.__tablename__]
    for model in (ChildRow, NeedRow, ConcernRow, ActionRow)
)


@dataclass(frozen=True)
class Current:
    """The request a change is made to, as its current version stands (row-locked)."""

    request_id: int
    reference: str
    version: int
    version_id: int
    status: str
    outcome: str | None
    pathway: str
    final_pathway: str | None
    assigned_to: str | None
    hub: str | None
    received_at: datetime

    @property
    def standing_pathway(self) -> str:
        return self.final_pathway or self.pathway


def lock_current(session: Session, reference: str) -> Current:
    """The request's current version, with the request row locked until the caller commits.

    Called before any change to its life, so two desks changing it at once take turns, and
    each sees the other's change. Re-referrals are serialised first (their lock comes before
    any row lock, see ``rereferrals.serialise``).

    Raises:
        UnknownReference: no request has this reference.
    """
    rereferrals.serialise(session)
    request = session.execute(
        select(Request.id, Request.current_version)
        .where(Request.reference == reference)
        .with_for_update()
    ).first()
    if request is None:
        raise UnknownReference(f"no request has the reference {reference}")
    row = session.execute(
        select(
            RequestVersion.id,
            RequestVersion.version,
            RequestVersion.status,
            RequestVersion.outcome,
            RequestVersion.pathway,
            RequestVersion.final_pathway,
            RequestVersion.assigned_to,
            RequestVersion.hub,
            RequestVersion.received_at,
        ).where(RequestVersion.request_id == request.id, RequestVersion.is_current)
    ).one()
    return Current(
        request.id,
        reference,
        row.version,
        row.id,
        row.status,
        row.outcome,
        row.pathway,
        row.final_pathway,
        row.assigned_to,
        row.hub,
        row.received_at,
    )


def add_life_version(
    session: Session,
    current: Current,
    *,
    actor: Actor,
    now: datetime,
    change: str,
    added_actions: Sequence[str] = (),
    left_out: Collection[str] = (),
    **life: Any,
) -> int:
    """Copy the current version as the next one, with ``life`` set on it; returns its number.

    ``life`` may set any of :data:`LIFE_COLUMNS` but ``life_change`` (which is ``change``),
    ``due_at`` and ``respond_within``; the rest are copied. ``added_actions`` are added,
    open, before the copied actions (as the contract's floor puts its own first), and
    ``left_out`` actions are not copied (they stay on the earlier versions). The caller made
    ``current`` with :func:`lock_current`.
    """
    unknown = set(life) - set(LIFE_COLUMNS) - set(_ALSO_SET)
    if unknown:
        raise ValueError(f"not a life column: {sorted(unknown)}")
    stamped: dict[str, Any] = {
        "version": current.version + 1,
        "is_current": True,
        "created_at": now,
        "author": actor.username,
        "desk": actor.desk,
        "amendment_reason": None,
        **life,
        "life_change": change,
    }
    names = [c.name for c in _VERSIONS.columns if c.name != "id"]
    values = [
        bindparam(f"set_{name}", stamped[name], type_=_VERSIONS.c[name].type)
        if name in stamped
        else _VERSIONS.c[name]
        for name in names
    ]
    session.execute(
        update(RequestVersion)
        .where(RequestVersion.id == current.version_id)
        .values(is_current=False)
        .execution_options(synchronize_session=False)
    )
    new_id: int = session.execute(
        insert(_VERSIONS)
        .from_select(names, select(*values).where(_VERSIONS.c.id == current.version_id))
        .returning(_VERSIONS.c.id)
    ).scalar_one()
    for table in _PARTS:
        copied = [c.name for c in table.columns if c.name not in ("id", "version_id")]
        taken: list[ColumnElement[Any]] = [table.c[n] for n in copied]
        kept = [table.c.version_id == current.version_id]
        if table is _ACTIONS and added_actions:  # first, as a route's floor puts its own
            taken[copied.index("position")] = table.c.position + len(added_actions)
        if table is _ACTIONS and left_out:
            kept.append(table.c.action.not_in(list(left_out)))
        rows = select(literal(new_id), *taken).where(*kept)
        session.execute(insert(table).from_select(["version_id", *copied], rows))
    if added_actions:
        session.execute(
            insert(ActionRow),
            [
                {"version_id": new_id, "position": i, "action": action}
                for i, action in enumerate(added_actions)
            ],
        )
    figure_counts.replaced(session, current.version_id, new_id)
    for follows_current in (RereferralRow, NameWord):  # kept for the current version only
        session.execute(
            update(follows_current)
            .where(follows_current.version_id == current.version_id)
            .values(version_id=new_id)
            .execution_options(synchronize_session=False)
        )
    session.execute(
        update(Request)
        .where(Request.id == current.request_id)
        .values(current_version=current.version + 1)
        .execution_options(synchronize_session=False)
    )
    return current.version + 1
