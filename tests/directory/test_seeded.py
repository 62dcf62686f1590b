"""A new database holds the hubs and partners of resources/ as directory entries."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from triage_app.directory.seed import HUB_SOURCE
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet, default_rules_dir, load_rules
from triage_app.store.database import Database
from triage_app.store.directory import history, load_directory

PHONE_LIKE = re.compile(r"\d{4}")  # 999 may be printed; a number may not


def test_every_hub_and_partner_is_an_entry(
    any_db: Database, vocab: Vocabularies, resources: Path
) -> None:
    rules: RuleSet = load_rules(default_rules_dir(resources), vocab)
    with any_db.read() as s:
        directory = load_directory(s)
    hubs = [e for e in directory if e.kind == "hub"]
    partners = [e for e in directory if e.kind == "partner"]
    assert {e.code for e in hubs} == set(vocab.hub.codes)
    assert {e.code for e in partners} == set(rules.partners)
    assert [e.kind for e in directory] == ["hub"] * 8 + ["partner"] * len(partners)
    named = {a.partner for a in rules.actions.values() if a.partner}
    assert named <= set(directory.codes())


def test_only_the_hubs_numbers_are_confirmed_with_the_leaflet_as_source(
    any_db: Database, vocab: Vocabularies, now: datetime
) -> None:
    with any_db.read() as s:
        directory = load_directory(s)
    for hub in vocab.hubs:
        entry = directory.get(hub.code)
        assert entry is not None
        assert (entry.phone.value, entry.phone.source) == (hub.phone, HUB_SOURCE)
        assert entry.may_give_number
    for entry in directory:
        if entry.kind == "partner":
            assert not entry.phone.value and not entry.phone.confirmed, entry.code
            assert not entry.may_give_number
            assert not PHONE_LIKE.search(entry.how_to_reach()), entry.code
            assert entry.checked_at is None and entry.is_stale(now)


def test_each_seeded_entry_has_its_first_version_in_the_history(any_db: Database) -> None:
    with any_db.read() as s:
        changes = history(s, "ciass")
    assert [c.version for c in changes] == [1]
    assert changes[0].entry.name == "Coventry Independent Advice Service"
    assert changes[0].entry.needs == ("money_debt", "housing_rent", "worklessness")
