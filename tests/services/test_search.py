"""Searching requests: each kind of text, filters, who sees what, and the rows listed.

How each search seeks what it finds is ``test_search_plans``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.services.requests_data import (
    ADMIN,
    HANDLER,
    HARM,
    HOUSING,
    LEADER,
    MISSING,
    RECEPTION,
    save,
)
from tests.services.search_data import find, refs, shared_three, store_three
from triage_app.accounts.roles import NotPermitted
from triage_app.services.matching import parse_birth_date
from triage_app.services.records import amend, open_record
from triage_app.services.search import family_display


@pytest.fixture
def stored(db, rules, vocab, now):
    return store_three(db, rules, vocab, now)


@pytest.fixture(scope="module")
def shared(tmp_path_factory, rules, vocab):
    yield from shared_three(tmp_path_factory.mktemp("search"), rules, vocab)


@pytest.mark.parametrize(
    ("text", "which"),
    [
        ("nunez", "housing"),  # typed without the accents of "Ñúñez"
        ("NÚÑEZ", "housing"),
        ("nu", "housing"),  # the start of a surname, as it is typed
        ("kowalski", "harm"),
        ("Amelia Kowalski", "harm"),  # a child's first name and surname
        ("thompson", "missing"),
        ("CV6 1HD", "harm"),
        ("cv61hd", "harm"),
        ("CV2", "missing"),  # the start of a postcode
        ("07700 900123", "harm"),
        ("+44 7700 900456", "missing"),
        ("024 7600", "housing"),  # the start of a phone number
        ("01/05/2018", "housing"),
        ("2011-09-09", "missing"),
        ("3.2.2015", "harm"),
    ],
)
def test_each_kind_of_text_finds_its_request(shared, now, text, which):
    db, stored = shared
    assert refs(find(db, now, text)) == [stored[which]]


def test_a_reference_however_it_is_read_out(db, now, stored):
    ref = stored["harm"]
    assert refs(find(db, now, ref)) == [ref]
    assert refs(find(db, now, ref.lower().replace("-", " "))) == [ref]
    assert refs(find(db, now, ref.replace("-", ""))) == [ref]
    assert refs(find(db, now, ref[:7])) == [ref]  # "HH-7KQ4": the start, as it is read out


def test_text_that_is_nothing_in_particular_matches_nothing(db, now, stored):
    assert find(db, now, "x") == []
    assert find(db, now, "31/02/2020") == []  # not a real date
    assert find(db, now, "smith") == []


def test_rows_carry_a_minimal_family_display_and_counts(db, now, stored):
    (row,) = find(db, now, "kowalski")
    assert row.family == "Kowalski, B."
    assert (row.pathway, row.hub, row.children, row.version) == ("social_care", "pathways", 1, 1)
    assert (
        row.open_actions == 2 and row.primary_need == "domestic_abuse"
    )  # the MASH and MARAC; early help waits for the hub
    assert family_display(None, None) == "—" and family_display("ann", None) == "A."


def test_newest_first_and_filters(db, now, stored):
    assert refs(find(db, now)) == [stored["housing"], stored["harm"], stored["missing"]]
    assert refs(find(db, now, hub="the_moat")) == [stored["missing"]]
    assert refs(find(db, now, pathway="social_care")) == [stored["harm"]]
    today = date(2026, 3, 16)
    assert refs(find(db, now, received_from=today)) == [stored["housing"]]
    yesterday = today - timedelta(days=1)
    assert refs(find(db, now, received_from=yesterday, received_to=yesterday)) == [stored["harm"]]
    assert refs(find(db, now, "kowalski", hub="mosaic")) == []


def test_the_default_list_is_today_and_the_last_seven_days(db, rules, vocab, now, stored):
    old = save(db, rules, vocab, HOUSING, received=now - timedelta(days=9))
    assert old not in refs(find(db, now))
    assert old in refs(find(db, now, "nunez"))  # a search looks further back
    assert old in refs(find(db, now, received_from=date(2026, 3, 1)))


def test_days_are_coventry_days(db, rules, vocab):
    # 23:30 UTC on 31 May is 00:30 on 1 June in British Summer Time.
    late = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
    ref = save(db, rules, vocab, HOUSING, received=late)
    june = date(2026, 6, 1)
    assert refs(find(db, late, received_from=june, received_to=june)) == [ref]


def test_only_current_versions_are_found(db, rules, vocab, now, stored):
    ref = stored["housing"]
    with db.write() as s:
        current = open_record(s, ref, actor=LEADER, now=now)
        moved = replace(
            current.request,
            family=replace(current.request.family, last_name="Adebayo"),
            children=(replace(current.request.children[0], last_name="Adebayo"),),
        )
        amend(
            s,
            current,
            moved,
            reason="surname misheard",
            vocab=vocab,
            rules=rules,
            actor=LEADER,
            now=now,
        )
    assert find(db, now, "nunez") == []
    (row,) = find(db, now, "adebayo")
    assert (row.reference, row.version) == (ref, 2)


def test_front_door_roles_see_their_own_and_their_hubs_recent_requests(db, rules, vocab, now):
    mine = save(db, rules, vocab, HARM, received=now - timedelta(days=1), actor=HANDLER)
    hub_recent = save(db, rules, vocab, HOUSING, received=now - timedelta(days=30), actor=LEADER)
    hub_old = save(db, rules, vocab, HOUSING, received=now - timedelta(days=400), actor=LEADER)
    mine_old = save(db, rules, vocab, MISSING, received=now - timedelta(days=500), actor=RECEPTION)
    elsewhere = save(db, rules, vocab, MISSING, received=now - timedelta(days=2), actor=LEADER)
    since = {"received_from": date(2020, 1, 1)}
    assert set(refs(find(db, now, actor=LEADER, **since))) == {
        mine,
        hub_recent,
        hub_old,
        mine_old,
        elsewhere,
    }
    # a receptionist at mosaic: mosaic's last year, and what they took themselves
    assert set(refs(find(db, now, actor=RECEPTION, **since))) == {hub_recent, mine_old}
    # a freephone call handler has no hub: what they took
    assert refs(find(db, now, actor=HANDLER, **since)) == [mine]
    assert refs(find(db, now, "nunez", actor=HANDLER)) == []


def test_an_administrator_sees_no_requests(db, now, stored):
    with pytest.raises(NotPermitted, match="ask a call handler or a receptionist or a team leader"):
        find(db, now, actor=ADMIN)
    with pytest.raises(NotPermitted):
        find(db, now, actor=replace(ADMIN, role=None))


def test_parse_birth_date():
    today = date(2026, 3, 16)
    assert parse_birth_date("03/11/2019", today) == date(2019, 11, 3)
    assert parse_birth_date("2019-11-03", today) == date(2019, 11, 3)
    assert parse_birth_date("3-11-2019", today) == date(2019, 11, 3)
    assert parse_birth_date("3/11/19", today) == date(2019, 11, 3)
    assert parse_birth_date("2019", today) is None
    assert parse_birth_date("31/02/2019", today) is None


def test_family_display_is_not_the_whole_name():
    assert family_display("Beata", "Kowalski") == "Kowalski, B."
    assert family_display(" ", "Kowalski") == "Kowalski"
