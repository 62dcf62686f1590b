"""Realistic synthetic requests: the annual report's proportions, invented people.

Phone numbers come from Ofcom's range reserved for drama (07700 900000–900999), email
addresses from the reserved example.org domain, and surnames from an invented list, so no
demo record can be mistaken for, or reach, a real family.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

from triage_app.demo.profile import DemoProfile
from triage_app.domain.request import Answers, Child, Family, Referrer, TriageRequest
from triage_app.pathways.hubs import PostcodeTable

_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters a postcode's inward code may use
_STREETS = ("Sample Street", "Example Road", "Demo Avenue", "Fictional Close", "Pretend Lane")
_ORGANISATIONS = {
    "police": "West Midlands Police (demo)",
    "education": "Example Primary School (demo)",
    "health": "Health Visiting Team (demo)",
    "camhs": "CAMHS (demo)",
    "local_authority": "Housing Options (demo)",
    "children_social_care": "Children's Services (demo)",
    "voluntary_sector": "Community Project (demo)",
    "other": "Other organisation (demo)",
}
_SELF = ("self_referral", "young_person", "family_friend")
_SPAN_DAYS = 730


class DemoGenerator:
    """Draws one synthetic request after another from a seeded random generator."""

    def __init__(
        self, profile: DemoProfile, areas: PostcodeTable, now: datetime, seed: int = 1
    ) -> None:
        self.p = profile
        self.rng = random.Random(seed)  # noqa: S311 - repeatable synthetic data, not secrets
        self.now = now
        self._sectors: dict[str, list[str]] = {}
        for sector, hub in areas.sectors.items():
            self._sectors.setdefault(hub, []).append(sector)
        for district, hub in areas.districts.items():
            self._sectors.setdefault(hub, []).append(f"{district} {self.rng.randint(1, 9)}")
        self._earlier: list[tuple[Family, tuple[Child, ...], str]] = []

    def _pick(self, weights: tuple[Sequence[str], Sequence[float]]) -> str:
        return self.rng.choices(weights[0], weights[1])[0]

    def _chance(self, name: str) -> bool:
        return self.rng.random() < self.p.rates[name]

    def _postcode(self, hub: str) -> str:
        sectors = self._sectors.get(hub) or ["CV1 1"]
        sector = self.rng.choice(sectors)
        return f"{sector}{self.rng.choice(_LETTERS)}{self.rng.choice(_LETTERS)}"

    def _child(self, surname: str, received: date) -> Child:
        gender = self._pick(self.p.gender)
        ethnicity = self._pick(self.p.ethnicity)
        first = self.rng.choice(self.p.first_names)
        if gender == "unborn":
            return Child(unborn=True, last_name=surname, ethnicity=ethnicity)
        low, high, _ = self.rng.choices(self.p.age_bands, [b[2] for b in self.p.age_bands])[0]
        born = received - timedelta(days=self.rng.randint(low * 365, high * 365 - 1))
        return Child(
            first_name=first,
            last_name=surname,
            date_of_birth=born,
            gender=gender,
            ethnicity=ethnicity,
            send=self._chance("send"),
        )

    def _needs(self, has_unborn: bool) -> tuple[str, ...]:
        needs = [self._pick(self.p.need)]
        for rate in ("second_need", "third_need"):
            if self._chance(rate):
                extra = self._pick(self.p.need)
                if extra not in needs:
                    needs.append(extra)
        if has_unborn and "pregnancy_new_baby" not in needs:
            needs.append("pregnancy_new_baby")
        return tuple(needs)

    def _received(self) -> datetime:
        moment = self.now - timedelta(seconds=self.rng.randint(0, _SPAN_DAYS * 86400))
        # Requests come in office hours: move the time of day into 08:30–18:00.
        return moment.replace(hour=8 + self.rng.randint(0, 9), minute=self.rng.randint(0, 59))

    def _consent(self) -> str:
        roll = self.rng.random()
        if roll < self.p.rates["consent_refused"]:
            return "refused"
        if roll < self.p.rates["consent_refused"] + self.p.rates["consent_not_asked"]:
            return "not_asked"
        return "given"

    def _new_family(self, received: datetime) -> tuple[Family, tuple[Child, ...], str]:
        surname = self.rng.choice(self.p.surnames)
        hub = self._pick(self.p.hub)
        counts = self.p.children_per_request
        n = self.rng.choices(counts[0], counts[1])[0]
        children = tuple(self._child(surname, received.date()) for _ in range(n))
        number = self.rng.randint(0, 999)
        family = Family(
            first_name=self.rng.choice(self.p.first_names),
            last_name=surname,
            address=f"{self.rng.randint(1, 250)} {self.rng.choice(_STREETS)}, Coventry",
            phone=f"07700 900{number:03d}",
            email=f"{surname.lower()}{number}@example.org",
            language=self.rng.choice(self.p.languages) if self._chance("interpreter") else None,
            interpreter=self._chance("interpreter"),
            withhold_address=self._chance("withhold_address"),
        )
        return family, children, self._postcode(hub)

    def request(self) -> TriageRequest:
        """One synthetic request; some are repeat requests from a family seen before."""
        received = self._received()
        family, children, postcode = self._new_family(received)
        if self._earlier and self._chance("repeat_family"):
            seen = self.rng.choice(self._earlier)
            if all(c.date_of_birth is None or c.date_of_birth <= received.date() for c in seen[1]):
                family, children, postcode = seen
        if len(self._earlier) < 5000:
            self._earlier.append((family, children, postcode))
        else:
            self._earlier[self.rng.randrange(5000)] = (family, children, postcode)
        source = self._pick(self.p.source)
        referrer = None
        if source not in _SELF:
            referrer = Referrer(
                name=f"{self.rng.choice(self.p.first_names)} {self.rng.choice(self.p.surnames)}",
                organisation=_ORGANISATIONS.get(source, "Organisation (demo)"),
                phone=f"07700 900{self.rng.randint(0, 999):03d}",
            )
        needs = self._needs(any(c.unborn for c in children))
        return TriageRequest(
            contact_method=self._pick(self.p.contact_method),
            source=source,
            needs=needs,
            consent=self._consent(),
            children=children,
            answers=Answers(
                immediate_danger=self._chance("immediate_danger"),
                significant_harm=self._chance("significant_harm"),
                domestic_abuse_high_risk=self._chance("domestic_abuse_high_risk"),
            ),
            postcode=postcode,
            primary_need=needs[0],
            family=family,
            referrer=referrer,
            narrative="Synthetic demo request: no real family.",
            received_at=received,
        )

    def requests(self, count: int) -> Iterator[TriageRequest]:
        for _ in range(count):
            yield self.request()
