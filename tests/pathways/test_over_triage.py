"""Over-triage: requests with no yes answer and no concern rarely go to social care or 999.

DOMAIN.md: such a request goes to ``social_care`` or ``emergency`` in at most 5 % of cases.
Hypothesis chooses the seed; each seed draws a front door's worth of realistic requests
whose needs follow table 3.6 of the annual report (``resources/demo.toml``), whose children
are aged as table 3.5 says, and whose other details follow the demo data's stated
assumptions, and routes them with the shipped rules. The share is a property of a sample, so
it is measured over many requests, not asserted of each.
"""

from __future__ import annotations

import random
import tomllib
from collections import Counter
from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.pathways.conftest import ON
from tests.pathways.strategies import PROFILE
from tests.pathways.test_contract import SHIPPED, VOCAB
from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.locations import resources_dir
from triage_app.pathways import route

DEMO = tomllib.loads((resources_dir() / "demo.toml").read_text())
RATES = DEMO["rates"]
#: Requests routed per seed: about two months at the front door (5,188 a year), enough that
#: a rule set well under the ceiling does not cross it by chance.
PER_SEED = 1000
#: DOMAIN.md's ceiling for requests with no yes answer and no concern.
CEILING = 0.05
#: Assumption (the report gives no count): a request about a family seen twice already.
THIRD_REQUEST = 0.03
#: Assumption: a police notification that says "children present" without naming them.
CHILDREN_UNKNOWN = 0.02


def _pick(rng: random.Random, weights: Mapping[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _child(rng: random.Random, send: bool) -> Child:
    genders = DEMO["gender"]
    if rng.random() < genders["unborn"] / sum(genders.values()):
        return Child(unborn=True)
    low, high, _ = rng.choices(DEMO["age"]["bands"], [b[2] for b in DEMO["age"]["bands"]])[0]
    return Child(age_years=rng.randrange(low, high), send=send and rng.random() < 0.5)


def _needs(rng: random.Random) -> tuple[str, ...]:
    count = 1 + (rng.random() < RATES["second_need"]) + (rng.random() < RATES["third_need"])
    needs: list[str] = []
    while len(needs) < count:
        need = _pick(rng, DEMO["need"])
        if need not in needs:
            needs.append(need)
    return tuple(needs)


def _consent(rng: random.Random) -> str:
    roll = rng.random()
    if roll < RATES["consent_refused"]:
        return "refused"
    return "not_asked" if roll < RATES["consent_refused"] + RATES["consent_not_asked"] else "given"


def realistic_request(rng: random.Random) -> TriageRequest:
    """One request with every safeguarding answer no (or not asked) and no concern."""
    send = rng.random() < RATES["send"]
    counts = RATES["children_per_request"]
    children = rng.choices([c for c, _ in counts], [w for _, w in counts])[0]
    no = [False, None]
    repeat = rng.random()
    return TriageRequest(
        contact_method=_pick(rng, DEMO["contact_method"]),
        source=_pick(rng, DEMO["source"]),
        needs=_needs(rng),
        consent=_consent(rng),
        children=tuple(_child(rng, send) for _ in range(children)),
        send=send,
        answers=Answers(rng.choice(no), rng.choice(no), rng.choice(no)),
        children_unknown=rng.random() < CHILDREN_UNKNOWN,
        earlier_requests=2 if repeat < THIRD_REQUEST else int(repeat < RATES["repeat_family"]),
    )


def pathways_of(seed: int) -> Counter[str]:
    rng = random.Random(seed)
    return Counter(route(realistic_request(rng), SHIPPED, on=ON).pathway for _ in range(PER_SEED))


def test_the_generator_draws_only_known_codes() -> None:
    rng = random.Random(1)
    for _ in range(200):
        req = realistic_request(rng)
        assert set(req.needs) <= set(VOCAB.need.codes)
        assert req.source in VOCAB.source and req.contact_method in VOCAB.contact_method
        assert not req.concerns


# Derandomised: the same seeds every run, so a share near the ceiling fails every time or never.
@settings(PROFILE, max_examples=10, derandomize=True)
@given(seed=st.integers(0, 2**32 - 1))
def test_no_yes_answer_and_no_concern_rarely_goes_to_social_care_or_emergency(seed: int) -> None:
    counts = pathways_of(seed)
    share = (counts["social_care"] + counts["emergency"]) / PER_SEED
    assert share <= CEILING, f"{share:.1%} to social care or emergency: {dict(counts)}"
