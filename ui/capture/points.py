"""Words for the route panel's "before saving" list and each child's age, from the core's results.

The age arithmetic and the age range are the core's (:mod:`triage_app.domain.ages`); this
module only puts them into words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from triage_app.domain.ages import MAX_AGE, MAX_AGE_SEND, child_age, in_range
from triage_app.domain.dates import BirthReading, read_birth
from triage_app.domain.request import Child, TriageRequest
from triage_app.errors import Problem

RANGE_TEXT = f"outside the ages the hubs serve (0–{MAX_AGE}, or to {MAX_AGE_SEND} with SEND)"

_TITLES = {
    "contact_method": "Contact method",
    "source": "Source",
    "consent": "Consent",
    "needs": "Presenting needs",
    "concerns": "Safeguarding concerns",
    "emergency": "Emergency (999 call)",
    "emergency.called_at": "When 999 was called",
    "emergency.called_by": "Who called 999",
    "emergency.police_reference": "Police reference",
    "primary_need": "Primary need",
    "hub": "Hub",
    "family.contact": "Reaching the family",
    "no_contact_reason": "Reaching the family",
    "postcode": "Postcode",
    "narrative": "In their words",
    "answers.immediate_danger": "Immediate danger",
    "answers.significant_harm": "Significant harm",
    "answers.domestic_abuse_high_risk": "Domestic abuse high risk",
}
_CHILD = re.compile(r"children\[(\d+)\](?:\.(\w+))?")


def field_title(path: str) -> str:
    """A field path as staff would name it: "children[1].age_years" → "Child 2"."""
    m = _CHILD.fullmatch(path)
    if m:
        return f"Child {int(m.group(1)) + 1}"
    if path.startswith("needs["):
        return "Presenting needs"
    if path.startswith("concerns["):
        return "Safeguarding concerns"
    return _TITLES.get(path, path.replace("_", " ").replace(".", ": ").capitalize())


def child_of(values: dict[str, Any], on: date) -> Child:
    unborn = bool(values.get("unborn"))
    born = BirthReading() if unborn else read_birth(str(values.get("born") or ""), on)
    return Child(
        age_years=born.age_years,
        unborn=unborn,
        date_of_birth=born.date_of_birth,
        date_of_birth_estimated=born.estimated,
        send=bool(values.get("send")),
    )


def age_text(values: dict[str, Any], on: date) -> str:
    """What the row shows: "Unborn", "Age 7", "Age 22 — outside the ages …", or nothing.

    A date of birth counted back from an age in months or weeks (or marked "about") says
    so: "Age 1 (date of birth estimated)".
    """
    child = child_of(values, on)
    if child.unborn:
        return "Unborn"
    age = child_age(child, on)
    if age is None:
        return ""
    if age < 0:
        return "Date of birth is in the future"
    text = f"Age {age}"
    if child.date_of_birth_estimated:
        text += " (date of birth estimated)"
    if not in_range(child, on):
        text += f" — {RANGE_TEXT}"
    return text


def age_warnings(req: TriageRequest, on: date) -> list[str]:
    """Children the hubs cannot work with by age (not a reason to refuse saving)."""
    warnings = []
    for i, child in enumerate(req.children):
        age = child_age(child, on)
        if age is not None and age >= 0 and not in_range(child, on, req.send):
            warnings.append(f"Child {i + 1} is {age}: {RANGE_TEXT}")
    return warnings


def before_saving(problems: Iterable[Problem], req: TriageRequest, on: date) -> list[str]:
    """Everything to settle (problems) or notice (age range), one line each."""
    first: dict[str, str] = {}
    for p in problems:  # one line per field, as beside the field itself
        key = _CHILD.sub(lambda m: f"children[{m.group(1)}]", p.field)
        first.setdefault(key, f"{field_title(p.field)}: {p.message}")
    return list(dict.fromkeys(first.values())) + age_warnings(req, on)
