"""The exported records, one line of ``requests.jsonl`` per request version.

A record holds only what a version holds and never changes: its content, its route, who
took it and when. What does change later (whether an action has been done, which version is
current) is left out, so a past batch can be written again byte for byte.

Withheld fields never leave: a family whose address is withheld (someone fleeing domestic
abuse, say) has neither ``address`` nor ``postcode`` in the record, only
``address_withheld: true``, because a postcode locates a household nearly as well.

A line is exactly what ``json.dumps(record, sort_keys=True, separators=(",", ":"))`` gives
for the record as a dictionary (``tests/export/golden`` pins it), but it is put together from
templates whose keys are already in sorted order, filled column by column, each string
encoded by the C function ``json`` itself uses: an export writes 100,000 records, and
building a dictionary per record for the encoder to sort again was most of its time.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from json.encoder import encode_basestring_ascii
from typing import Any

#: The record format's version; ``resources/export/request-record.v2.schema.json`` describes it.
#: Version 2 adds, to version 1, the safeguarding concerns, ``children_unknown``,
#: ``earlier_requests``, the 999 call (``emergency``) and ``incomplete``; version 3 adds
#: ``life``, the request's life after the front door (``export.life``).
SCHEMA_VERSION = "3"
#: Every format this version of the app writes: the current one, and the ones past batches
#: were written in, so that such a batch is written again byte for byte in its own.
FORMATS = ("1", "2", "3")
#: The JSON Schema of the record format, relative to the resources folder.
SCHEMA_FILE = "export/request-record.v3.schema.json"

#: A JSON string, non-ASCII escaped: ``json``'s own encoder for strings.
quote = encode_basestring_ascii
#: One encoder for what is not a flat value (a rule trace): keys sorted, no spaces.
_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"))

# Keys in sorted order, as json.dumps(sort_keys=True) writes them; %s is an encoded value.
_RECORD_V1 = (
    '{"amendment_reason":%s,"answers":{"domestic_abuse_high_risk":%s,"immediate_danger":%s,'
    '"significant_harm":%s},"author":%s,"children":%s,"consent":%s,"contact_method":%s,'
    '"created_at":%s,"desk":%s,"family":%s,"hub":%s,"hub_chosen_by_staff":%s,"narrative":%s,'
    '"needs":%s,"primary_need":%s,"received_at":%s,"record_id":%s,"reference":%s,'
    '"referrer":%s,"route":{"actions":%s,"pathway":%s,"respond_within":%s,"rules_version":%s,'
    '"trace":%s},"schema_version":%s,"send":%s,"source":%s,"version":%s}\n'
)
_RECORD_V2 = (
    '{"amendment_reason":%s,"answers":{"domestic_abuse_high_risk":%s,"immediate_danger":%s,'
    '"significant_harm":%s},"author":%s,"children":%s,"children_unknown":%s,"concerns":%s,'
    '"consent":%s,"contact_method":%s,"created_at":%s,"desk":%s,"earlier_requests":%s,'
    '"emergency":%s,"family":%s,"hub":%s,"hub_chosen_by_staff":%s,"incomplete":%s,'
    '"narrative":%s,"needs":%s,"primary_need":%s,"received_at":%s,"record_id":%s,'
    '"reference":%s,"referrer":%s,"route":{"actions":%s,"pathway":%s,"respond_within":%s,'
    '"rules_version":%s,"trace":%s},"schema_version":%s,"send":%s,"source":%s,"version":%s}\n'
)
_RECORD = (
    '{"amendment_reason":%s,"answers":{"domestic_abuse_high_risk":%s,"immediate_danger":%s,'
    '"significant_harm":%s},"author":%s,"children":%s,"children_unknown":%s,"concerns":%s,'
    '"consent":%s,"contact_method":%s,"created_at":%s,"desk":%s,"earlier_requests":%s,'
    '"emergency":%s,"family":%s,"hub":%s,"hub_chosen_by_staff":%s,"incomplete":%s,'
    '"life":%s,"narrative":%s,"needs":%s,"primary_need":%s,"received_at":%s,"record_id":%s,'
    '"reference":%s,"referrer":%s,"route":{"actions":%s,"pathway":%s,"respond_within":%s,'
    '"rules_version":%s,"trace":%s},"schema_version":%s,"send":%s,"source":%s,"version":%s}\n'
)
_EMERGENCY = '{"called_at":%s,"called_by":%s,"police_reference":%s}'
_FAMILY = (
    '{"address":%s,"address_withheld":false,"email":%s,"first_name":%s,"interpreter":%s,'
    '"language":%s,"last_name":%s,"phone":%s,"postcode":%s}'
)
_FAMILY_WITHHELD = (
    '{"address_withheld":true,"email":%s,"first_name":%s,"interpreter":%s,"language":%s,'
    '"last_name":%s,"phone":%s}'
)
_REFERRER = '{"email":%s,"name":%s,"organisation":%s,"phone":%s}'
_CHILD = (
    '{"age_years":%s,"date_of_birth":%s,"ethnicity":%s,"first_name":%s,"gender":%s,'
    '"last_name":%s,"send":%s,"unborn":%s}'
)


def moment(value: datetime | str) -> str:
    """A stored time as ISO 8601 UTC to the second: ``2026-03-16T10:30:00Z``.

    Takes an aware time, a naive one (stored, so UTC), or SQLite's stored text
    ``2026-03-16 10:30:00.000000``.
    """
    if isinstance(value, str):
        return f"{value[:10]}T{value[11:19]}Z"
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def moments(column: Iterable[datetime | str]) -> list[str]:
    """:func:`moment` of each stored time, SQLite's text read without a call per value."""
    return [f"{v[:10]}T{v[11:19]}Z" if type(v) is str else moment(v) for v in column]


