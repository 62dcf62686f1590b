"""What the search box's text matches, each way it can be read, ranked.

One box takes what staff have to hand. What was typed is read as each kind of thing it could
be, and a request matching any of them is shown:

- a reference ("HH-7KQ4-M9XD", "hh 7kq4 m9xd"): that request;
- a date of birth ("03/11/2019", "3/11/19" or "2019-11-03"): requests naming a child born
  that day;
- a phone number (6 or more digits): requests whose family's phone starts with them;
- a postcode or its start ("CV6", "cv6 1hd"): requests from there;
- a name (2 or more letters): see :mod:`triage_app.services.name_search`, whose matches
  are read from ``name_words`` alone.

Each reading here is a query of current version ids with its rank (all :data:`EXACT`);
every one is a seek on an index, never a scan.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import ColumnElement, Select, false, func, select

from triage_app.domain.dates import NotADate, read_date
from triage_app.domain.keys import phone_key, postcode_key
from triage_app.services.name_search import EXACT, Ranked
from triage_app.services.prefix import starts_with
from triage_app.store.expressions import NotIndexed
from triage_app.store.models import Request, RequestVersion
from triage_app.store.references import normalise_reference
from triage_app.store.version_models import ChildRow

MIN_PHONE_DIGITS = 6
#: The shortest whole postcode's key ("M11AA"): anything shorter is the start of one.
_WHOLE_POSTCODE = 5
_REFERENCE = re.compile(r"HH-[0-9A-Z]{4}-[0-9A-Z]{4}")
_PHONE = re.compile(r"\+?[\d\s()\-]+")
_POSTCODE_START = re.compile(r"[A-Z]{1,2}\d[A-Z0-9]*")
#: A query of matching version ids.
_Ids = Select[int]


def parse_birth_date(text: str, today: date) -> date | None:
    """A date as staff type it (see :func:`triage_app.domain.dates.read_date`); else ``None``."""
    try:
        return read_date(text, today)
    except NotADate:
        return None


def current(ids: _Ids) -> _Ids:
    """Only the current versions of what ``ids`` matches.

    Written so no index can answer it: the match's own index seek must drive the query, not
    the index on ``is_current`` (which nearly every row satisfies), whatever the planner
    guesses without statistics.
    """
    return ids.where(func.coalesce(RequestVersion.is_current, false()))


def _versions(*criteria: ColumnElement[bool]) -> _Ids:
    return current(select(RequestVersion.id).where(*criteria))


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
    return starts_with(Request.reference, prefix)


def text_matches(text: str, today: date, *, hub: bool = False) -> list[Ranked]:
    """For each way ``text`` can be read, a query of the current version ids it matches.

    ``hub``: a hub is chosen as well; see :func:`_postcode_match`.
    """
    text = text.strip()
    if not text:
        return []
    born = parse_birth_date(text, today)
    if born is not None:
        children = (
            select(RequestVersion.id)
            .select_from(ChildRow)
            .join(RequestVersion, RequestVersion.id == ChildRow.version_id)
            .where(ChildRow.date_of_birth == born)
        )
        return [(current(children), EXACT)]
    found: list[Ranked] = []
    reference = _reference_match(text)
    if reference is not None:
        # The requests' ids first, then their versions: as a join, a hub or a pathway chosen
        # beside a reference made SQLite read every version to test it (3 s at a million).
        requests = select(Request.id).where(reference)
        found.append((_versions(RequestVersion.request_id.in_(requests)), EXACT))
    phone = phone_key(text)
    if _PHONE.fullmatch(text) and phone and len(phone) >= MIN_PHONE_DIGITS:
        found.append((_versions(starts_with(RequestVersion.phone_key, phone)), EXACT))
    postcode = postcode_key(text)
    if postcode and _POSTCODE_START.fullmatch(postcode):
        found.append((_postcode_match(postcode, hub=hub), EXACT))
    return found


def _postcode_match(postcode: str, *, hub: bool) -> _Ids:
    """Current versions whose postcode starts with ``postcode`` (a whole one, or its start).

    With a hub chosen, the hub's current versions are walked newest first, the postcode
    tested in the same index (``ix_request_versions_current_hub_received`` holds it): the
    postcode's own index would have each match's row read to test its hub, and the start
    of one, "CV2" typed on the way to "CV2 4UH", matches a fifth of all requests (the
    window froze for 12 s at 1,000,000). A whole postcode is a handful: its index, always.
    """
    if hub and len(postcode) < _WHOLE_POSTCODE:
        column = NotIndexed(RequestVersion.postcode_key)
        return select(RequestVersion.id).where(
            RequestVersion.is_current, starts_with(column, postcode)
        )
    return _versions(starts_with(RequestVersion.postcode_key, postcode))
