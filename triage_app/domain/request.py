"""A request for help as plain, typed, immutable values.

The form, the JSON importers and the store all speak this shape; routing reads it and
nothing else. Optional personal details are ``None`` when not given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Child:
    """A child or young person in the household; ``unborn`` for a pregnancy."""

    age_years: int | None = None
    unborn: bool = False
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None
    gender: str | None = None
    ethnicity: str | None = None
    send: bool = False


@dataclass(frozen=True)
class Answers:
    """The three safeguarding questions; ``None`` means not yet asked.

    Routing treats an unasked question as "no" (the contract of ``route``); the window insists
    that each is asked before a request is saved.
    """

    immediate_danger: bool | None = None
    significant_harm: bool | None = None
    domestic_abuse_high_risk: bool | None = None


@dataclass(frozen=True)
class Family:
    """The parent or carer who asked, and how to reach them."""

    first_name: str | None = None
    last_name: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    language: str | None = None
    interpreter: bool = False
    withhold_address: bool = False


@dataclass(frozen=True)
class Referrer:
    """A professional or other person asking on the family's behalf."""

    name: str | None = None
    organisation: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class TriageRequest:
    """Everything known about one request for help at first contact."""

    contact_method: str
    source: str
    needs: tuple[str, ...]
    consent: str
    children: tuple[Child, ...] = ()
    send: bool = False
    answers: Answers = field(default_factory=Answers)
    postcode: str | None = None
    hub: str | None = None
    primary_need: str | None = None
    family: Family = field(default_factory=Family)
    referrer: Referrer | None = None
    narrative: str | None = None
    received_at: datetime | None = None

    @property
    def any_send(self) -> bool:
        """SEND for the household: said of the request or of any child."""
        return self.send or any(c.send for c in self.children)
