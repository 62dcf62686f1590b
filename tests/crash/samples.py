"""Synthetic requests for the crash, concurrency and condition tests: made-up people only.

Each sample's narrative names its index, so a check after a crash can tell which sample a
stored request came from and that all of its children and needs arrived with it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from triage_app.domain.actor import Actor
from triage_app.domain.request import Answers, Child, Family, Referrer, TriageRequest

NO = Answers(False, False, False)
MARKER = "synthetic sample "

SAMPLES: tuple[TriageRequest, ...] = (
    TriageRequest(
        contact_method="telephone",
        source="self_referral",
        needs=("domestic_abuse",),
        consent="given",
        children=(Child(age_years=6, first_name="Ruby", last_name="Testwood"),),
        answers=NO,
        postcode="CV2 1EQ",
        family=Family(first_name="Grace", last_name="Testwood", phone="07700 900001"),
    ),
    TriageRequest(
        contact_method="face_to_face",
        source="education",
        needs=("money_debt", "housing_rent", "school_attendance"),
        consent="given",
        children=(
            Child(first_name="Alfie", last_name="Samplesby", date_of_birth=date(2014, 2, 3)),
            Child(first_name="Isla", last_name="Samplesby", date_of_birth=date(2019, 7, 9)),
            Child(unborn=True),
        ),
        answers=NO,
        postcode="CV6 5LB",
        family=Family(first_name="Noor", last_name="Samplesby", address="2 Example Row"),
        referrer=Referrer(name="A. Teacher", organisation="Example Primary School"),
    ),
    TriageRequest(
        contact_method="email",
        source="health",
        needs=("anxiety_low_mood",),
        consent="refused",
        children=(Child(age_years=15, first_name="Kai", last_name="Fictional", send=True),),
        answers=NO,
        postcode="CV4 9PL",
        family=Family(first_name="Sam", last_name="Fictional", email="sam@example.invalid"),
    ),
    TriageRequest(
        contact_method="telephone",
        source="police",
        needs=("missing_child", "child_exploitation"),
        consent="not_asked",
        children=(Child(age_years=13, first_name="Leo", last_name="Madeup"),),
        answers=Answers(False, True, False),
        postcode="CV1 2SF",
        family=Family(first_name="Jo", last_name="Madeup", withhold_address=True),
    ),
)


def sample(i: int, received_at: datetime | None = None) -> TriageRequest:
    """Sample ``i`` (modulo the pool) with its index in the narrative."""
    base = SAMPLES[i % len(SAMPLES)]
    return replace(
        base,
        narrative=f"{MARKER}{i % len(SAMPLES)}",
        received_at=received_at or datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )


def sample_index(narrative: str | None) -> int | None:
    if narrative and narrative.startswith(MARKER):
        return int(narrative.removeprefix(MARKER))
    return None


def desk_actor(n: int, role: str = "call_handler") -> Actor:
    return Actor(username=f"desk.worker{n}", role=role, desk=f"desk-{n}")
