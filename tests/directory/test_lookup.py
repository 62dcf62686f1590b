"""Looking a service up while a caller waits: by need, concern, name or word."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.directory.conftest import LEADER, SOURCE
from triage_app.domain.directory import months_before
from triage_app.domain.vocabulary import Vocabularies
from triage_app.services.directory import Finder, look_up, stale_entries
from triage_app.services.directory_edit import edit_service, set_stale_months
from triage_app.store.database import Database
from triage_app.store.directory import load_directory


def _codes(answers: list) -> list[str]:
    return [a.entry.code for a in answers]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("debt", "ciass"),  # a word of the need money_debt
        ("food bank", "food_network"),  # a word of its name and description
        ("CAMHS", "camhs"),  # its name
        ("money_debt", "ciass"),  # a need's code
        ("self harm", "camhs"),  # a concern
        ("Tile Hill", "mosaic"),  # a hub's area
    ],
)
def test_a_query_finds_the_likeliest_service_first(
    db: Database, finder: Finder, now: datetime, query: str, first: str
) -> None:
    with db.read() as s:
        found = finder.find(load_directory(s), query, now=now)
    assert found and found[0].entry.code == first, _codes(found)


def test_a_callers_word_finds_every_service_for_its_need(
    db: Database, finder: Finder, now: datetime
) -> None:
    with db.read() as s:
        found = finder.find(load_directory(s), "eviction", now=now)  # housing_rent's word
    assert set(_codes(found)[:2]) == {"housing", "ciass"}
    assert found[0].matched == "Housing or rent"


def test_an_unconfirmed_number_is_never_given_out(
    db: Database, finder: Finder, now: datetime
) -> None:
    with db.read() as s:
        ciass = finder.find(load_directory(s), "CIASS", now=now)[0]
        hub = look_up(s, "pathways", now=now)
    assert ciass.number is None and not ciass.may_give_number
    assert ciass.tell_caller.endswith("Ask your Family Hub for the number.")
    assert ciass.stale  # never checked
    assert hub is not None and hub.number == "024 7697 8100"
    assert "Phone 024 7697 8100." in hub.tell_caller


def test_a_confirmed_number_may_be_given_and_read_out(
    db: Database, finder: Finder, now: datetime, vocab: Vocabularies
) -> None:
    with db.write() as s:
        edit_service(
            s,
            LEADER,
            "ciass",
            {"phone": "0300 000 0000", "phone_source": SOURCE},
            now=now,
            vocab=vocab,
            reason="checked with the service",
            checked=True,
        )
    with db.read() as s:
        found = look_up(s, "ciass", now=now)
    assert found is not None
    assert found.number == "0300 000 0000" and found.may_give_number
    assert "Phone 0300 000 0000." in found.tell_caller
    assert not found.stale


def test_paused_and_closed_services_are_never_suggested(
    db: Database, finder: Finder, now: datetime, vocab: Vocabularies
) -> None:
    with db.write() as s:
        edit_service(s, LEADER, "ciass", {"status": "closed"}, now=now, vocab=vocab)
        edit_service(s, LEADER, "housing", {"status": "paused"}, now=now, vocab=vocab)
        edit_service(s, LEADER, "food_network", {"status": "waiting_list"}, now=now, vocab=vocab)
    with db.read() as s:
        directory = load_directory(s)
        found = _codes(finder.find(directory, "eviction", now=now))
        suggested = finder.for_needs(directory, needs=("housing_rent", "food_practical"), now=now)
        everything = _codes(finder.find(directory, "eviction", now=now, include_closed=True))
        closed = look_up(s, "ciass", now=now)
    assert "ciass" not in found and "housing" not in found
    assert _codes(suggested) == ["food_network"]
    assert suggested[0].matched == "Food, baby equipment, school uniform"
    assert "There is a waiting list." in suggested[0].tell_caller
    assert {"ciass", "housing"} <= set(everything)
    assert closed is not None and closed.number is None
    assert "Not taking referrals: closed." in closed.tell_caller


def test_who_a_service_is_for_is_said(db: Database, now: datetime) -> None:
    with db.read() as s:
        visiting = look_up(s, "health_visiting", now=now)
        camhs = look_up(s, "camhs", now=now)
    assert visiting is not None and "For ages 0 to 4." in visiting.tell_caller
    assert camhs is not None and "(A professional refers.)" in camhs.tell_caller


def test_the_safeguarding_hub_line_is_for_staff_only(
    db: Database, finder: Finder, now: datetime
) -> None:
    with db.read() as s:
        mash = look_up(s, "mash", now=now)
    assert mash is not None and mash.number is None
    assert "For staff only" in mash.tell_caller


def test_nothing_is_found_for_an_empty_query(db: Database, finder: Finder, now: datetime) -> None:
    with db.read() as s:
        assert finder.find(load_directory(s), "  ", now=now) == []


def test_stale_entries_follow_the_setting(db: Database, now: datetime, vocab: Vocabularies) -> None:
    seven_months_ago = months_before(now, 7)
    with db.write() as s:
        edit_service(s, LEADER, "gp", {}, now=seven_months_ago, vocab=vocab, checked=True)
        edit_service(s, LEADER, "school", {}, now=now, vocab=vocab, checked=True)
    with db.read() as s:
        stale = _codes(stale_entries(s, now=now))
    assert "gp" in stale and "school" not in stale and "pathways" in stale
    with db.write() as s:
        set_stale_months(s, LEADER, 12, now=now)
    with db.read() as s:
        stale = _codes(stale_entries(s, now=now))
    assert "gp" not in stale and "pathways" in stale
