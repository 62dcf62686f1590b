"""Who sees which requests, and the service's days: shared by search, follow-up and opening.

Who sees what is the role's (:func:`triage_app.accounts.roles.visible_scope`): a team
leader sees every request; a call handler or receptionist sees the requests they took and
their hub's requests of the last :data:`HUB_VISIBLE_DAYS` days; anyone else, nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, and_, or_, select, true
from sqlalchemy.orm import Session, aliased

from triage_app.accounts.roles import Scope, require, visible_scope
from triage_app.domain.actor import Actor
from triage_app.store.expressions import NotIndexed
from triage_app.store.models import Request, RequestVersion

#: How far back a call handler or receptionist sees their hub's requests (about the
#: re-referral window of twelve months).
HUB_VISIBLE_DAYS = 365
#: The first version of a request (who took it), in a subquery. Made once, as making an
#: alias and its columns costs more than the rest of building a search.
_FIRST = aliased(RequestVersion, name="first_version")


@dataclass(frozen=True)
class Seen:
    """What an actor may see, in the parts a search seeks apart.

    ``everything``: a team leader's every request, and nothing else is set. Otherwise the
    requests received at ``hub`` (if any) no earlier than ``since``, and those whose ids
    ``own`` lists (the requests the actor took, read from the authors' index).
    """

    everything: bool
    hub: str | None = None
    since: datetime | None = None
    own: Select[int] | None = None


def visible_parts(actor: Actor, now: datetime) -> Seen:
    """The requests the actor may list, search and open, as :class:`Seen`.

    Raises:
        NotPermitted: the actor's role may not see requests at all.
    """
    scope = visible_scope(actor.role)
    if scope is Scope.ALL:
        return Seen(everything=True)
    if scope is Scope.NONE:
        require(actor, "view_own_and_hub_requests")  # raises, with who to ask
    own = select(_FIRST.request_id).where(_FIRST.author == actor.username, _FIRST.version == 1)
    since = now - timedelta(days=HUB_VISIBLE_DAYS)
    return Seen(everything=False, hub=actor.hub or None, since=since, own=own)


def visible_clause(actor: Actor, now: datetime) -> ColumnElement[bool]:
    """The requests (current versions) the actor may list, search and open.

    Raises:
        NotPermitted: the actor's role may not see requests at all.
    """
    seen = visible_parts(actor, now)
    if seen.own is None:
        return true()
    # The requests the actor took, read once from the authors' index (not a look-up of each
    # candidate's first version, a second row for every match of a search); a test of each
    # match, never where SQLite starts (someone may have taken thousands).
    own = NotIndexed(RequestVersion.request_id).in_(seen.own)
    if seen.hub is None:
        return own
    hub_recent = and_(RequestVersion.hub == seen.hub, RequestVersion.received_at >= seen.since)
    return or_(own, hub_recent)


def can_see(session: Session, reference: str, *, actor: Actor, now: datetime) -> bool:
    """Whether the actor may see this request (False also when there is no such request)."""
    found = session.execute(
        select(Request.id)
        .join(RequestVersion, RequestVersion.request_id == Request.id)
        .where(
            Request.reference == reference,
            RequestVersion.is_current,
            visible_clause(actor, now),
        )
    ).first()
    return found is not None
