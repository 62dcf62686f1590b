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
from triage_app.domain.request import Child, TriageRequest
from triage_app.errors import Problem
from ui.capture.reading import parse_born

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


def child_of(values: dict[str, Any]) -> Child:
    born, age, _problem = parse_born(str(values.get("born") or ""))
    unborn = bool(values.get("unborn"))
    return Child(
        age_years=None if unborn else age,
        unborn=unborn,
        date_of_birth=None if unborn else born,
        send=bool(values.get("send")),
    )


def age_text(values: dict[str, Any], on: date) -> str:
    """What the row shows: "Unborn", "Age 7", "Age 22 — outside the ages …", or nothing."""
    child = child_of(values)
    if child.unborn:
        return "Unborn"
    age = child_age(child, on)
    if age is None:
        return ""
    if age < 0:
        return "Date of birth is in the future"
    text = f"Age {age}"
    if not in_range(child, on):
        text += f" — {RANGE_TEXT}"
    return text


def age_warnings(req: TriageRequest, on: date) -> list[str]:
    """Children the hubs cannot work with by age (not a reason to refuse saving)."""
    warnings = []
    for i, child in enumerate(req.children):
        age = child_age(child, on)
        if age is not None and age >= 0 and not in_range(child, on, req.any_send):
            warnings.append(f"Child {i + 1} is {age}: {RANGE_TEXT}")
    return warnings


def before_saving(problems: Iterable[Problem], req: TriageRequest, on: date) -> list[str]:
    """Everything to settle (problems) or notice (age range), one line each."""
    lines = [f"{field_title(p.field)}: {p.message}" for p in problems]
    return list(dict.fromkeys(lines)) + age_warnings(req, on)
