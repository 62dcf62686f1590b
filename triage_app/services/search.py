"""Finding requests: today's and recent ones, or by name, postcode, phone, reference or birth date.

One box takes what staff have to hand. What was typed is read as each kind of thing it could
be, and a request matching any of them is shown:

- a reference ("HH-7KQ4-M9XD", "hh 7kq4 m9xd"): that request;
- a date of birth ("03/11/2019" or "2019-11-03"): requests naming a child born that day;
- a phone number (6 or more digits): requests whose family's phone starts with them;
- a postcode or its start ("CV6", "cv6 1hd"): requests from there;
- a name (2 or more letters): the family's or a child's surname starting with it, with
  case, accents, spaces and punctuation folded away ("oneill" finds "O'Neill", "zoe" finds
  "Zoë"); "Amelia Smith" also finds a child called Amelia Smith.

Every match is a seek on an indexed, normalised ``*_key`` column (equality, or a prefix
written as a range on SQLite and as ``LIKE`` over byte-ordered indexes on PostgreSQL), and
each hands on only its newest few hundred, so a search stays quick however many requests
are stored. Only current versions are listed, newest first.

Who sees what is the role's (:func:`triage_app.accounts.roles.visible_scope`): a team
leader sees every request; a call handler or receptionist sees the requests they took and
their hub's requests of the last :data:`HUB_VISIBLE_DAYS` days; anyone else, nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    false,
    func,
    literal,
    or_,
    select,
    true,
    union,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from triage_app.accounts.roles import Scope, require, visible_scope
from triage_app.domain.actor import Actor
from triage_app.domain.keys import name_key, phone_key, postcode_key
from triage_app.domain.localtime import local_day_start, local_today
from triage_app.store.expressions import NotIndexed
from triage_app.store.models import ActionRow, ChildRow, Request, RequestVersion
from triage_app.store.requests import normalise_reference

#: With no text and no dates, the list shows requests received today and this many days before.
RECENT_DAYS = 7
#: How far back a call handler or receptionist sees their hub's requests (about the
#: re-referral window of twelve months).
HUB_VISIBLE_DAYS = 365
MIN_NAME_CHARS = 2
MIN_PHONE_DIGITS = 6
#: Sorts after every character a key can hold (keys are folded to ASCII letters and digits).
_AFTER_ALL = "\U0010ffff"
_REFERENCE = re.compile(r"HH-[0-9A-Z]{4}-[0-9A-Z]{4}")
_UK_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PHONE = re.compile(r"\+?[\d\s()\-]+")
_POSTCODE_START = re.compile(r"[A-Z]{1,2}\d[A-Z0-9]*")
#: A query of matching version ids.
_Ids = Select[int]
#: Another version of the same table, in a query's subquery: the first version of a request
#: (who took it), or a family with the surname searched for. Made once, as making an alias
#: and its columns costs more than the rest of building a search.
_FIRST = aliased(RequestVersion, name="first_version")
_FAMILY = aliased(RequestVersion, name="family_version")


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


def parse_birth_date(text: str) -> date | None:
    """A date typed as dd/mm/yyyy (or with . or -) or as ISO yyyy-mm-dd; else ``None``."""
    text = text.strip()
    iso = _ISO_DATE.fullmatch(text)
    uk = _UK_DATE.fullmatch(text)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if uk:
            return date(int(uk.group(3)), int(uk.group(2)), int(uk.group(1)))
    except ValueError:
        return None
    return None


# --- who sees what -----------------------------------------------------------------------


def visible_clause(actor: Actor, now: datetime) -> ColumnElement[bool]:
    """The requests (current versions) the actor may list, search and open.

    Raises:
        NotPermitted: the actor's role may not see requests at all.
    """
    scope = visible_scope(actor.role)
    if scope is Scope.ALL:
        return true()
    if scope is Scope.NONE:
        require(actor, "view_own_and_hub_requests")  # raises, with who to ask
    # The requests the actor took, read once from the authors' index (not a look-up of each
    # candidate's first version, a second row for every match of a search); a test of each
    # match, never where SQLite starts (someone may have taken thousands).
    own = NotIndexed(RequestVersion.request_id).in_(
        select(_FIRST.request_id).where(_FIRST.author == actor.username, _FIRST.version == 1)
    )
    if not actor.hub:
        return own
    hub_recent = and_(
        RequestVersion.hub == actor.hub,
        RequestVersion.received_at >= now - timedelta(days=HUB_VISIBLE_DAYS),
    )
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


# --- matching what was typed -------------------------------------------------------------


class _StartsWith(FunctionElement[bool]):
    """``column`` starts with a prefix, written so that an ordinary index answers it.

    SQLite cannot use an index for ``LIKE`` (it is case-insensitive there), so it gets the
    range ``prefix <= column < prefix + U+10FFFF``; keys hold ASCII letters and digits only,
    so the range is exact. Other databases get ``LIKE 'prefix%'``, which stays right under
    any collation (PostgreSQL seeks it in the ``varchar_pattern_ops`` indexes of migration
    0005).
    """

    name = "starts_with"
    inherit_cache = True


class _ExtendsPast(_StartsWith):
    """``column`` starts with a prefix and is longer than it."""

    name = "extends_past"
    inherit_cache = True


@compiles(_StartsWith)
def _as_like(element: _StartsWith, compiler: SQLCompiler, **kw: Any) -> str:
    column, prefix, _upper = element.clauses
    match = column.startswith(prefix)
    if isinstance(element, _ExtendsPast):
        match = and_(match, column != prefix)
    return f"({compiler.process(match, **kw)})"


@compiles(_StartsWith, "sqlite")
def _as_range(element: _StartsWith, compiler: SQLCompiler, **kw: Any) -> str:
    column, prefix, upper = element.clauses
    low = column > prefix if isinstance(element, _ExtendsPast) else column >= prefix
    return f"({compiler.process(and_(low, column < upper), **kw)})"


def _starts_with(
    column: InstrumentedAttribute[str | None], prefix: str, *, longer: bool = False
) -> ColumnElement[bool]:
    kind = _ExtendsPast if longer else _StartsWith
    return kind(column, literal(prefix), literal(prefix + _AFTER_ALL))


def _current(ids: _Ids) -> _Ids:
    """Only the current versions of what ``ids`` matches.

    Written so no index can answer it: the match's own index seek must drive the query, not
    the index on ``is_current`` (which nearly every row satisfies), whatever the planner
    guesses without statistics.
    """
    return ids.where(func.coalesce(RequestVersion.is_current, false()))


def _children(*criteria: ColumnElement[bool]) -> _Ids:
    return _current(
        select(RequestVersion.id)
        .select_from(ChildRow)
        .join(RequestVersion, RequestVersion.id == ChildRow.version_id)
        .where(*criteria)
    )


def _versions(*criteria: ColumnElement[bool]) -> _Ids:
    return _current(select(RequestVersion.id).where(*criteria))


def _surname_matches(key: str) -> list[_Ids]:
    """Families and children whose surname starts with ``key``.

    Split so each part is cheap: families with exactly that surname; families with a
    longer one; children with the surname whose family does not have it too. A child
    whose family has it is found through the family, so the thousands of children sharing
    a common surname with their family are never looked up one by one.
    """
    same_family = select(_FAMILY.id).where(_starts_with(_FAMILY.family_last_name_key, key))
    return [
        _versions(RequestVersion.family_last_name_key == key),
        _versions(_starts_with(RequestVersion.family_last_name_key, key, longer=True)),
        _children(
            _starts_with(ChildRow.last_name_key, key), ChildRow.version_id.not_in(same_family)
        ),
    ]


def _name_matches(text: str) -> list[_Ids]:
    key = name_key(text)
    if key is None or len(key) < MIN_NAME_CHARS or not any(c.isalpha() for c in key):
        return []
    found = _surname_matches(key)
    words = text.split()
    if len(words) >= 2:  # "Amelia Smith": a child's first name and surname, or the surname
        first, last = name_key(" ".join(words[:-1])), name_key(words[-1])
        if first and last:
            found.append(
                _children(
                    ChildRow.last_name_key == last, _starts_with(ChildRow.first_name_key, first)
                )
            )
            found.append(_versions(RequestVersion.family_last_name_key == last))
    return found


def _reference_match(text: str) -> ColumnElement[bool] | None:
    """A whole reference, or the start of one read out so far ("HH-7KQ4", "hh 7kq4 m")."""
    reference = normalise_reference(text)
    if _REFERENCE.fullmatch(reference):
        return Request.reference == reference
    body = "".join(c for c in text.upper() if c.isalnum())
    typed = body.removeprefix("HH")
    if typed == body or not 4 <= len(typed) < 8:
        return None
    written = normalise_reference("HH" + typed.ljust(8, "0"))  # "HH-7KQ4-M000"
    prefix = written[: 3 + len(typed) + (1 if len(typed) > 4 else 0)]  # "HH-7KQ4-M"
    return _starts_with(Request.reference, prefix)


def text_matches(text: str) -> list[_Ids]:
    """For each way ``text`` can be read, a query of the current version ids it matches."""
    text = text.strip()
    if not text:
        return []
    born = parse_birth_date(text)
    if born is not None:
        return [_children(ChildRow.date_of_birth == born)]
    found: list[_Ids] = []
    reference = _reference_match(text)
    if reference is not None:
        found.append(
            _current(
                select(RequestVersion.id)
                .join(Request, Request.id == RequestVersion.request_id)
                .where(reference)
            )
        )
    phone = phone_key(text)
    if _PHONE.fullmatch(text) and phone and len(phone) >= MIN_PHONE_DIGITS:
        found.append(_versions(_starts_with(RequestVersion.phone_key, phone)))
    postcode = postcode_key(text)
    if postcode and _POSTCODE_START.fullmatch(postcode):
        found.append(_versions(_starts_with(RequestVersion.postcode_key, postcode)))
    return found + _name_matches(text)


# --- the list ----------------------------------------------------------------------------


def search_query(query: RequestQuery, *, actor: Actor, now: datetime, limit: int = 200) -> Select:  # type: ignore[type-arg]
    """The SQL for :func:`search_requests` (also what the query-plan tests look at)."""
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
    if text:
        matches = [_newest(m.where(*narrow), limit) for m in text_matches(text)]
        q = q.where(RequestVersion.id.in_(union(*matches)) if matches else false())
    else:
        q = q.where(RequestVersion.is_current, *narrow)
    return q.order_by(RequestVersion.received_at.desc(), Request.reference).limit(limit)


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
    since = query.received_from
    if since is None and not text and query.received_to is None:
        since = local_today(now) - timedelta(days=RECENT_DAYS)
    if since is not None:
        narrow.append(RequestVersion.received_at >= local_day_start(since))
    if query.received_to is not None:
        day_after = local_day_start(query.received_to + timedelta(1))
        narrow.append(RequestVersion.received_at < day_after)
    return narrow


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
    rows = session.execute(search_query(query, actor=actor, now=now, limit=limit))
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