def day(value: date | str | None) -> str | None:
    """A stored date as ``2015-05-05``: SQLite's text or PostgreSQL's date."""
    if value is None:
        return None
    return value[:10] if isinstance(value, str) else value.isoformat()


# Whole columns at a time: a comprehension per column, not a function call per value.


def texts(column: Iterable[str | None]) -> list[str]:
    """Text values as JSON: strings, or ``null``."""
    return ["null" if v is None else quote(v) for v in column]


def coded(column: Sequence[Any], encode: Callable[[Any], str]) -> list[str]:
    """A column of few distinct values (codes, staff, flags), each value encoded once.

    Looking each value up in a small table is several times quicker than encoding it again.
    """
    known = {v: encode(v) for v in set(column)}
    return list(map(known.__getitem__, column))


def text(value: str | None) -> str:
    return "null" if value is None else quote(value)


def codes_texts(column: Sequence[str | None]) -> list[str]:
    """:func:`texts` of a column of few distinct values."""
    return coded(column, text)


def _flag(value: Any) -> str:
    return "null" if value is None else ("true" if value else "false")


def _flag_not_null(value: Any) -> str:
    return "true" if value else "false"


def flags(column: Sequence[Any], *, nullable: bool = True) -> list[str]:
    """Yes/no values (SQLite stores 0 or 1) as ``true``, ``false``, or ``null`` if allowed.

    ``nullable=False`` is for the values the record has always held as ``bool(value)``.
    """
    return coded(column, _flag if nullable else _flag_not_null)


def numbers(column: Iterable[int | None]) -> list[str]:
    return ["null" if v is None else str(v) for v in column]


def codes(values: Sequence[str]) -> str:
    """A list of codes (needs, actions) as JSON."""
    return "[" + ",".join(map(quote, values)) + "]"


def children(
    *,
    first_name: Sequence[str | None],
    last_name: Sequence[str | None],
    born: Sequence[str | None],
    age_years: Sequence[int | None],
    unborn: Sequence[Any],
    gender: Sequence[str | None],
    ethnicity: Sequence[str | None],
    send: Sequence[Any],
) -> list[str]:
    """Each child as JSON, from its columns (``born`` as from :func:`day`)."""
    values = zip(
        numbers(age_years), texts(born), texts(ethnicity), texts(first_name), texts(gender),
        texts(last_name), flags(send, nullable=False), flags(unborn, nullable=False),
        strict=True,
    )  # fmt: skip
    return list(map(_CHILD.__mod__, values))


def trace(stored: Any) -> str:
    """The rules that fired, as JSON: each one's rule and reason (SQLite gives JSON text)."""
    entries = json.loads(stored) if isinstance(stored, str) else stored
    return _ENCODER.encode([{"rule": t["rule"], "reason": t["reason"]} for t in entries])


def trace_cache() -> Callable[[Any], str]:
    """:func:`trace`, remembering each stored text: a rule set fires few distinct traces."""
    seen: dict[str, str] = {}

    def encoded(stored: Any) -> str:
        if not isinstance(stored, str):
            return trace(stored)
        found = seen.get(stored)
        if found is None:
            found = seen[stored] = trace(stored)
        return found

    return encoded


