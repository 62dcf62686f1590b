"""Finding requests: today's and recent ones, or by name, postcode, phone, reference or birth date.

What the search box's text matches is :mod:`triage_app.services.matching` (people's names:
:mod:`triage_app.services.name_search`); who may see which requests is
:mod:`triage_app.services.visibility`. Here the matches are narrowed by the filters and the
caller's visibility, each hands on only its newest few hundred, and the list is ranked:
exact matches first, then names begun, then names that sound alike; newest first within
each. Only current versions are listed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Select, false, func, literal, select, union_all
from sqlalchemy.orm import Session

from triage_app.domain.actor import Actor
from triage_app.domain.localtime import local_day_start, local_today
from triage_app.services.matching import text_matches
from triage_app.services.name_search import (
    EXACT,
    SOUNDS,
    SeenPart,
    WordCounts,
    name_matches,
    newest_named,
    seen_words,
    word_counts,
)
from triage_app.services.visibility import visible_clause, visible_parts
from triage_app.store.expressions import NotIndexed
from triage_app.store.lookup_models import NameWord
from triage_app.store.models import Request, RequestVersion
from triage_app.store.version_models import ActionRow, ChildRow

#: With no text and no dates, the list shows requests received today and this many days before.
RECENT_DAYS = 7
#: A query of matching version ids.
_Ids = Select[int]
#: Every rank of match: exact, a name begun, a name sounding alike.
ALL_RANKS = range(EXACT, SOUNDS + 1)


@dataclass(frozen=True)
class RequestQuery:
    """What staff asked for; every part is optional. Dates are Coventry (local) days."""

    text: str | None = None
    hub: str | None = None
    pathway: str | None = None
    received_from: date | None = None
    received_to: date | None = None


@dataclass(frozen=True)
class RequestRow:
    """One line of the requests list: enough to recognise a request, not to read it."""

    reference: str
    received_at: datetime
    hub: str | None
    pathway: str
    primary_need: str | None
    family: str
    children: int
    version: int
    open_actions: int


def family_display(first_name: str | None, last_name: str | None) -> str:
    """The least that tells families apart in a list: "Smith, J.", or "—" with no name."""
    first = (first_name or "").strip()
    last = (last_name or "").strip()
    initial = f"{first[0].upper()}." if first else ""
    if last:
        return f"{last}, {initial}" if initial else last
    return initial or "—"


def search_query(
    query: RequestQuery,
    *,
    actor: Actor,
    now: datetime,
    limit: int = 200,
    ranks: range = ALL_RANKS,
    counts: WordCounts | None = None,
) -> Select:  # type: ignore[type-arg]
    """The SQL for :func:`search_requests` (also what the query-plan tests look at).

    ``ranks``: the ranks of match looked for (:data:`EXACT` alone, or the looser ones
    alone once every exact match is known). ``counts``: the name's
    :func:`~triage_app.services.name_search.word_counts`, so each name match is driven by
    its rarest word.
    """
    children = (
        select(func.count(ChildRow.id)).where(ChildRow.version_id == RequestVersion.id)
    ).scalar_subquery()
    open_actions = (
        select(func.count(ActionRow.id)).where(
            ActionRow.version_id == RequestVersion.id, ActionRow.done_at.is_(None)
        )
    ).scalar_subquery()
    q = select(
        Request.reference,
        RequestVersion.received_at,
        RequestVersion.hub,
        RequestVersion.pathway,
        RequestVersion.primary_need,
        RequestVersion.family_first_name,
        RequestVersion.family_last_name,
        children,
        RequestVersion.version,
        open_actions,
    ).join(Request, Request.id == RequestVersion.request_id)
    text = (query.text or "").strip()
    narrow = _narrowing(query, actor=actor, now=now, text=bool(text))
    newest = (RequestVersion.received_at.desc(), Request.reference)
    if not text:
        return q.where(RequestVersion.is_current, *narrow).order_by(*newest).limit(limit)
    ranked = [
        _newest(ids.where(*narrow), limit).add_columns(literal(rank).label("rank"))
        for ids, rank in text_matches(text, local_today(now), hub=query.hub is not None)
        if rank in ranks
    ]
    # Who may see what is sought in name_words itself, a part at a time (a receptionist's
    # hub, their own requests); with no filter chosen, a name match never reads a version
    # row until it is listed. A hub chosen, and the days, are name_words' own hub and time
    # too (ix_name_words_hub, ix_name_words_word): testing them on each match's version row
    # read thousands of rows for a common surname (1.2 s for a day's "Synthwell" at a
    # million requests).
    filters = [RequestVersion.pathway == query.pathway] if query.pathway else None
    days = _received(query, now=now, text=True)
    parts = [_in_part(seen, query.hub, days) for seen in seen_words(visible_parts(actor, now))]
    ranked += [
        named
        for seen in parts
        for match in name_matches(text, counts, seen.other)
        if match.rank in ranks
        for named in newest_named(match, filters, limit, seen)
    ]
    if not ranked:
        return q.where(false()).limit(limit)
    found = union_all(*ranked).subquery("found")
    best = (
        select(found.c.id, func.min(found.c.rank).label("rank"))
        .group_by(found.c.id)
        .subquery("best")
    )
    q = q.join(best, best.c.id == RequestVersion.id)
    return q.order_by(best.c.rank, *newest).limit(limit)


def _in_part(
    seen: SeenPart, hub: str | None, days: tuple[datetime | None, datetime | None]
) -> SeenPart:
    """``seen`` narrowed to the hub chosen and the days (if any), by name_words' own columns.

    A part sought by version (the requests someone took) never uses an index of theirs.
    """
    where = list(seen.where)
    by_version = seen.by_version
    if hub:
        where.append((NotIndexed(NameWord.hub) if by_version else NameWord.hub) == hub)
    since, before = days
    received = NotIndexed(NameWord.received_at) if by_version else NameWord.received_at
    if since is not None:
        where.append(received >= since)
    if before is not None:
        where.append(received < before)
    return replace(seen, where=tuple(where))


def _newest(ids: _Ids, limit: int) -> _Ids:
    """Of what ``ids`` matches, those received no earlier than its ``limit``-th newest.

    The list's newest ``limit`` are among these, whichever match they came from, so each
    match hands on a few hundred ids rather than thousands, and the wide version rows are
    read for those alone (the cut is found from the match's index). The cut is a time, not
    a count, so requests received at the same moment are all kept and the list's order (by
    time, then reference) decides between them.
    """
    cut = (
        ids.with_only_columns(RequestVersion.received_at)
        .order_by(RequestVersion.received_at.desc())
        .offset(limit - 1)
        .limit(1)
        .correlate(None)
        .scalar_subquery()
    )
    return ids.where(RequestVersion.received_at >= func.coalesce(cut, RequestVersion.received_at))


def _narrowing(
    query: RequestQuery, *, actor: Actor, now: datetime, text: bool
) -> list[ColumnElement[bool]]:
    """What the actor may see, and the filters chosen: hub, course of action, days."""
    narrow = [visible_clause(actor, now)]
    if query.hub:
        narrow.append(RequestVersion.hub == query.hub)
    if query.pathway:
        narrow.append(RequestVersion.pathway == query.pathway)
    since, before = _received(query, now=now, text=text)
    if since is not None:
        narrow.append(RequestVersion.received_at >= since)
    if before is not None:
        narrow.append(RequestVersion.received_at < before)
    return narrow


def _received(
    query: RequestQuery, *, now: datetime, text: bool
) -> tuple[datetime | None, datetime | None]:
    """The moments the days chosen begin and end (the recent days with no text or day)."""
    since = query.received_from
    if since is None and not text and query.received_to is None:
        since = local_today(now) - timedelta(days=RECENT_DAYS)
    before = query.received_to + timedelta(1) if query.received_to is not None else None
    return (
        local_day_start(since) if since is not None else None,
        local_day_start(before) if before is not None else None,
    )


def search_requests(
    session: Session, query: RequestQuery, *, actor: Actor, now: datetime, limit: int = 200
) -> list[RequestRow]:
    """Current versions matching ``query`` that the actor may see, newest first.

    With no text and no dates: requests received today and in the :data:`RECENT_DAYS` days
    before (the window passes the desk's hub as ``query.hub``). Text that cannot be read as
    any kind of thing (a single letter, say) matches nothing.

    Raises:
        NotPermitted: the actor's role may not see requests.
    """
    # Exact matches first, alone: when they fill the list, names begun or sounding alike
    # would all be listed after them, so they are not looked for. When they do not, they
    # are every exact match, listed first; the looser matches are looked for alone (the
    # exact ones are not sought again) and listed after them, less those already listed.
    text = (query.text or "").strip()
    counts = word_counts(session, text) if text else None
    exact = range(EXACT, EXACT + 1)
    rows = list(
        session.execute(
            search_query(query, actor=actor, now=now, limit=limit, ranks=exact, counts=counts)
        ).all()
    )
    if len(rows) < limit and text:
        looser = range(EXACT + 1, SOUNDS + 1)
        found = search_query(query, actor=actor, now=now, limit=limit, ranks=looser, counts=counts)
        listed = {row[0] for row in rows}
        rows += [row for row in session.execute(found).all() if row[0] not in listed]
        rows = rows[:limit]
    return [
        RequestRow(
            reference=ref,
            received_at=received,
            hub=hub,
            pathway=pathway,
            primary_need=need,
            family=family_display(first, last),
            children=children,
            version=version,
            open_actions=open_count,
        )
        for ref, received, hub, pathway, need, first, last, children, version, open_count in rows
    ]
