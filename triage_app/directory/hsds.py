"""The directory in Open Referral UK (HSDS) JSON, written and read back without loss.

The council's other systems (and its Family Information Service) share directories in this
standard, so ``triage-app directory export --format hsds`` writes one and ``import`` reads
one. What HSDS has a field for goes there (name, description, url, email, status, ages,
phones, schedules, service areas, locations); what it has not (the directory's code, the
needs and concerns offered, each detail's source, the exact status, who checked it and
when) goes in ``attributes`` under taxonomy vocabularies named ``here-to-help-…``, so a file
this app wrote reads back exactly, and another system's file reads as far as it goes.

Ids are UUIDs derived from the entry's code, so the same entry has the same ids in every
export. A file that does not fit is refused whole, each problem named by where it is in the
file (``services[3].phones[0].number``).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from triage_app.directory import hsds_shapes as shape
from triage_app.domain.directory import (
    ACTIVE,
    CLOSED,
    HUB,
    PARTNER,
    PAUSED,
    Detail,
    ServiceEntry,
)
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import InvalidInput, Problem

_NAMESPACE = uuid.UUID("3f0a8c56-5d0e-4c1b-9a57-2f1f6f0f4a11")
_PREFIX = "here-to-help-"
_TO_HSDS = {ACTIVE: "active", "waiting_list": "active", PAUSED: "temporarily closed"}
_FROM_HSDS = {"active": ACTIVE, "temporarily closed": PAUSED, "inactive": CLOSED}
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\s*$", re.IGNORECASE)
#: Attribute vocabularies holding one text each (``value``), by entry field.
_TEXTS = ("hint", "note", "checked_by", "checked_at")
#: Which details' sources go in attributes (the phone's goes in ``phones[].description``).
_SOURCED = ("email", "web", "address", "opening_hours")


def _id(code: str, *part: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join((code, *part))))


def _term(code: str, vocabulary: str, name: str, value: str | None = None) -> dict[str, Any]:
    """An attribute (its ``id`` set by the caller) with its taxonomy term."""
    term = {"id": _id(vocabulary, code), "code": code, "name": name, "vocabulary": vocabulary}
    found: dict[str, Any] = {"taxonomy_term": term}
    if value is not None:
        found["value"] = value
    return found


def _attributes(entry: ServiceEntry, vocab: Vocabularies) -> list[dict[str, Any]]:
    found = [_term(entry.code, f"{_PREFIX}service", entry.kind)]
    found.append(_term(entry.status, f"{_PREFIX}status", entry.status))
    found += [_term(c, f"{_PREFIX}need", _label(vocab.need, c)) for c in entry.needs]
    found += [_term(c, f"{_PREFIX}concern", _label(vocab.concern, c)) for c in entry.concerns]
    if entry.referral:
        found.append(_term(entry.referral, f"{_PREFIX}referral", entry.referral))
    found.append(_term("yes" if entry.for_families else "no", f"{_PREFIX}for-families", "yes"))
    for name in _SOURCED:
        source = entry.detail(name).source
        if source:
            found.append(_term(name, f"{_PREFIX}source", name, source))
    for name in _TEXTS:
        value = getattr(entry, name)
        if value:
            text = value.isoformat() if name == "checked_at" else str(value)
            found.append(_term(name, f"{_PREFIX}{name.replace('_', '-')}", name, text))
    return [{"id": _id(entry.code, "attribute", str(i)), **a} for i, a in enumerate(found)]


def _label(vocabulary: Any, code: str) -> str:
    return str(vocabulary.label(code)) if code in vocabulary else code


def service_json(entry: ServiceEntry, vocab: Vocabularies) -> dict[str, Any]:
    """One entry as an HSDS service (only fields with something to say)."""
    code = entry.code
    found: dict[str, Any] = {
        "id": _id(code),
        "name": entry.name,
        "description": entry.description,
        "status": _TO_HSDS.get(entry.status, "defunct"),
        "organization": {"id": _id(code, "organization"), "name": _organization(entry)},
    }
    if entry.web.value:
        found["url"] = entry.web.value
    if entry.email.value:
        found["email"] = entry.email.value
    if entry.age_from is not None:
        found["minimum_age"] = entry.age_from
    if entry.age_to is not None:
        found["maximum_age"] = entry.age_to
    if entry.checked_at is not None:
        found["assured_date"] = entry.checked_at.date().isoformat()
    if entry.phone.value:
        phone = {"id": _id(code, "phone"), "number": entry.phone.value}
        found["phones"] = [{**phone, "description": entry.phone.source}]
    if entry.opening_hours.value:
        hours = entry.opening_hours.value
        found["schedules"] = [{"id": _id(code, "schedule"), "description": hours}]
    if entry.area:
        found["service_areas"] = [{"id": _id(code, "area"), "name": entry.area}]
    if entry.address.value:
        found["service_at_locations"] = [_location(entry)]
    found["attributes"] = _attributes(entry, vocab)
    return found


def _organization(entry: ServiceEntry) -> str:
    return "Coventry City Council Family Hubs" if entry.kind == HUB else entry.name


def _location(entry: ServiceEntry) -> dict[str, Any]:
    text = entry.address.value
    postcode = _POSTCODE.search(text)
    address: dict[str, Any] = {
        "id": _id(entry.code, "address"),
        "address_1": text,
        "city": "Coventry",
        "country": "GB",
        "address_type": "physical",
    }
    if postcode:
        address["postal_code"] = postcode.group(1).upper()
    location = {
        "id": _id(entry.code, "location"),
        "name": entry.name,
        "location_type": "physical",
        "addresses": [address],
    }
    return {"id": _id(entry.code, "service_at_location"), "location": location}


def export_hsds(entries: Iterable[ServiceEntry], vocab: Vocabularies) -> str:
    """The directory as an HSDS JSON document (``{"services": [...]}``).

    The same entries always give the same text, byte for byte.
    """
    document = {"services": [service_json(e, vocab) for e in entries]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def parse_hsds(text: str) -> list[ServiceEntry]:
    """The entries of an HSDS JSON document, or every problem with where it is.

    A detail the file gives without saying where it was read (another system's file has no
    ``here-to-help-source``) is kept unconfirmed: shown marked, never printed or given out
    until staff confirm it.

    Raises:
        InvalidInput: not JSON, or a field missing or of the wrong kind (``services[3].name``).
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InvalidInput([Problem("", f"not JSON (line {e.lineno}, column {e.colno})")]) from None
    try:
        document = shape.Directory.model_validate(data)
    except ValidationError as e:
        raise InvalidInput([_problem(err) for err in e.errors()]) from None
    return [_entry(s, i) for i, s in enumerate(document.services)]


