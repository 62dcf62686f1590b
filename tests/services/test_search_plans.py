"""Searching requests is an index seek (SQLite's EXPLAIN QUERY PLAN), never a scan: each kind
of text, each role, a hub, pathway or days chosen.

What each search finds is ``test_search``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect
from sqlalchemy.orm import Session

from tests.services.requests_data import HANDLER, LEADER, RECEPTION
from tests.services.search_data import find, refs, shared_three
from triage_app.services.name_search import name_matches, word_counts
from triage_app.services.search import EXACT, RequestQuery, search_query

#: The exact matches, sought first and alone (``search_requests``).
EXACT_ONLY = range(EXACT, EXACT + 1)


@pytest.fixture(scope="module")
def shared(tmp_path_factory, rules, vocab):
    yield from shared_three(tmp_path_factory.mktemp("search"), rules, vocab)


#: A scan of a table; ``found`` and ``best`` are the ranked matches themselves (each match cut
#: at its newest 200), read once to order the list; ``distinct_named`` the versions one seek
#: of a name's start found, each once; ``anon_N`` the newest 200 of one name match, kept.
_SCAN = re.compile(
    r"\bSCAN (?!found\b|best\b|distinct_named\b|anon_\d+\b)(\w+)(?! USING (COVERING )?INDEX)"
)


def plan(
    session: Session, text: str | None, actor=LEADER, *, first: bool = False, **filters
) -> list[str]:
    """The plan of a search; ``first``: of the exact matches alone, sought first, as
    :func:`search_requests` does, with the typed words' counts."""
    now = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
    request = RequestQuery(text=text, **filters)
    if first:
        counts = word_counts(session, text) if text else None
        query = search_query(request, actor=actor, now=now, ranks=EXACT_ONLY, counts=counts)
    else:
        query = search_query(request, actor=actor, now=now)
    compiled = query.compile(dialect=session.get_bind().dialect)
    params = tuple(
        v.isoformat() if isinstance(v, datetime) else v
        for v in (compiled.params[k] for k in compiled.positiontup or ())
    )
    rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params)
    return [row[3] for row in rows]


def assert_seeks(lines: list[str], *indexes: str) -> None:
    text = "\n".join(lines)
    assert not _SCAN.search(text), text
    assert "USING INDEX ix_request_versions_current_received (is_current=?)" not in text, text
    for index in indexes:
        assert index in text, text


#: How each caller's name search seeks a word, given how the word is sought ("word=?"): a
#: team leader's over every hub; a receptionist's in their hub's entries of the last year; a
#: call handler with no hub's (who sees only what they took) in the versions they took.
_NAME_SEEKS = {
    "team_leader": "ix_name_words_word ({seek})",
    "receptionist": "ix_name_words_hub (hub=? AND {seek}",
    "call_handler": "sqlite_autoindex_name_words_1 (version_id=?)",
}


@pytest.mark.parametrize("actor", [LEADER, RECEPTION, HANDLER], ids=lambda a: a.role)
@pytest.mark.parametrize(
    ("text", "indexes"),
    [
        ("kowalski", ["name: word=?", "name: word>? AND word<?"]),
        ("Kowalsky", ["name: word>? AND word<?"]),
        (
            "Amelia Kowalski",
            [
                "name: word=?",
                "other_word USING COVERING INDEX ix_name_words_word (word=? AND received_at=?)",
            ],
        ),
        ("CV6 1HD", ["ix_request_versions_postcode"]),
        ("07700900123", ["ix_request_versions_phone"]),
        ("HH-7KQ4-M9XD", ["sqlite_autoindex_requests_2 (reference=?)"]),
        ("HH-7KQ4", ["sqlite_autoindex_requests_2 (reference>? AND reference<?)"]),
    ],
)
def test_each_search_is_an_index_seek(shared, text, indexes, actor):
    """With a hub chosen, a name is sought in that hub's entries (``ix_name_words_hub``),
    except the requests a call handler took, sought by version."""
    seeks = _NAME_SEEKS[actor.role]
    in_hub = _NAME_SEEKS["call_handler" if actor is HANDLER else "receptionist"]
    chosen = [in_hub.format(seek=i[6:]) if i.startswith("name: ") else i for i in indexes]
    indexes = [seeks.format(seek=i[6:]) if i.startswith("name: ") else i for i in indexes]
    with shared[0].read() as s:
        assert_seeks(plan(s, text, actor), "USING INTEGER PRIMARY KEY (rowid=?)", *indexes)
        assert_seeks(plan(s, text, actor, hub="mosaic", pathway="advice"), *chosen)


