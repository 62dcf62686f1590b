"""The JSON shape of a request (the fixed contract of ``route`` and ``record``), parsed once.

Pydantic checks structure and types with ``extra="forbid"``; the codes are then checked
against the loaded vocabularies by :func:`triage_app.domain.checks.check_request`, so the
message for an unknown code can suggest the one that was meant. Every problem is reported,
each named by its field path (``children[1].age_years``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Annotated, Any, Required

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    with_config,
)
from pydantic_core import PydanticCustomError, SchemaValidator
from typing_extensions import TypedDict

from triage_app.domain import limits
from triage_app.domain.built import building
from triage_app.domain.dates import HOW_TO_TYPE_DATE, NotADate, read_date
from triage_app.domain.localtime import uk_wall_clock
from triage_app.domain.request import (
    Answers,
    Child,
    EmergencyCall,
    Family,
    Referrer,
    TriageRequest,
)
from triage_app.errors import InvalidInput, Problem

#: How to write a moment, said when one cannot be read.
WRITE_MOMENT = "write it as 2026-03-16T09:15:00+00:00, 2026-03-16T09:15 or 2026-03-16"


def _local_if_naive(moment: datetime) -> datetime:
    """A time with no zone is read as UK time, a date alone as the start of that UK day.

    Importers often write ``2026-03-16T09:15`` or ``2026-03-16``; both are what a desk in
    Coventry would mean, summer time included. A clock time the UK skipped or repeated (the
    clocks changing) is refused, saying which (:func:`uk_wall_clock`), never moved an hour;
    so is a time stored in UTC that has none there (0001-01-01 at +14:00).
    """
    try:
        if moment.tzinfo is None:
            return uk_wall_clock(moment)
        moment.astimezone(UTC)
    except OverflowError:
        raise ValueError(
            "is outside the calendar once in UTC: write a time such as 2026-03-16T09:15:00+00:00"
        ) from None
    return moment


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?", re.DOTALL)


def _storable(text: str) -> str:
    """Text a database column can hold: PostgreSQL's text refuses the NUL character."""
    if limits.NUL in text:
        raise PydanticCustomError("nul", "contains a NUL character, which cannot be stored")
    return text


def _iso_date(value: object) -> object:
    """A date written as text, ``YYYY-MM-DD``.

    Never a number, which would be taken as seconds since 1970, nor any other shape.
    """
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("iso_date", "must be a date written as text, YYYY-MM-DD")
    return value


#: A day/month/year date whose year has two digits ("10/1/19").
_SHORT_YEAR = re.compile(r"(?<![\d-])(?:\d{1,2}|[A-Za-z]{3,9}\.?)\s*[/.\- ]\s*\d{2}\s*$")
#: How to write a child's date of birth, said when one cannot be read.
WRITE_BIRTH = "must be a date written as text: 2019-01-10, 10/01/2019 or 10/1/19"


def _typed_date(value: object, info: ValidationInfo) -> object:
    """A date of birth as a person types it (:func:`triage_app.domain.dates.read_date`).

    ISO, or day/month/year with ``/ . -``; a two-digit year is read against the day given
    as ``today`` in the validation context (without one, the year must be written in full).
    Never a number, which would be taken as seconds since 1970.
    """
    if not isinstance(value, str):
        raise PydanticCustomError("typed_date", WRITE_BIRTH)
    today = (info.context or {}).get("today")
    if today is None and _SHORT_YEAR.search(value):
        raise PydanticCustomError("typed_date", "write the year in full: 10/01/2019")
    try:
        return read_date(value, today or date.max)
    except NotADate as e:
        message = WRITE_BIRTH if str(e) == HOW_TO_TYPE_DATE else str(e)
        raise PydanticCustomError("typed_date", message) from None


def _iso_moment(value: object) -> object:
    """A moment written as ISO 8601 text, starting ``YYYY-MM-DD``: never a number."""
    if not isinstance(value, str) or not _ISO_MOMENT.fullmatch(value):
        raise PydanticCustomError(
            "iso_datetime", f"must be a date and time written as text: {WRITE_MOMENT}"
        )
    return value


