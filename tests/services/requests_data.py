"""Synthetic requests for the search, follow-up and records tests (services and window).

Every name, postcode and phone number here is made up.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from triage_app.domain.actor import Actor
from triage_app.domain.request import (
    Answers,
    Child,
    EmergencyCall,
    Family,
    Referrer,
    TriageRequest,
)
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet, load_rules
from triage_app.services.intake import take_request
from triage_app.store.database import Database

HANDLER = Actor(username="test.handler", role="call_handler", desk="freephone-1")
RECEPTION = Actor(username="test.reception", role="receptionist", desk="mosaic-desk", hub="mosaic")
LEADER = Actor(username="test.leader", role="team_leader", desk="office")
ADMIN = Actor(username="test.admin", role="administrator", desk="office")

#: Routes to early help with a "the next working day" response (housing with a child).
HOUSING = TriageRequest(
    contact_method="telephone",
    source="self_referral",
    needs=("housing_rent",),
    consent="given",
    children=(Child(first_name="Zoë", last_name="Ñúñez", date_of_birth=date(2018, 5, 1)),),
    answers=Answers(False, False, False),
    postcode="CV4 9PL",
    family=Family(first_name="ann", last_name="Ñúñez", phone="024 7600 0001"),
)


def housing_for(last_name: str, phone: str, postcode: str, child: Child) -> TriageRequest:
    """The housing request from another (synthetic) family: not a re-referral of HOUSING."""
    return replace(
        HOUSING,
        family=replace(HOUSING.family, last_name=last_name, phone=phone),
        postcode=postcode,
        children=(child,),
    )


#: Routes to social care (a MASH referral, the same working day).
HARM = replace(
    HOUSING,
    needs=("domestic_abuse",),
    answers=Answers(False, True, False),
    postcode="CV6 1HD",
    children=(Child(first_name="Amelia", last_name="Kowalski", date_of_birth=date(2015, 2, 3)),),
    family=Family(first_name="Beata", last_name="Kowalski", phone="07700 900123"),
)

#: Routes to early help with a return home interview (a missing child).
MISSING = replace(
    HOUSING,
    needs=("missing_child",),
    postcode="CV2 1EQ",
    children=(Child(first_name="Kai", last_name="Thompson", date_of_birth=date(2011, 9, 9)),),
    family=Family(first_name="Lee", last_name="Thompson", phone="07700 900456"),
)


def rules_for(resources: Path, vocab: Vocabularies) -> RuleSet:
    return load_rules(resources / "pathways", vocab)


def save(
    db: Database,
    rules: RuleSet,
    vocab: Vocabularies,
    req: TriageRequest,
    *,
    received: datetime,
    actor: Actor = HANDLER,
    hub: str | None = None,
) -> str:
    """Save ``req`` as received at ``received``; returns its reference."""
    with db.write() as s:
        saved = take_request(
            s,
            replace(req, received_at=received, hub=hub or req.hub),
            vocab=vocab,
            rules=rules,
            actor=actor,
            now=received,
        )
    return saved.reference


#: Every detail the form captures given, each with a marker to find it by on screen and paper.
EVERYTHING = TriageRequest(
    contact_method="telephone",
    source="education",
    needs=("domestic_abuse", "housing_rent"),
    primary_need="housing_rent",
    consent="given",
    children=(
        Child(
            first_name="Kidmarker",
            last_name="Everyfield",
            date_of_birth=date(2015, 2, 3),
            gender="female",
            ethnicity="white_irish",
            send=True,
        ),
        Child(unborn=True),
    ),
    children_unknown=True,
    answers=Answers(True, False, True),
    postcode="CV2 1EQ",
    family=Family(
        first_name="Parentmarker",
        last_name="Everyfield",
        address="7 Addressmarker Road",
        phone="024 7600 0555",
        email="family@example.org",
        language="Languagemarker",
        interpreter=True,
        withhold_address=True,
    ),
    referrer=Referrer(
        name="Referrermarker",
        organisation="Orgmarker School",
        phone="024 7600 0666",
        email="teacher@example.org",
    ),
    narrative="Narrativemarker said",
    concerns=("neglect",),
    emergency=EmergencyCall(datetime(2026, 3, 16, 10, 20, tzinfo=UTC), "Callermarker", "PR-4242"),
)
