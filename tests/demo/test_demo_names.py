"""Demo families are found by name, as saved ones are: every loaded request has its words."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import FIXED_NOW, open_sqlite
from triage_app.demo.fill import fill_demo
from triage_app.domain.actor import Actor
from triage_app.domain.name_words import name_parts, word_keys
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services.search import RequestQuery, search_requests
from triage_app.store.database import Database
from triage_app.store.lookup_models import NameWord
from triage_app.store.models import Request, RequestVersion
from triage_app.store.version_models import ChildRow

LEADER = Actor(username="demo.leader", role="team_leader")
COUNT = 1500


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, resources: Path, vocab: Vocabularies):
    """A demo file loaded in bulk, as ``demo-data`` loads one."""
    rules = load_rules(default_rules_dir(), vocab)
    db = open_sqlite(tmp_path_factory.mktemp("names") / "demo.sqlite")
    fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=COUNT, seed=4)
    yield db
    db.close()


def test_every_demo_request_has_the_name_words_a_save_would_store(demo: Database) -> None:
    with demo.read() as s:
        names: dict[int, list[str | None]] = {
            vid: [first, last]
            for vid, first, last in s.execute(
                select(
                    RequestVersion.id,
                    RequestVersion.family_first_name,
                    RequestVersion.family_last_name,
                )
            )
        }
        children = s.execute(
            select(ChildRow.version_id, ChildRow.first_name, ChildRow.last_name).order_by(
                ChildRow.version_id, ChildRow.position
            )
        )
        for vid, first, last in children:
            names[vid] += [first, last]
        stored: dict[int, set[str]] = defaultdict(set)
        for vid, word in s.execute(select(NameWord.version_id, NameWord.word)):
            stored[vid].add(word)
    assert len(names) == COUNT
    assert {vid: set(word_keys(given)) for vid, given in names.items()} == stored


def test_a_demo_family_is_found_by_its_surname_and_by_each_part_of_it(demo: Database) -> None:
    with demo.read() as s:
        families = s.execute(
            select(Request.reference, RequestVersion.family_last_name)
            .join(RequestVersion, RequestVersion.request_id == Request.id)
            .where(RequestVersion.family_last_name.contains("-"))
            .order_by(Request.id)
            .limit(5)
        ).all()
        assert len(families) == 5
        for reference, surname in families:
            for text in (surname, *surname.split("-")):
                found = search_requests(s, RequestQuery(text=text), actor=LEADER, now=FIXED_NOW)
                assert reference in {row.reference for row in found}, (reference, text)
            assert len(name_parts(surname)) == 2