@pytest.mark.parametrize("actor", [RECEPTION, HANDLER], ids=lambda a: a.role)
@pytest.mark.parametrize("text", ["kowalski", "Kowalsky", "Amelia Kowalski", "Walsh-Okafor"])
def test_a_name_search_by_staff_who_see_a_hub_reads_no_other_hubs_words(shared, text, actor):
    """Their hub's entries of the year, and those of the requests they took, by version:
    never every hub's and year's entries of a word, to keep the few they may see (another
    word typed is looked up by the matched version's moment alone)."""
    with shared[0].read() as s:
        lines = plan(s, text, actor)
    joined = "\n".join(lines)
    by_word = [x for x in lines if "ix_name_words_word" in x]
    assert all("(word=? AND received_at=?)" in x for x in by_word), joined
    others = [x for x in lines if "SEARCH other_word" in x and "version_id=?" not in x]
    assert all(x.endswith("word=? AND received_at=?)") for x in others), joined
    assert not any("SEARCH name_words" in x for x in by_word), joined
    assert "name_words USING INDEX sqlite_autoindex_name_words_1 (version_id=?)" in joined, joined


@pytest.mark.parametrize(
    ("actor", "seek"),
    [
        (LEADER, "ix_name_words_word (word=? AND received_at=?)"),
        (RECEPTION, "ix_name_words_hub (hub=? AND word=? AND received_at=?)"),
    ],
    ids=["team_leader", "receptionist"],
)
def test_a_name_is_walked_once_then_those_tied_with_the_oldest_are_one_seek(shared, actor, seek):
    """The newest 200 of a word are kept, not walked again to list them; those received at
    the moment of the oldest of them are looked up by that moment, not from a year ago."""
    with shared[0].read() as s:
        lines = plan(s, "Amelia Kowalski", actor)
    joined = "\n".join(lines)
    assert "MATERIALIZE anon_" in joined, joined
    assert seek in joined, joined


@pytest.mark.parametrize("actor", [RECEPTION, HANDLER], ids=lambda a: a.role)
def test_the_requests_staff_took_themselves_are_read_once_from_the_authors_index(shared, actor):
    """Not a look-up of each match's first version: a second row for every match."""
    with shared[0].read() as s:
        lines = plan(s, "kowalski", actor)
    text = "\n".join(lines)
    assert "ix_request_versions_author (author=? AND version=?)" in text, text
    assert "LIST SUBQUERY" in text, text
    correlated = [line for line in lines if "first_version" in line and "author" not in line]
    assert correlated == [], text


def test_a_date_of_birth_search_is_an_index_seek(db):
    with db.read() as s:
        assert_seeks(plan(s, "01/05/2018"))


def test_the_default_list_seeks_the_received_index(db):
    with db.read() as s:
        lines = plan(s, None)
    assert any(
        "ix_request_versions_current_received (is_current=? AND received_at>?)" in x for x in lines
    )
    assert not _SCAN.search("\n".join(lines))
    with db.read() as s:
        lines = plan(s, None, hub="mosaic")
    assert any("ix_request_versions_current_hub_received" in x for x in lines), lines


def _sought(text: str, counts: dict[str, tuple[int, int, int]]) -> str:
    """Every condition of the name matches of ``text``, as SQLite text with its values."""
    clauses = [c for m in name_matches(text, counts) for c in m.where]
    dialect = sqlite_dialect()
    return "\n".join(
        str(c.compile(dialect=dialect, compile_kwargs={"literal_binds": True})) for c in clauses
    )