def _problem(error: Any) -> Problem:
    path = ""
    for part in error["loc"]:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return Problem(path or "(the file)", str(error["msg"]).lower())


def _values(service: shape.Service, vocabulary: str) -> list[shape.Attribute]:
    return [a for a in service.attributes if a.taxonomy_term.vocabulary == _PREFIX + vocabulary]


def _one(service: shape.Service, vocabulary: str) -> str | None:
    found = _values(service, vocabulary)
    return (found[0].value or found[0].taxonomy_term.code) if found else None


def _entry(service: shape.Service, index: int) -> ServiceEntry:
    own = _values(service, "service")
    code = (own[0].taxonomy_term.code if own else None) or _code_for(service.name)
    kind = own[0].taxonomy_term.name if own else PARTNER
    sources = {a.taxonomy_term.code: a.value or "" for a in _values(service, "source")}
    status = _one(service, "status") or _FROM_HSDS.get(service.status, CLOSED)
    checked = _one(service, "checked-at")
    return ServiceEntry(
        code=code,
        kind=kind,
        name=service.name,
        description=service.description or "",
        needs=tuple(a.taxonomy_term.code or "" for a in _values(service, "need")),
        concerns=tuple(a.taxonomy_term.code or "" for a in _values(service, "concern")),
        age_from=service.minimum_age,
        age_to=service.maximum_age,
        area=service.service_areas[0].name or "" if service.service_areas else "",
        phone=_phone(service),
        email=Detail(service.email or "", sources.get("email", "")),
        web=Detail(service.url or "", sources.get("web", "")),
        address=Detail(_address(service), sources.get("address", "")),
        opening_hours=Detail(_hours(service), sources.get("opening_hours", "")),
        referral=_one(service, "referral"),
        status=status,
        for_families=_one(service, "for-families") != "no",
        hint=_one(service, "hint") or "",
        note=_one(service, "note") or "",
        checked_at=_moment(checked, index),
        checked_by=_one(service, "checked-by"),
    )


def _code_for(name: str) -> str:
    """A code for a service from another system, from its name ("Food Bank" → food_bank)."""
    words = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")
    code = (words or "service")[:40].strip("_")
    return code if code[:1].isalpha() else f"s_{code}"[:40]


def _phone(service: shape.Service) -> Detail:
    if not service.phones:
        return Detail()
    phone = service.phones[0]
    return Detail(phone.number, phone.description or "")


def _address(service: shape.Service) -> str:
    for at in service.service_at_locations:
        if at.location and at.location.addresses:
            a = at.location.addresses[0]
            parts = [a.address_1]
            for extra in (a.city, a.postal_code):
                if extra and extra.casefold() not in a.address_1.casefold():
                    parts.append(extra)
            return ", ".join(parts)
    return ""


def _hours(service: shape.Service) -> str:
    return "; ".join(s.description for s in service.schedules if s.description)


def _moment(text: str | None, index: int) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            [Problem(f"services[{index}].attributes", f"checked-at '{text[:40]}' is not a time")]
        ) from None
    if moment.tzinfo is None:
        raise InvalidInput(
            [Problem(f"services[{index}].attributes", "checked-at must carry its time zone")]
        )
    return moment
