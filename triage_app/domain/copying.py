"""What "Use these details" takes from an earlier request into a new one, and what it leaves.

A family already known should not be retyped while the caller waits (issue 19), but a new
request is a new conversation: who is asking, how, what the need is, what worries them and
the answers to the safeguarding questions are asked afresh. So only the family (names,
address, postcode, phone, email, language, interpreter, keeping the address private, a hub
they chose) and the children are taken, and every detail taken is to be confirmed with the
caller before it is relied on.

A child's age is for today, not for the day of the earlier request: a date of birth is
kept and the age worked out from it as usual; an age given without one is moved on by the
whole years since the earlier request; a child unborn then is still marked unborn, with
the day it was so, for staff to ask whether the baby has been born.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from triage_app.domain.ages import age_on
from triage_app.domain.request import Child, Family, TriageRequest

#: The family's details that are copied, as the form and the core name them.
FAMILY_FIELDS = (
    "family.first_name",
    "family.last_name",
    "family.address",
    "postcode",
    "family.phone",
    "family.email",
    "family.language",
    "family.interpreter",
    "family.withhold_address",
    "hub",
)
#: A child's details that are copied, after ``children[i].``.
CHILD_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "unborn",
    "gender",
    "ethnicity",
    "send",
)


@dataclass(frozen=True)
class CopiedChild:
    """A child as copied: the age moved on to today; ``unborn_on`` if unborn at the time."""

    child: Child
    unborn_on: date | None = None


@dataclass(frozen=True)
class CopiedDetails:
    """The details of an earlier request to fill into a new one, each to be confirmed.

    ``fields`` names every detail filled in (field paths, e.g. ``family.phone``,
    ``children[0].date_of_birth``): the ones the form marks until confirmed with the caller.
    """

    reference: str
    received_at: datetime
    family: Family
    postcode: str | None
    hub: str | None
    children: tuple[CopiedChild, ...]
    children_unknown: bool
    fields: tuple[str, ...]


def child_today(child: Child, then: date, today: date) -> CopiedChild:
    """A child of a request received on ``then`` as they are ``today``, as far as is known."""
    if child.unborn:
        return CopiedChild(child, unborn_on=then)
    if child.date_of_birth is None and child.age_years is not None:
        moved = child.age_years + max(0, age_on(then, today))
        return CopiedChild(replace(child, age_years=moved))
    return CopiedChild(child)


def _given(value: object) -> bool:
    return value not in (None, "", False)


def _family_fields(req: TriageRequest) -> list[str]:
    fam = req.family
    values = {
        "family.first_name": fam.first_name,
        "family.last_name": fam.last_name,
        "family.address": fam.address,
        "postcode": req.postcode,
        "family.phone": fam.phone,
        "family.email": fam.email,
        "family.language": fam.language,
        "family.interpreter": fam.interpreter,
        "family.withhold_address": fam.withhold_address,
        "hub": req.hub,
    }
    return [path for path in FAMILY_FIELDS if _given(values[path])]


def _child_fields(i: int, child: Child) -> list[str]:
    values = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "date_of_birth": child.date_of_birth or child.age_years,
        "unborn": child.unborn,
        "gender": child.gender,
        "ethnicity": child.ethnicity,
        "send": child.send,
    }
    return [f"children[{i}].{name}" for name in CHILD_FIELDS if _given(values[name])]


def details_to_copy(
    reference: str, earlier: TriageRequest, received_at: datetime, today: date
) -> CopiedDetails:
    """The family and children of ``earlier`` (received at ``received_at``) for a new request.

    Needs, concerns, answers, consent, narrative, who asked and how are left out: they
    belong to the new conversation. ``hub`` is taken only where staff chose it (the family
    asked for that hub); otherwise the new request is routed by its postcode as usual.
    """
    then = received_at.date()
    children = tuple(child_today(c, then, today) for c in earlier.children)
    fields = _family_fields(earlier)
    for i, copied in enumerate(children):
        fields += _child_fields(i, copied.child)
    if earlier.children_unknown:
        fields.append("children_unknown")
    return CopiedDetails(
        reference=reference,
        received_at=received_at,
        family=earlier.family,
        postcode=earlier.postcode,
        hub=earlier.hub,
        children=children,
        children_unknown=earlier.children_unknown,
        fields=tuple(fields),
    )
