"""Reading the form's values (a plain, JSON-able dict: also the draft's payload) into a request.

This is widget reading, not a rule: a date typed as text becomes a date (read by the core's
:mod:`triage_app.domain.dates`, as ``triage-app record`` reads one), an empty box becomes
``None``. What a request must contain and where it goes is decided in ``triage_app``; here we
only report what could not be read at all (a date that is not a date, a choice not made), with
the same field paths the core uses, so every problem is shown beside its field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from triage_app.domain.dates import BirthReading, read_birth
from triage_app.domain.request import Answers, Child, Family, Referrer, TriageRequest
from triage_app.errors import Problem
from triage_app.services.drafts import FORM_VERSION

#: Sources where the person asking is the family itself: no referrer details to take.
SELF_SOURCES = frozenset({"self_referral", "young_person"})
ANSWER_NAMES = ("immediate_danger", "significant_harm", "domestic_abuse_high_risk")


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
        "no_contact_reason": None,
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


def _child(i: int, c: dict[str, Any], today: date, problems: list[Problem]) -> Child:
    unborn = bool(c.get("unborn"))
    born = BirthReading() if unborn else read_birth(str(c.get("born") or ""), today)
    if born.problem:
        problems.append(Problem(f"children[{i}].date_of_birth", born.problem))
    return Child(
        age_years=born.age_years,
        unborn=unborn,
        first_name=_text(c.get("first_name")),
        last_name=_text(c.get("last_name")),
        date_of_birth=born.date_of_birth,
        date_of_birth_estimated=born.estimated,
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


def read_request(values: dict[str, Any], today: date) -> tuple[TriageRequest, list[Problem]]:
    """The request the form describes, and what could not be read.

    ``today`` is the day an age in months or weeks is counted back from, and the day a
    two-digit year is read against (see :mod:`triage_app.domain.dates`).

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
    children = tuple(
        _child(i, c, today, problems) for i, c in enumerate(values.get("children") or [])
    )
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
        no_contact_reason=values.get("no_contact_reason") or None,
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
