"""A request for help as plain, typed, immutable values.

The form, the JSON importers and the store all speak this shape; routing reads it and
nothing else. Optional personal details are ``None`` when not given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Child:
    """A child or young person in the household; ``unborn`` for a pregnancy."""

    age_years: int | None = None
    unborn: bool = False
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None
    #: ``date_of_birth`` was counted back from an age ("18 months") or the caller was unsure.
    date_of_birth_estimated: bool = False
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


#: No question asked yet, and no detail of the family given: the requests' shared defaults.
NOT_ASKED = Answers()
NO_FAMILY_DETAILS = Family()


@dataclass(frozen=True)
class Referrer:
    """A professional or other person asking on the family's behalf."""

    name: str | None = None
    organisation: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class EmergencyCall:
    """When 999 was called for an emergency, by whom, and the police reference if given.

    With it, a request answered yes to immediate danger can be saved at once, before its
    needs, children or consent are known, and completed later by amendment.
    """

    called_at: datetime
    called_by: str
    police_reference: str | None = None


@dataclass(frozen=True)
class TriageRequest:
    """Everything known about one request for help at first contact.

    ``needs`` may be empty and ``consent`` ``None`` only in a partial request: one that a yes
    answer or a concern at the social-care floor routes before the rest is known (contract
    rule 10), such as an emergency saved the moment 999 was called.

    ``concerns`` are the safeguarding concerns staff ticked (contract rules 9–14), kept apart
    from the needs. ``children_unknown`` says children live in the household but how many or
    how old is not known yet (rule 11). ``earlier_requests`` counts the earlier requests about
    the same family or child in the 365 days before this one (rule 13): the store works it out
    for ``record`` and the window; ``route`` takes it as given.
    """

    contact_method: str
    source: str
    needs: tuple[str, ...]
    consent: str | None
    children: tuple[Child, ...] = ()
    send: bool = False
    #: Defaults are shared instances: they are frozen, and making one costs a request's
    #: construction (``route --jsonl`` builds thousands) a good part of its time.
    answers: Answers = NOT_ASKED
    postcode: str | None = None
    hub: str | None = None
    primary_need: str | None = None
    family: Family = NO_FAMILY_DETAILS
    referrer: Referrer | None = None
    narrative: str | None = None
    received_at: datetime | None = None
    concerns: tuple[str, ...] = ()
    children_unknown: bool = False
    earlier_requests: int = 0
    emergency: EmergencyCall | None = None
    #: Why no way to reach the family was taken (a ``no_contact_reason`` code), if none was.
    no_contact_reason: str | None = None