#: Free text, each bounded by the column it is stored in (``triage_app.domain.limits``).
NameText = Annotated[str, Field(max_length=limits.NAME), AfterValidator(_storable)]
PhoneText = Annotated[str, Field(max_length=limits.PHONE), AfterValidator(_storable)]
PostcodeText = Annotated[str, Field(max_length=limits.POSTCODE), AfterValidator(_storable)]
LanguageText = Annotated[str, Field(max_length=limits.LANGUAGE), AfterValidator(_storable)]
AddressText = Annotated[str, Field(max_length=limits.ADDRESS), AfterValidator(_storable)]
NarrativeText = Annotated[str, Field(max_length=limits.NARRATIVE), AfterValidator(_storable)]
IsoDate = Annotated[date, Field(strict=False), BeforeValidator(_iso_date)]
#: A child's date of birth as typed: ISO, or day/month/year (see :func:`_typed_date`).
TypedDate = Annotated[date, Field(strict=False), BeforeValidator(_typed_date)]
#: A moment as importers write it, as ISO text: without a zone it is UK time.
IsoMoment = Annotated[
    datetime,
    Field(strict=False),
    BeforeValidator(_iso_moment),
    AfterValidator(_local_if_naive),
]


#: Every input shape refuses keys it does not know and values of the wrong JSON type.
#: They are typed dictionaries, not models: pydantic checks them as thoroughly and builds
#: plain dictionaries, several times faster than model instances for ``route --jsonl``.
_STRICT = ConfigDict(extra="forbid", strict=True)


@with_config(_STRICT)
class AnswersIn(TypedDict, total=False):
    immediate_danger: StrictBool | None
    significant_harm: StrictBool | None
    domestic_abuse_high_risk: StrictBool | None


@with_config(_STRICT)
class RouteChildIn(TypedDict, total=False):
    age_years: Annotated[StrictInt, Field(ge=0, le=130)] | None
    unborn: StrictBool


class RecordChildIn(RouteChildIn, total=False):
    first_name: NameText | None
    last_name: NameText | None
    date_of_birth: TypedDate | None
    #: The date of birth is an estimate (counted back from an age, or the caller unsure).
    date_of_birth_estimated: StrictBool
    gender: str | None
    ethnicity: str | None
    send: StrictBool


@with_config(_STRICT)
class FamilyIn(TypedDict, total=False):
    first_name: NameText | None
    last_name: NameText | None
    address: AddressText | None
    phone: PhoneText | None
    email: NameText | None
    language: LanguageText | None
    interpreter: StrictBool
    withhold_address: StrictBool


@with_config(_STRICT)
class ReferrerIn(TypedDict, total=False):
    name: NameText | None
    organisation: NameText | None
    phone: PhoneText | None
    email: NameText | None


@with_config(_STRICT)
class EmergencyIn(TypedDict, total=False):
    called_at: Required[IsoMoment]
    called_by: Required[NameText]
    police_reference: NameText | None


@with_config(_STRICT)
class _RequestIn(TypedDict, total=False):
    """The keys ``route`` and ``record`` share; each adds its own shape of children."""

    # needs and consent may be left out of a partial request that a yes answer or a concern
    # routes (contract rule 10); check_request says when they are required.
    contact_method: Required[str]
    source: Required[str]
    needs: list[str]
    children_unknown: StrictBool
    send: StrictBool
    answers: AnswersIn
    concerns: list[str]
    consent: str | None
    postcode: PostcodeText | None
    hub: str | None
    earlier_requests: Annotated[StrictInt, Field(ge=0, le=100_000)]


class RouteRequestIn(_RequestIn, total=False):
    children: list[RouteChildIn]


class RecordRequestIn(_RequestIn, total=False):
    children: list[RecordChildIn]
    family: FamilyIn | None
    referrer: ReferrerIn | None
    narrative: NarrativeText | None
    primary_need: str | None
    received_at: IsoMoment | None
    emergency: EmergencyIn | None
    #: Why there is no way to reach the family (see :mod:`triage_app.domain.reach`).
    no_contact_reason: str | None


_ROUTE_SHAPE = TypeAdapter(RouteRequestIn)
_RECORD_SHAPE = TypeAdapter(RecordRequestIn)
#: The route shape's checks, building the request, its children and its answers as they go
#: (:mod:`triage_app.domain.built`): needs and consent may be left out of a partial request.
_ROUTE_REQUEST = SchemaValidator(
    building(
        _ROUTE_SHAPE.core_schema,
        TriageRequest,
        nested={"children": Child, "answers": Answers},
        left_out={"needs": (), "consent": None},
    )
)
#: Pydantic's error types for a key the shape does not have: a typed dictionary's, and a
#: dataclass's for one of its fields that is not an input key.
_UNKNOWN_KEY = frozenset({"extra_forbidden", "unexpected_keyword_argument"})
#: Its error types for a value that is not a JSON object, where one was wanted.
_NOT_OBJECT = frozenset({"dict_type", "dataclass_type"})


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _lower_first(text: str) -> str:
    """Pydantic's sentence as the rest of a ``field: message`` line (names like NUL kept)."""
    return text[:1].lower() + text[1:]


