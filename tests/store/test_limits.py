"""What validation accepts, the schema holds: one source of truth for limits.

Every text column a request writes is named here with the request field it comes from, and
the test fails if a column is added without saying where its text comes from. For each,
the JSON shape of ``record`` (``domain.wire``) and the checks the window's form goes through
(``domain.checks``) accept text exactly as long as the column and refuse one character more,
naming the field; normalised keys made from the longest text still fit their columns; and
a request with every field at its longest, in the characters that grow most when
normalised, is saved on SQLite and on PostgreSQL (which, unlike SQLite, enforces lengths).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import String, Text
from sqlalchemy.orm import DeclarativeBase

from tests.crash.samples import desk_actor
from triage_app.domain import limits
from triage_app.domain.checks import check_text
from triage_app.domain.keys import format_postcode, name_key, phone_key, postcode_key
from triage_app.domain.near_names import sound_key
from triage_app.domain.request import Child, EmergencyCall, Family, Referrer, TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.domain.wire import parse_request
from triage_app.errors import InvalidInput
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services.intake import take_request
from triage_app.store.database import Database
from triage_app.store.models import RequestVersion
from triage_app.store.stored import load_request
from triage_app.store.version_models import ActionRow, ChildRow, NeedRow

#: Text columns written from a request's own text, with the field it comes from.
FROM_REQUEST = {
    "request_versions.referrer_name": "referrer.name",
    "request_versions.referrer_organisation": "referrer.organisation",
    "request_versions.referrer_phone": "referrer.phone",
    "request_versions.referrer_email": "referrer.email",
    "request_versions.family_first_name": "family.first_name",
    "request_versions.family_last_name": "family.last_name",
    "request_versions.address": "family.address",
    "request_versions.postcode": "postcode",
    "request_versions.phone": "family.phone",
    "request_versions.email": "family.email",
    "request_versions.language": "family.language",
    "request_versions.narrative": "narrative",
    "children.first_name": "children[0].first_name",
    "children.last_name": "children[0].last_name",
}
FROM_REQUEST_BY_FIELD = {field: column for column, field in FROM_REQUEST.items()}
#: Text of the 999 call an emergency saved at once carries (``emergency`` in the JSON).
FROM_EMERGENCY = {
    "request_versions.emergency_called_by": "called_by",
    "request_versions.emergency_police_reference": "police_reference",
}
#: Normalised keys, made from a request field (``domain.keys``).
KEYS = {
    "request_versions.family_last_name_key": "family.last_name",
    "request_versions.postcode_key": "postcode",
    "request_versions.phone_key": "family.phone",
    "children.first_name_key": "children[0].first_name",
    "children.last_name_key": "children[0].last_name",
}
#: How surnames sound (``domain.near_names``), made from a surname's key: never longer.
SOUNDS = {
    "request_versions.family_last_name_sound": "family.last_name",
    "children.last_name_sound": "children[0].last_name",
}
#: Codes, refused unless the vocabulary knows them (``test_every_code_fits_its_column``).
CODES = {
    "request_versions.contact_method",
    "request_versions.source",
    "request_versions.consent",
    "request_versions.primary_need",
    "request_versions.hub",
    "request_versions.pathway",
    "request_versions.no_contact_reason",
    "children.gender",
    "children.ethnicity",
    "request_needs.need",
    "route_actions.action",
}
#: Written by the app or the rule set, not from the request (the rules loader checks its
#: own: tests/pathways/test_rule_columns.py).
NOT_FROM_REQUEST = {
    "request_versions.author",
    "request_versions.desk",
    "request_versions.amendment_reason",
    "request_versions.respond_within",
    "request_versions.rules_version",
    "route_actions.done_by",
    # A request's life after the front door: codes the services check against their
    # vocabularies (outcome, pathway), usernames of staff, fixed codes, and a note whose
    # length the service checks (``services.life_change.words``).
    "request_versions.status",
    "request_versions.outcome",
    "request_versions.final_pathway",
    "request_versions.assigned_to",
    "request_versions.life_change",
    "route_actions.state",
    "route_actions.note",
}
TABLES: tuple[type[DeclarativeBase], ...] = (RequestVersion, ChildRow, NeedRow, ActionRow)  # type: ignore[assignment]

BASE: dict[str, Any] = {
    "contact_method": "telephone",
    "source": "self_referral",
    "needs": ["money_debt"],
    "consent": "given",
    "children": [{"age_years": 7}],
}


def _columns() -> dict[str, Any]:
    return {
        f"{model.__tablename__}.{c.name}": c
        for model in TABLES
        for c in model.__table__.columns  # type: ignore[attr-defined]
        if isinstance(c.type, String | Text)
    }


def _limit(column: str) -> int:
    """The column's length; for unbounded text, the bound validation sets on one request."""
    length = _columns()[column].type.length
    if length is not None:
        return int(length)
    return {
        "request_versions.address": limits.ADDRESS,
        "request_versions.narrative": limits.NARRATIVE,
    }[column]


