"""Demo data counts each request's earlier requests as comparing it with every one before."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from tests.conftest import FIXED_NOW
from triage_app.demo.earlier import EarlierIndex
from triage_app.demo.generate import DemoGenerator
from triage_app.demo.profile import load_profile
from triage_app.domain.request import TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services.rereferral import MatchKey, keys_match, match_keys
from triage_app.store.rereferrals import WINDOW_DAYS

Made = list[tuple[datetime, set[MatchKey]]]


def _every_one_before(made: Made, req: TriageRequest, received: datetime) -> int:
    """The count as the definition reads: each request made before, compared key by key."""
    since = received - timedelta(days=WINDOW_DAYS)
    mine = match_keys(req)
    return sum(
        1
        for at, theirs in made
        if since <= at < received
        and any(
            exact == their_exact and keys_match(surname, their_surname)
            for exact, surname in mine
            for their_exact, their_surname in theirs
        )
    )


def _misspelt(name: str, rng: random.Random) -> str:
    """The name with two neighbouring letters swapped, or one left out: a near miss."""
    i = rng.randrange(1, len(name) - 2)
    if rng.random() < 0.5:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    return name[:i] + name[i + 1 :]


def test_the_count_is_that_of_comparing_with_every_earlier_request(
    resources: Path, vocab: Vocabularies
) -> None:
    rules = load_rules(default_rules_dir(), vocab)
    generator = DemoGenerator(load_profile(resources), rules.areas, FIXED_NOW, "earlier")
    rng = random.Random(3)
    made: Made = []
    requests: list[TriageRequest] = []
    index = EarlierIndex()
    counted = []
    for _ in range(1500):
        req = generator.request().request
        if requests and rng.random() < 0.3:  # a family seen before, its surname typed otherwise
            before = rng.choice(requests)
            surname = _misspelt(before.family.last_name or "Okafor", rng)
            req = replace(
                req,
                postcode=before.postcode,
                family=replace(req.family, last_name=surname, phone=before.family.phone),
                children=tuple(replace(c, last_name=surname) for c in before.children),
            )
        received = req.received_at
        assert received is not None
        counted.append(index.count_and_add(req, received))
        assert counted[-1] == _every_one_before(made, req, received)
        made.append((received, match_keys(req)))
        requests.append(req)
    assert sum(1 for c in counted if c) > 250