def _problems(error: ValidationError) -> list[Problem]:
    problems = []
    for e in error.errors(include_url=False, include_input=False):
        # For a union the loc carries the member's type name; it means nothing to a user.
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p[:1].isupper()))
        msg = "unknown field" if e["type"] in _UNKNOWN_KEY else _lower_first(e["msg"])
        if e["type"] == "value_error":  # our own validator's words, as written
            msg = str(e.get("ctx", {}).get("error", msg))
        elif e["type"].startswith("datetime"):
            msg = f"{msg}: {WRITE_MOMENT}"
        problems.append(Problem(_path(loc), msg))
    return problems


#: The parts of a record's input made into their own values (a route's input has none).
_PARTS: dict[str, type[Family | Referrer | EmergencyCall]] = {
    "family": Family,
    "referrer": Referrer,
    "emergency": EmergencyCall,
}


def _request(m: Mapping[str, Any]) -> TriageRequest:
    """The request a checked input holds (a route's input is a record's with fewer keys).

    The input's keys are the request's own field names (and a child's, a family's ...), so
    each value is passed on by name and what was left out takes the request's default.
    ``route --jsonl`` does not come this way: pydantic builds its requests itself
    (:func:`parse_request_json`).
    """
    given: dict[str, Any] = {**m}
    given["needs"] = tuple(m.get("needs", ()))
    given["consent"] = m.get("consent")
    given["concerns"] = tuple(m.get("concerns", ()))
    given["children"] = tuple([Child(**child) for child in m.get("children", ())])
    answers = m.get("answers")
    if answers is not None:  # {} too: every question unasked
        given["answers"] = Answers(**answers)
    for key in _PARTS.keys() & given.keys():  # one set test when there are none
        value = given.pop(key)
        if value is not None:  # left out or null: the request's default
            given[key] = _PARTS[key](**value)
    return TriageRequest(**given)


def parse_request(
    data: object, *, record: bool = False, today: date | None = None
) -> TriageRequest:
    """Turn decoded JSON into a request, or raise :class:`InvalidInput` naming every field.

    ``record=True`` accepts the richer shape of ``record`` (names, dates, family, referrer);
    otherwise only the routing keys are allowed. ``today``: the day a child's date of birth
    written with a two-digit year is read against (without it, years are written in full).
    """
    shape: TypeAdapter[Any] = _RECORD_SHAPE if record else _ROUTE_SHAPE
    if not isinstance(data, dict):
        raise InvalidInput([Problem("", "a request must be a JSON object")])
    # Recording works the count of earlier requests out from the store (contract rule 13).
    given_count = (
        [Problem("earlier_requests", "is worked out from the store when recording: leave it out")]
        if record and "earlier_requests" in data
        else []
    )
    try:
        parsed = shape.validate_python(data, context={"today": today})
    except ValidationError as e:
        raise InvalidInput(given_count + _problems(e)) from None
    if given_count:
        raise InvalidInput(given_count)
    return _request(parsed)


def parse_request_json(text: str | bytes) -> TriageRequest:
    """One request for routing from its JSON text, decoded and checked in one pass.

    Faster than ``json.loads`` then :func:`parse_request` (pydantic reads the text itself,
    and builds the request as it checks it), which matters when ``route --jsonl`` takes
    thousands of lines.
    """
    try:
        request: TriageRequest = _ROUTE_REQUEST.validate_json(text)
    except ValidationError as e:
        errors = e.errors(include_url=False, include_input=False)
        if errors and errors[0]["type"] == "json_invalid":
            raise InvalidInput([Problem("", f"not valid JSON ({errors[0]['msg']})")]) from None
        if errors and errors[0]["type"] in _NOT_OBJECT and not errors[0]["loc"]:
            raise InvalidInput([Problem("", "a request must be a JSON object")]) from None
        raise InvalidInput(_problems(e)) from None
    return request
