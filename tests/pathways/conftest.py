"""Fixtures for the rules engine: the shipped rule set and temporary rule sets to break.

Hypothesis profiles: ``pathways`` (default, quick enough for every run) and
``pathways-ci`` (more examples, derandomised); choose with ``PATHWAYS_PROFILE``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.pathways.rulesets import RuleSetFolder
from triage_app.domain.vocabulary import Vocabularies

settings.register_profile(
    "pathways", max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "pathways-ci",
    max_examples=400,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

#: The day the property tests route on (ages of generated children are given in years).
ON = date(2026, 3, 16)


@pytest.fixture
def folder(tmp_path: Path, resources: Path, vocab: Vocabularies) -> RuleSetFolder:
    return RuleSetFolder(tmp_path, resources, vocab)
