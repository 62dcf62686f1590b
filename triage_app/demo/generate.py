"""Realistic synthetic requests: the annual report's proportions, invented people.

Phone numbers come from Ofcom's ranges reserved for drama (``resources/demo.toml``), email
addresses from the reserved example.org domain, and surnames from an invented list, so no
demo record can be mistaken for, or reach, a real family.
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TypeVar

from triage_app.demo.earlier import EarlierIndex
from triage_app.demo.profile import DemoProfile, Weights
from triage_app.domain.ages import age_on
from triage_app.domain.request import Answers, Child, Family, Referrer, TriageRequest
from triage_app.pathways.hubs import PostcodeTable

_T = TypeVar("_T")

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
_REMEMBERED = 5000
#: Distinct routing situations drawn before they start to repeat; routing each once keeps a
#: million requests fast while their mix still follows the weights.
SCENARIO_POOL = 20_000


@dataclass(frozen=True)
class ChildSpec:
    """A child as far as routing cares: age (None: unborn), gender, ethnicity, SEND."""

    age: int | None
    gender: str | None
    ethnicity: str
    send: bool


@dataclass(frozen=True)
class Scenario:
    """What a request presents, apart from who the family are."""

    contact_method: str
    source: str
    needs: tuple[str, ...]
    consent: str
    answers: Answers
    children: tuple[ChildSpec, ...]
    concerns: tuple[str, ...] = ()
    children_unknown: bool = False


@dataclass(frozen=True)
class DemoRequest:
    """A synthetic request and the scenario it was made from (None: route it on its own)."""

    request: TriageRequest
    scenario: int | None


class DemoGenerator:
    """Draws one synthetic request after another from a seeded random generator."""

    def __init__(
        self, profile: DemoProfile, areas: PostcodeTable, now: datetime, seed: int | str = 1
    ) -> None:
        self.p = profile
        self.rng = random.Random(seed)  # noqa: S311 - repeatable synthetic data, not secrets
        self._random = self.rng.random
        self.now = now
        self._sectors: dict[str, list[str]] = {}
        for sector, hub in areas.sectors.items():
            self._sectors.setdefault(hub, []).append(sector)
        for district, hub in areas.districts.items():
            self._sectors.setdefault(hub, []).append(f"{district} {self._int(1, 9)}")
        self._earlier: list[tuple[Family, tuple[Child, ...], str, datetime]] = []
        self._counted = EarlierIndex()
        self._pool: list[Scenario] = []

    def _pick(self, weights: Weights) -> str:
        # What ``rng.choices(names, cum_weights=cum)[0]`` draws, without its per-call set-up.
        names, cum = weights
        return names[bisect(cum, self._random() * cum[-1], 0, len(cum) - 1)]

    def _choice(self, items: Sequence[_T]) -> _T:
        # One call to ``random()`` per draw: ``Random.choice`` and ``randint`` cost several
        # times more, and a million requests make some thirty draws each.
        return items[int(self._random() * len(items))]

    def _int(self, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high`` inclusive."""
        return low + int(self._random() * (high - low + 1))

    def _chance(self, name: str) -> bool:
        return self._random() < self.p.rates[name]

    def _postcode(self, hub: str) -> str:
        sectors = self._sectors.get(hub) or ["CV1 1"]
        sector = self._choice(sectors)
        return f"{sector}{self._choice(_LETTERS)}{self._choice(_LETTERS)}"

    def _child_spec(self) -> ChildSpec:
        gender = self._pick(self.p.gender)
        ethnicity = self._pick(self.p.ethnicity)
        if gender == "unborn":
            return ChildSpec(None, None, ethnicity, send=False)
        bands, cum = self.p.age_bands
        low, high = bands[bisect(cum, self._random() * cum[-1], 0, len(cum) - 1)]
        return ChildSpec(self._int(low, high - 1), gender, ethnicity, self._chance("send"))

    def _child(self, spec: ChildSpec, surname: str, received: date) -> Child:
        """A child whose age on the day received is exactly the scenario's."""
        if spec.age is None:
            return Child(unborn=True, last_name=surname, ethnicity=spec.ethnicity)
        born = received - timedelta(days=spec.age * 365 + self._int(0, 360))
        while age_on(born, received) > spec.age:  # leap days: step back into the right year
            born += timedelta(days=1)
        while age_on(born, received) < spec.age:
            born -= timedelta(days=1)
        return Child(
            first_name=self._choice(self.p.first_names),
            last_name=surname,
            date_of_birth=born,
            gender=spec.gender,
            ethnicity=spec.ethnicity,
            send=spec.send,
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
        moment = self.now - timedelta(seconds=self._int(0, _SPAN_DAYS * 86400))
        # Requests come in office hours: move the time of day into 08:00–17:59; one that
        # would land later today than now came in on the day before (never in the future).
        received = moment.replace(hour=8 + self._int(0, 9), minute=self._int(0, 59))
        return received - timedelta(days=1) if received > self.now else received

    def _consent(self) -> str:
        roll = self._random()
        if roll < self.p.rates["consent_refused"]:
            return "refused"
        if roll < self.p.rates["consent_refused"] + self.p.rates["consent_not_asked"]:
            return "not_asked"
        return "given"

    def _scenario(self) -> Scenario:
        counts = self.p.children_per_request
        n = counts[0][bisect(counts[1], self._random() * counts[1][-1], 0, len(counts[1]) - 1)]
        source = self._pick(self.p.source)
        unknown = self._random() < self.p.children_unknown.get(source, 0.0)
        children = () if unknown else tuple(self._child_spec() for _ in range(n))
        concerns = tuple(c for c, rate in self.p.concerns.items() if self._random() < rate)
        return Scenario(
            contact_method=self._pick(self.p.contact_method),
            source=source,
            concerns=concerns,
            children_unknown=unknown,
            needs=self._needs(any(c.age is None for c in children)),
            consent=self._consent(),
            answers=Answers(
                immediate_danger=self._chance("immediate_danger"),
                significant_harm=self._chance("significant_harm"),
                domestic_abuse_high_risk=self._chance("domestic_abuse_high_risk"),
            ),
            children=children,
        )

    def _pooled_scenario(self) -> tuple[int, Scenario]:
        """A scenario drawn afresh until the pool is full, then drawn from the pool."""
        if len(self._pool) < SCENARIO_POOL:
            self._pool.append(self._scenario())
            return len(self._pool) - 1, self._pool[-1]
        index = self._int(0, SCENARIO_POOL - 1)
        return index, self._pool[index]

    def _surname(self) -> str:
        """One invented surname, or two joined: enough families that few share a name."""
        first = self._choice(self.p.surnames)
        return f"{first}-{self._choice(self.p.surnames)}" if self._random() < 0.9 else first

    def _phone(self) -> str:
        return f"{self._choice(self.p.phone_prefixes)}{self._int(0, 999):03d}"

    def _family(self) -> tuple[Family, str]:
        surname = self._surname()
        phone = self._phone() if self._chance("phone_given") else None
        interpreter = self._chance("interpreter")
        family = Family(
            first_name=self._choice(self.p.first_names),
            last_name=surname,
            address=f"{self._int(1, 250)} {self._choice(_STREETS)}, Coventry",
            phone=phone,
            email=f"{surname.lower()}{self._int(1, 999)}@example.org",
            language=self._choice(self.p.languages) if interpreter else None,
            interpreter=interpreter,
            withhold_address=self._chance("withhold_address"),
        )
        return family, self._postcode(self._pick(self.p.hub))

    def _referrer(self, source: str) -> Referrer | None:
        if source in _SELF:
            return None
        return Referrer(
            name=f"{self._choice(self.p.first_names)} {self._choice(self.p.surnames)}",
            organisation=_ORGANISATIONS.get(source, "Organisation (demo)"),
            phone=self._phone(),
        )

    def _repeat(self) -> tuple[Family, tuple[Child, ...], str, datetime] | None:
        """A family seen before, asking again within a year of it; None if none fits."""
        if not self._earlier or not self._chance("repeat_family"):
            return None
        family, children, postcode, first = self._choice(self._earlier)
        received = first + timedelta(seconds=self._int(86400, 365 * 86400))
        if received > self.now:
            return None
        return family, children, postcode, received

    def _remember(
        self, family: Family, children: tuple[Child, ...], postcode: str, received: datetime
    ) -> None:
        remembered = (family, children, postcode, received)
        if len(self._earlier) < _REMEMBERED:
            self._earlier.append(remembered)
        else:
            self._earlier[self._int(0, _REMEMBERED - 1)] = remembered

    def request(self) -> DemoRequest:
        """One synthetic request; some are repeat requests from a family seen before.

        A new family's children are made to the scenario's ages on the day, so every request
        of one scenario routes the same way; a returning family's children are older, so its
        request carries no scenario and is routed on its own.
        """
        received = self._received()
        index, scenario = self._pooled_scenario()
        repeat = self._repeat()
        if repeat is not None:
            family, children, postcode, received = repeat
            scenario_index = None
        else:
            family, postcode = self._family()
            day = received.date()
            surname = family.last_name or ""
            children = tuple(self._child(spec, surname, day) for spec in scenario.children)
            scenario_index = index
            self._remember(family, children, postcode, received)
        request = TriageRequest(
            contact_method=scenario.contact_method,
            source=scenario.source,
            needs=scenario.needs,
            consent=scenario.consent,
            children=children,
            answers=scenario.answers,
            postcode=postcode,
            primary_need=scenario.needs[0],
            family=family,
            referrer=self._referrer(scenario.source),
            narrative="Synthetic demo request: no real family.",
            received_at=received,
            concerns=scenario.concerns,
            children_unknown=scenario.children_unknown and not children,
        )
        # Counted as saving it would count it: its route may depend on it (rule 13).
        count = self._counted.count_and_add(request, received)
        if count:
            request = replace(request, earlier_requests=count)
        return DemoRequest(request, scenario_index)

    def requests(self, count: int) -> Iterator[DemoRequest]:
        for _ in range(count):
            yield self.request()
