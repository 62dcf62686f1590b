"""Reading the form's values (a plain, JSON-able dict: also the draft's payload) into a request.

This is widget reading, not a rule: a date typed as text becomes a date, an empty box becomes
``None``. What a request must contain and where it goes is decided in ``triage_app``; here we
only report what could not be read at all (a date that is not a date, a choice not made), with
the same field paths the core uses, so every problem is shown beside its field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from triage_app.domain.request import Answers, Child, Family, Referrer, TriageRequest
from triage_app.errors import Problem
from triage_app.services.drafts import FORM_VERSION

#: Sources where the person asking is the family itself: no referrer details to take.
SELF_SOURCES = frozenset({"self_referral", "young_person"})
ANSWER_NAMES = ("immediate_danger", "significant_harm", "domestic_abuse_high_risk")
_DATE = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})")
_AGE = re.compile(r"(\d{1,3})\s*(?:y|yr|yrs|years?)?")


def empty_values() -> dict[str, Any]:
    """The values of a blank form (the shape every draft payload has, version 1)."""
    return {
        "form_version": FORM_VERSION,
        "contact_method": None,
        "source": None,
        "referrer": {"name": "", "organisation": "", "phone": "", "email": ""},
        "family": {
            "first_name": "",
            "last_name": "",
            "address": "",
            "postcode": "",
            "phone": "",
            "email": "",
            "language": "",
            "interpreter": False,
            "withhold_address": False,
        },
        "hub": None,
        "children": [],
        "children_unknown": False,
        "needs": [],
        "primary_need": None,
        "narrative": "",
        "concerns": [],
        "answers": dict.fromkeys(ANSWER_NAMES),
        "consent": None,
        #: Details copied from an earlier request: where from, and what is still to confirm.
        "copied": None,
    }


def empty_child() -> dict[str, Any]:
    return {
        "first_name": "",
        "last_name": "",
        "born": "",
        "unborn": False,
        "gender": None,
        "ethnicity": None,
        "send": False,
    }


def has_content(values: dict[str, Any], blank: dict[str, Any]) -> bool:
    """Whether anything has been typed or chosen beyond what a new form starts with."""
    return values != blank


def _text(value: object) -> str | None:
    text = str(value or "").strip()
    return text or None


def parse_born(text: str) -> tuple[date | None, int | None, str | None]:
    """A date of birth ("03/11/2019") or an age in years ("7"); the third item is a problem."""
    text = text.strip()
    if not text:
        return None, None, None
    m = _DATE.fullmatch(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
        try:
            return date(year, month, day), None, None
        except ValueError:
            return None, None, "is not a real date"
    m = _AGE.fullmatch(text.lower())
    if m:
        return None, int(m.group(1)), None
    return None, None, "type the date of birth as dd/mm/yyyy, or an age in years"


def _child(i: int, c: dict[str, Any], problems: list[Problem]) -> Child:
    born, age, problem = parse_born(str(c.get("born") or ""))
    if problem:
        problems.append(Problem(f"children[{i}].date_of_birth", problem))
    unborn = bool(c.get("unborn"))
    return Child(
        age_years=None if unborn else age,
        unborn=unborn,
        first_name=_text(c.get("first_name")),
        last_name=_text(c.get("last_name")),
        date_of_birth=None if unborn else born,
        gender=c.get("gender"),
        ethnicity=c.get("ethnicity"),
        send=bool(c.get("send")),
    )


def _referrer(source: str | None, r: dict[str, Any]) -> Referrer | None:
    if source in SELF_SOURCES:
        return None
    referrer = Referrer(
        _text(r.get("name")),
        _text(r.get("organisation")),
        _text(r.get("phone")),
        _text(r.get("email")),
    )
    return referrer if any(vars(referrer).values()) else None


def read_request(values: dict[str, Any]) -> tuple[TriageRequest, list[Problem]]:
    """The request the form describes, and what could not be read.

    Choices not made yet are passed on as such (``consent`` as ``""`` is never sent: a
    missing choice is reported here and a placeholder keeps the live route computable).
    """
    problems: list[Problem] = []
    for name, what in (
        ("contact_method", "choose how they got in touch"),
        ("source", "choose who is asking"),
        ("consent", "ask whether the family consents to early help, and record the answer"),
    ):
        if not values.get(name):
            problems.append(Problem(name, what))
    fam = values.get("family") or {}
    children = tuple(_child(i, c, problems) for i, c in enumerate(values.get("children") or []))
    answers = values.get("answers") or {}
    needs = tuple(values.get("needs") or ())
    req = TriageRequest(
        contact_method=values.get("contact_method") or "telephone",
        source=values.get("source") or "self_referral",
        needs=needs,
        consent=values.get("consent") or "not_asked",
        children=children,
        answers=Answers(*(answers.get(n) for n in ANSWER_NAMES)),
        postcode=_text(fam.get("postcode")),
        hub=values.get("hub"),
        primary_need=values.get("primary_need") or (needs[0] if needs else None),
        family=Family(
            first_name=_text(fam.get("first_name")),
            last_name=_text(fam.get("last_name")),
            address=_text(fam.get("address")),
            phone=_text(fam.get("phone")),
            email=_text(fam.get("email")),
            language=_text(fam.get("language")),
            interpreter=bool(fam.get("interpreter")),
            withhold_address=bool(fam.get("withhold_address")),
        ),
        referrer=_referrer(values.get("source"), values.get("referrer") or {}),
        narrative=_text(values.get("narrative")),
        concerns=tuple(values.get("concerns") or ()),
        children_unknown=bool(values.get("children_unknown")),
    )
    return req, problems


def upgrade_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """A draft's payload in this version's shape: missing keys filled from a blank form."""
    values = empty_values()
    for key, blank in values.items():
        if key not in payload:
            continue
        if isinstance(blank, dict):
            values[key] = {**blank, **(payload.get(key) or {})}
        else:
            values[key] = payload[key]
    values["children"] = [{**empty_child(), **c} for c in values.get("children") or []]
    values["form_version"] = FORM_VERSION
    return values
