"""Demo requests carry safeguarding concerns at the rates ``resources/demo.toml`` assumes,
and some police notifications name no child yet (``children_unknown``)."""

from __future__ import annotations

from collections import Counter

from tests.conftest import FIXED_NOW
from triage_app.demo.generate import DemoGenerator
from triage_app.demo.profile import load_profile
from triage_app.pathways import load_rules

COUNT = 20_000


def test_concerns_and_unknown_children_follow_the_profile(resources, vocab) -> None:
    profile = load_profile(resources)
    rules = load_rules(resources / "pathways", vocab)
    made = [d.request for d in DemoGenerator(profile, rules.areas, FIXED_NOW, 3).requests(COUNT)]
    ticked = Counter(c for r in made for c in r.concerns)
    assert set(profile.concerns) == set(vocab.concern.codes)
    for concern, rate in profile.concerns.items():
        expected = rate * COUNT
        assert abs(ticked[concern] - expected) <= 4 * expected**0.5 + 3, concern
    unknown = [r for r in made if r.children_unknown]
    assert unknown and all(r.source == "police" and not r.children for r in unknown)
    police = sum(r.source == "police" for r in made)
    assert 0.15 < len(unknown) / police < 0.35