def _families(c: Any) -> list[str]:
    shared = zip(
        texts(c.email), texts(c.family_first_name), flags(c.interpreter, nullable=False),
        texts(c.language), texts(c.family_last_name), texts(c.phone), strict=True,
    )  # fmt: skip
    return [
        _FAMILY_WITHHELD % values if withheld else _FAMILY % (address, *values, postcode)
        for withheld, address, postcode, values in zip(
            c.withhold_address, texts(c.address), texts(c.postcode), shared, strict=True
        )
    ]


def _referrers(c: Any) -> list[str]:
    given = zip(
        c.referrer_email, c.referrer_name, c.referrer_organisation, c.referrer_phone, strict=True
    )
    encoded = zip(
        texts(c.referrer_email), texts(c.referrer_name), texts(c.referrer_organisation),
        texts(c.referrer_phone), strict=True,
    )  # fmt: skip
    return [
        _REFERRER % values if any(fields) else "null"
        for fields, values in zip(given, encoded, strict=True)
    ]


def _emergencies(c: Any) -> list[str]:
    """Each version's 999 call as JSON, or ``null`` where none was recorded."""
    return [
        "null" if at is None else _EMERGENCY % (quote(moment(at)), text(by), text(police))
        for at, by, police in zip(
            c.emergency_called_at, c.emergency_called_by, c.emergency_police_reference, strict=True
        )
    ]


def record_lines(
    c: Any,
    *,
    created_at: Sequence[str],
    received_at: Sequence[str],
    children: Sequence[str],
    needs: Sequence[str],
    actions: Sequence[str],
    concerns: Sequence[str],
    trace: Callable[[Any], str],
    life: Sequence[str] = (),
    record_format: str = SCHEMA_VERSION,
) -> list[str]:
    """The records of a run of versions as lines of JSON, in ``record_format``.

    ``c`` holds the versions' columns by name (see ``rows.Columns``); the times are as from
    :func:`moment`, the lists already encoded.
    """
    if record_format == "1":
        return _lines_v1(
            c, created_at=created_at, received_at=received_at, children=children, needs=needs,
            actions=actions, trace=trace,
        )  # fmt: skip
    n = len(c.id)
    values = zip(
        texts(c.amendment_reason),
        flags(c.domestic_abuse_high_risk), flags(c.immediate_danger), flags(c.significant_harm),
        codes_texts(c.author), children, flags(c.children_unknown, nullable=False), concerns,
        codes_texts(c.consent), codes_texts(c.contact_method), map(quote, created_at),
        codes_texts(c.desk), map(str, c.earlier_requests), _emergencies(c), _families(c),
        codes_texts(c.hub), flags(c.hub_chosen_by_staff, nullable=False),
        flags(c.incomplete, nullable=False), *([life] if record_format != "2" else []),
        texts(c.narrative), needs,
        codes_texts(c.primary_need), map(quote, received_at), map(quote, c.record_id),
        map(quote, c.reference), _referrers(c), actions, codes_texts(c.pathway),
        codes_texts(c.respond_within), codes_texts(c.rules_version), coded(c.trace, trace),
        [quote(record_format)] * n, flags(c.send, nullable=False), codes_texts(c.source),
        map(str, c.version),
        strict=True,
    )  # fmt: skip
    return list(map((_RECORD_V2 if record_format == "2" else _RECORD).__mod__, values))


def _lines_v1(
    c: Any,
    *,
    created_at: Sequence[str],
    received_at: Sequence[str],
    children: Sequence[str],
    needs: Sequence[str],
    actions: Sequence[str],
    trace: Callable[[Any], str],
) -> list[str]:
    """Records in format 1, as past batches were written (no concerns, no 999 call)."""
    n = len(c.id)
    values = zip(
        texts(c.amendment_reason),
        flags(c.domestic_abuse_high_risk), flags(c.immediate_danger), flags(c.significant_harm),
        codes_texts(c.author), children, codes_texts(c.consent), codes_texts(c.contact_method),
        map(quote, created_at), codes_texts(c.desk), _families(c), codes_texts(c.hub),
        flags(c.hub_chosen_by_staff, nullable=False), texts(c.narrative), needs,
        codes_texts(c.primary_need), map(quote, received_at), map(quote, c.record_id),
        map(quote, c.reference), _referrers(c), actions, codes_texts(c.pathway),
        codes_texts(c.respond_within), codes_texts(c.rules_version), coded(c.trace, trace),
        [quote("1")] * n, flags(c.send, nullable=False), codes_texts(c.source),
        map(str, c.version),
        strict=True,
    )  # fmt: skip
    return list(map(_RECORD_V1.__mod__, values))
