"""The directory's tests: a migrated database of each kind, the shipped words, staff."""

from __future__ import annotations

from pathlib import Path

import pytest

from triage_app.domain.actor import Actor
from triage_app.domain.search_words import SearchWords, load_search_words
from triage_app.domain.vocabulary import Vocabularies
from triage_app.services.directory import Finder

LEADER = Actor(username="test.leader", role="team_leader", desk="hub office")
HANDLER = Actor(username="test.handler", role="call_handler", desk="freephone-1")
#: A synthetic source, as staff would record one.
SOURCE = "Service's own page, read 2026-03-10"


@pytest.fixture(scope="session")
def words(resources: Path, vocab: Vocabularies) -> SearchWords:
    return load_search_words(resources, vocab)


@pytest.fixture(scope="session")
def finder(words: SearchWords) -> Finder:
    return Finder(words)
