"""Team leaders and administrators change the directory: checked, audited, history kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.directory.conftest import HANDLER, LEADER, SOURCE
from triage_app.accounts.roles import NotPermitted
from triage_app.directory.seed import load_seed
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import InvalidInput
from triage_app.services.directory import add_missing
from triage_app.services.directory_edit import edit_service, import_services
from triage_app.store import audit
from triage_app.store.database import Database
from triage_app.store.directory import history, load_directory, load_entry


def test_a_change_is_a_new_version_with_who_when_and_why(
    any_db: Database, now: datetime, vocab: Vocabularies
) -> None:
    later = now + timedelta(days=1)
    with any_db.write() as s:
        edit_service(
            s,
            LEADER,
            "food_network",
            {
                "phone": "024 7600 0000",
                "phone_source": SOURCE,
                "opening_hours": "Monday to Friday, 10am to 2pm",
                "opening_hours_source": SOURCE,
            },
            now=later,
            vocab=vocab,
            reason="rang them",
            checked=True,
        )
    with any_db.read() as s:
        changes = history(s, "food_network")
        entries = audit.entries(s)
    assert [c.version for c in changes] == [2, 1]
    latest = changes[0]
    assert (latest.actor, latest.reason, latest.at) == ("test.leader", "rang them", later)
    assert latest.entry.phone.value == "024 7600 0000"
    assert latest.entry.checked_by == "test.leader" and latest.entry.checked_at == later
    assert not changes[1].entry.phone.value  # the first version is kept as it was
    assert [(e.action, e.record_ref) for e in entries][-1:] == [
        ("directory_edit", "directory:food_network")
    ]


def test_a_number_without_its_source_is_kept_unconfirmed_and_never_given_out(
    any_db: Database, now: datetime, vocab: Vocabularies
) -> None:
    with any_db.write() as s:
        edit_service(s, LEADER, "ciass", {"phone": "0300 000 0000"}, now=now, vocab=vocab)
    with any_db.read() as s:
        entry = load_entry(s, "ciass")
    assert entry is not None and entry.phone.value == "0300 000 0000"
    assert entry.unconfirmed == ("phone",)
    assert not entry.may_give_number and entry.phone.fact is None


def test_a_source_for_nothing_is_refused_and_nothing_is_saved(
    any_db: Database, now: datetime, vocab: Vocabularies
) -> None:
    with pytest.raises(InvalidInput) as refused, any_db.write() as s:
        edit_service(
            s, LEADER, "ciass", {"phone_source": SOURCE, "note": "x"}, now=now, vocab=vocab
        )
    assert "phone: is missing: a source is given for no phone" in str(refused.value)
    with any_db.read() as s:
        entry = load_entry(s, "ciass")
    assert entry is not None and entry.note == "" and entry.version == 1


def test_bad_values_are_each_named(db: Database, now: datetime, vocab: Vocabularies) -> None:
    with pytest.raises(InvalidInput) as refused, db.write() as s:
        edit_service(
            s,
            LEADER,
            "ciass",
            {"status": "open", "needs": "money_det", "age_from": "9", "age_to": "3"},
            now=now,
            vocab=vocab,
        )
    message = str(refused.value)
    assert "status: must be one of active, paused, waiting_list, closed" in message
    assert "needs: unknown need 'money_det' — did you mean 'money_debt'?" in message
    assert "age_to: is younger than age_from" in message
    with pytest.raises(InvalidInput, match="'fax' cannot be set"), db.write() as s:
        edit_service(s, LEADER, "ciass", {"fax": "1"}, now=now, vocab=vocab)
    with pytest.raises(InvalidInput, match="no service has the code 'nope'"), db.write() as s:
        edit_service(s, LEADER, "nope", {}, now=now, vocab=vocab)


def test_front_door_staff_may_not_change_the_directory(
    db: Database, now: datetime, vocab: Vocabularies
) -> None:
    refused = pytest.raises(NotPermitted, match="may not change the services directory")
    with refused, db.write() as s:
        edit_service(s, HANDLER, "ciass", {"status": "closed"}, now=now, vocab=vocab)


def test_an_import_with_one_bad_entry_saves_none(
    db: Database, now: datetime, vocab: Vocabularies
) -> None:
    with db.read() as s:
        entries = list(load_directory(s))
    good = replace(entries[0], note="changed")
    bad = replace(entries[1], status="gone")
    with pytest.raises(InvalidInput, match=r"services\[1\]\.status"), db.write() as s:
        import_services(s, LEADER, [good, bad], now=now, vocab=vocab)
    with db.read() as s:
        assert load_entry(s, good.code) == entries[0]


def test_a_partner_a_new_release_adds_is_seeded_and_others_left_alone(
    db: Database, now: datetime, vocab: Vocabularies, resources: Path
) -> None:
    seed = load_seed(resources, vocab)
    with db.write() as s:
        edit_service(s, LEADER, "gp", {"note": "kept"}, now=now, vocab=vocab)
        s.execute(
            __import__("sqlalchemy").text("DELETE FROM directory_services WHERE code = 'go_cv'")
        )
    with db.write() as s:
        added = add_missing(s, seed, now=now)
    with db.read() as s:
        assert added == ["go_cv"]
        assert load_entry(s, "go_cv") is not None
        gp = load_entry(s, "gp")
    assert gp is not None and gp.note == "kept"