def test_a_name_typed_whole_that_no_version_holds_is_not_sought():
    """Most names typed as several words are held by none as one ("=ameliasmith",
    "ameliasmith"): counted first, their seeks are not made, the words' still are."""
    held = {"amelia": (9, 9, 9), "smith": (9, 9, 9)}
    none = {**held, "ameliasmith": (0, 0, 0), "=ameliasmith": (0, 0, 0)}
    assert "'=ameliasmith'" in _sought("Amelia Smith", {**held, "ameliasmith": (1, 1, 1)})
    text = _sought("Amelia Smith", none)
    assert "ameliasmith" not in text, text
    assert "'smith'" in text and "'amelia'" in text, text
    assert _sought("Amelia Smith", {**none, "smith": (0, 9, 9)}).count("'smith'") < text.count(
        "'smith'"
    )


@pytest.mark.parametrize(
    "part", [slice(None), slice(0, 7), slice(0, 9)], ids=["whole", "HH-XXXX", "HH-XXXX-X"]
)
def test_a_reference_with_a_hub_or_pathway_chosen_is_found_from_the_reference(shared, now, part):
    """The reference read out, the desk's hub (or a pathway) chosen as well: the request is
    listed if it is of that hub, and the request's own index is where the search starts —
    as a join, SQLite read every version to test its hub (3 s at a million requests)."""
    db, stored = shared
    reference = stored["housing"][part]
    assert refs(find(db, now, reference, hub="mosaic")) == [stored["housing"]]
    assert refs(find(db, now, reference, hub="pathways")) == []
    with db.read() as s:
        for filters in (
            {"hub": "mosaic"},
            {"pathway": "advice"},
            {"hub": "mosaic", "pathway": "advice"},
        ):
            lines = plan(s, reference, first=True, **filters)
            assert_seeks(lines, "sqlite_autoindex_requests_2 (reference")
            assert any("request_versions" in x and "(request_id=?)" in x for x in lines), lines


def test_the_start_of_a_postcode_with_a_hub_chosen_walks_the_hubs_newest(shared, now):
    """ "CV2", typed on the way to a whole postcode at a reception (its hub chosen): the
    hub's requests, newest first, the postcode tested in the same index — not every request
    of the district read to test its hub (12 s at a million). A whole postcode is sought in
    its own index, hub or no hub."""
    db, stored = shared
    assert refs(find(db, now, "CV2", hub="the_moat")) == [stored["missing"]]
    assert refs(find(db, now, "cv2", hub="mosaic")) == []
    with db.read() as s:
        for actor in (LEADER, RECEPTION):
            lines = plan(s, "CV2", actor, first=True, hub="the_moat")
            assert_seeks(lines, "ix_request_versions_current_hub_received (is_current=? AND hub=?)")
            assert not any("ix_request_versions_postcode" in x for x in lines), lines
        lines = plan(s, "CV6 1HD", first=True, hub="the_moat")
        assert any("ix_request_versions_postcode" in x for x in lines), lines


def test_a_name_with_days_chosen_is_sought_in_the_names_days(shared, now):
    """A surname and a day or two chosen: the name's entries of those days are sought
    (ix_name_words_word by word and time), not every entry of the name, each with its
    version's row read to test the day (1.2 s for a common surname at a million)."""
    db, stored = shared
    two_days_ago, today = (now - timedelta(days=2)).date(), now.date()
    assert refs(find(db, now, "kowalski", received_from=two_days_ago, received_to=today)) == [
        stored["harm"]
    ]
    assert refs(find(db, now, "kowalski", received_to=two_days_ago)) == []
    assert refs(find(db, now, "kowalski", received_from=today)) == []
    with db.read() as s:
        days = {"received_from": two_days_ago, "received_to": today}
        lines = plan(s, "kowalski", first=True, **days)
        joined = "\n".join(lines)
        assert "ix_name_words_word (word=? AND received_at>? AND received_at<?)" in joined, joined
        matching = lines[: lines.index("SCAN best")]
        assert not any("request_versions USING INTEGER PRIMARY KEY" in x for x in matching)