def _with(path: str, value: str) -> dict[str, Any]:
    """The base request as JSON with ``value`` at ``path`` (``family.phone``, ``children[0].x``)."""
    data = json.loads(json.dumps(BASE))
    node = data
    parts = path.replace("[0]", "").split(".")
    for part in parts[:-1]:
        node = node[part][0] if part == "children" else node.setdefault(part, {})
    node[parts[-1]] = value
    return data


def test_every_text_column_of_a_request_is_accounted_for() -> None:
    classified = set(FROM_REQUEST) | set(FROM_EMERGENCY) | set(KEYS) | set(SOUNDS) | CODES
    classified |= NOT_FROM_REQUEST
    assert set(_columns()) == classified, "say where a new text column's text comes from"


@pytest.mark.parametrize(("column", "field"), sorted(FROM_REQUEST.items()))
def test_record_accepts_what_the_column_holds_and_refuses_one_more(column: str, field: str) -> None:
    limit = _limit(column)
    parse_request(_with(field, "x" * limit), record=True)
    with pytest.raises(InvalidInput) as refused:
        parse_request(_with(field, "x" * (limit + 1)), record=True)
    assert [p.field for p in refused.value.problems] == [field]
    assert str(limit) in str(refused.value)


@pytest.mark.parametrize(("column", "field"), sorted(FROM_REQUEST.items()))
def test_no_text_may_hold_a_nul_character(column: str, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_request(_with(field, "Sam\x00ple"), record=True)
    assert [str(p) for p in refused.value.problems] == [
        f"{field}: contains a NUL character, which cannot be stored"
    ]


@pytest.mark.parametrize(("column", "field"), sorted(FROM_EMERGENCY.items()))
def test_the_999_call_holds_what_its_column_holds_and_no_more(column: str, field: str) -> None:
    limit = _limit(column)
    call = {"called_at": "2026-03-16T10:30:00+00:00", "called_by": "A. Handler"}
    parse_request({**BASE, "emergency": {**call, field: "x" * limit}}, record=True)
    with pytest.raises(InvalidInput) as refused:
        parse_request({**BASE, "emergency": {**call, field: "x" * (limit + 1)}}, record=True)
    assert [p.field for p in refused.value.problems] == [f"emergency.{field}"]
    typed = EmergencyCall(datetime(2026, 3, 16, tzinfo=UTC), "A. Handler")
    long = replace(typed, **{field: "x" * (limit + 1)})
    req = TriageRequest("telephone", "police", (), None, emergency=long)
    assert [p.field for p in check_text(req)] == [f"emergency.{field}"]


def _typed(field: str, value: str) -> TriageRequest:
    """A request as the window's form builds it (not through JSON), ``value`` at ``field``."""
    family = {k.split(".")[1]: value for k in [field] if k.startswith("family.")}
    referrer = {k.split(".")[1]: value for k in [field] if k.startswith("referrer.")}
    child = {k.split(".")[1]: value for k in [field] if k.startswith("children")}
    return TriageRequest(
        contact_method="telephone",
        source="self_referral",
        needs=("money_debt",),
        consent="given",
        children=(Child(age_years=7, **child),),
        family=Family(**family),
        referrer=Referrer(**referrer) if referrer else None,
        postcode=value if field == "postcode" else None,
        narrative=value if field == "narrative" else None,
    )


@pytest.mark.parametrize(("column", "field"), sorted(FROM_REQUEST.items()))
def test_the_forms_checks_agree_with_the_column(column: str, field: str) -> None:
    limit = _limit(column)
    assert check_text(_typed(field, "x" * limit)) == []
    [too_long] = check_text(_typed(field, "x" * (limit + 1)))
    assert too_long.field == field and str(limit) in too_long.message
    [nul] = check_text(_typed(field, "x\x00"))
    assert nul.field == field and "NUL" in nul.message


#: Characters that grow most when folded into a name key ("㎉" → "kcal").
GROWING = "㎉ß"


def test_keys_made_from_the_longest_text_fit_their_columns() -> None:
    make = {"family.last_name": name_key, "children[0].first_name": name_key}
    make |= {"children[0].last_name": name_key, "postcode": postcode_key, "family.phone": phone_key}
    worst = {
        "family.last_name": GROWING * limits.NAME,
        "children[0].first_name": GROWING * limits.NAME,
        "children[0].last_name": GROWING * limits.NAME,
        "postcode": "A" * limits.POSTCODE,
        "family.phone": "+44" + "9" * (limits.PHONE - 3),
    }
    for column, field in KEYS.items():
        key = make[field](worst[field][: _limit(FROM_REQUEST_BY_FIELD[field])])
        assert key is not None and len(key) <= _limit(column), column
    for column, field in SOUNDS.items():
        sound = sound_key(name_key(worst[field][: _limit(FROM_REQUEST_BY_FIELD[field])]))
        assert sound is None or len(sound) <= _limit(column), column
    # The postcode is stored written out ("CV6 1HD"), which must fit too.
    for postcode in ("A" * limits.POSTCODE, "cv61hd", "C V 6 1 H D", "AB1 2CD EF", "ABCDEFG"):
        formatted = format_postcode(postcode)
        assert formatted is not None and len(formatted) <= limits.POSTCODE, postcode


def test_every_code_fits_its_column(vocab: Vocabularies) -> None:
    rules = load_rules(default_rules_dir(), vocab)
    vocabularies = (vocab.contact_method, vocab.source, vocab.need, vocab.concern, vocab.pathway)
    vocabularies += (vocab.consent, vocab.gender, vocab.ethnicity, vocab.hub)
    codes = [code for v in vocabularies for code in v.codes] + list(rules.actions)
    assert codes and all(len(code) <= limits.CODE for code in codes)
    for column in CODES:
        assert _limit(column) == limits.CODE, column


def _longest() -> TriageRequest:
    name = (GROWING * limits.NAME)[: limits.NAME]
    email = ("a" * (limits.NAME - len("@example.org"))) + "@example.org"
    phone = ("+44 7700 900123 or 07700 900456 " + "9" * limits.PHONE)[: limits.PHONE]
    return TriageRequest(
        contact_method="telephone",
        source="education",
        needs=("money_debt",),
        consent="given",
        children=(Child(first_name=name, last_name=name, age_years=7),),
        family=Family(
            first_name=name,
            last_name=name,
            address="1 Example Street " * (limits.ADDRESS // 17),
            phone=phone,
            email=email,
            language="L" * limits.LANGUAGE,
        ),
        referrer=Referrer(name=name, organisation=name, phone=phone, email=email),
        postcode="AB1 2CD EF GH"[: limits.POSTCODE],
        narrative="Said on the phone. " * (limits.NARRATIVE // 19),
        received_at=datetime(2026, 3, 16, 9, 0, tzinfo=UTC),
    )


def test_the_longest_request_validation_accepts_is_saved(
    any_db: Database, vocab: Vocabularies
) -> None:
    request = _longest()
    assert check_text(request) == []
    rules = load_rules(default_rules_dir(), vocab)
    with any_db.write() as s:
        saved = take_request(
            s, request, vocab=vocab, rules=rules, actor=desk_actor(1), now=request.received_at
        )
    with any_db.read() as s:
        stored = load_request(s, saved.reference).request
    assert stored.family == request.family and stored.referrer == request.referrer
    assert stored.narrative == request.narrative
    assert stored.children[0].first_name == request.children[0].first_name
