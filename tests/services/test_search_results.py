"""Search lists exactly the requests that match, newest first then by reference, on SQLite and
on PostgreSQL: each match hands on only its newest few, and none that belong are lost.

The expected lists come from a plain reading of the rules over every stored request (every
word typed is a word of a name in it, exactly, by its start or by its sound, ranked in that
order), not from the SQL under test. Small limits put the cut inside runs of requests received at
the same moment, and inside each kind of match.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import make_url, select

from tests.conftest import FIXED_NOW, fresh_postgres_url, open_sqlite
from tests.services.requests_data import HOUSING, LEADER, rules_for, save
from triage_app import __version__
from triage_app.domain.keys import name_key
from triage_app.domain.name_words import (
    COMPOUND,
    name_keys,
    name_parts,
    request_names,
    soundex,
)
from triage_app.domain.request import Child, Family, TriageRequest
from triage_app.services.search import RequestQuery, search_query, search_requests
from triage_app.store.database import Database, make_engine
from triage_app.store.migrate import open_database
from triage_app.store.models import ChildRow, Request, RequestVersion
from triage_app.store.stored import load_request

#: (family surname, children as (first name, surname), postcode, hours before now). Several
#: share a moment, so that a cut at any limit falls among requests received together.
_FAMILIES = [
    ("Smith", [("Amelia", "Smith")], "CV6 1HD", 1),
    ("Smith", [("Noah", "Smith")], "CV6 1HE", 2),
    ("Smith", [], "CV6 2AA", 2),
    ("Smith", [("Amelia", "Brown")], "CV6 2AB", 2),
    ("Smith-Jones", [("Ava", "Smith-Jones")], "CV1 1AA", 2),
    ("Smithson", [("Leo", "Smithson")], "CV1 1AB", 3),
    ("Brown", [("Isla", "Smith")], "CV2 1EQ", 2),  # a child with another surname
    ("Brown", [("Amelia", "Smith"), ("Jack", "Brown")], "CV2 1ER", 4),
    ("O'Neill", [("Zoë", "O'Neill")], "CV3 1AA", 2),
    ("O Neill", [("Seán", "Ó Néill")], "CV3 1AB", 5),
    ("Ñúñez", [("Zoë", "Ñúñez")], "CV4 9PL", 2),
    ("Nunez", [], "CV4 9PM", 6),
    ("Wójcik-Łukasz", [("Ola", "Wójcik")], "CV5 1AA", 2),
    ("Thompson", [("Kai", "Thompson")], "CV2 1EQ", 7),
]
_TEXTS = [
    "smith", "Smith", "SMITH", "smi", "Smith-Jones", "smith jones", "smithson",
    "Amelia Smith", "amelia smith", "Isla Smith", "o'neill", "oneill", "O Neill", "O'NEILL",
    "nunez", "ÑÚÑEZ", "zoe", "Zoë", "wojcik", "Wójcik-Łukasz", "brown", "br", "thompson",
    "jones", "Sam", "amelia", "Smyth", "Tomson", "lukasz", "Wojcik Lukasz", "Amelia Smyth",
    "ame smi",
]  # fmt: skip
_LIMITS = [1, 2, 3, 4, 5, 7, 200]


@dataclass(frozen=True)
class _Stored:
    reference: str
    received_at: datetime
    family_key: str | None
    children: tuple[tuple[str | None, str | None], ...]
    #: Every word of every name in the request, as :mod:`triage_app.domain.name_words` has it.
    words: set[str]


def _request(surname: str, children: list[tuple[str, str]], postcode: str) -> TriageRequest:
    return replace(
        HOUSING,
        postcode=postcode,
        family=Family(first_name="Sam", last_name=surname, phone="024 7600 0001"),
        children=tuple(
            Child(first_name=first, last_name=last, date_of_birth=date(2018, 5, 1))
            for first, last in children
        ),
    )


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def stored(request, tmp_path_factory, resources, vocab) -> Iterator[tuple[Database, list[_Stored]]]:
    """The families above, saved in one database of each kind."""
    with ExitStack() as stack:
        if request.param == "sqlite":
            database = open_sqlite(tmp_path_factory.mktemp("results") / "triage.sqlite")
        else:
            database = Database(make_engine(make_url(stack.enter_context(fresh_postgres_url()))))
            open_database(database, __version__)
        stack.callback(database.close)
        yield from _saved(database, resources, vocab)


def _saved(database: Database, resources, vocab) -> Iterator[tuple[Database, list[_Stored]]]:
    rules = rules_for(resources, vocab)
    for surname, children, postcode, hours in _FAMILIES:
        received = FIXED_NOW - timedelta(hours=hours)
        save(database, rules, vocab, _request(surname, children, postcode), received=received)
    with database.read() as s:
        versions = s.execute(
            select(Request.reference, RequestVersion.received_at, RequestVersion.id)
            .join(Request, Request.id == RequestVersion.request_id)
            .where(RequestVersion.is_current)
        ).all()
        kids = s.execute(
            select(ChildRow.version_id, ChildRow.first_name_key, ChildRow.last_name_key)
        ).all()
        families = {
            vid: key
            for vid, key in s.execute(
                select(RequestVersion.id, RequestVersion.family_last_name_key)
            )
        }
        names = {ref: load_request(s, ref).request for ref, _r, _v in versions}
    rows = [
        _Stored(
            ref,
            received,
            families[vid],
            tuple((first, last) for v, first, last in kids if v == vid),
            {w for name in request_names(names[ref]) for w in name_keys(name)},
        )
        for ref, received, vid in versions
    ]
    yield database, rows


def _rank_of(words: list[str], held: set[str]) -> int | None:
    """0: every word typed is one of the request's; 1: begins one; 2: begins or sounds like
    one; ``None``: some word matches none."""
    sounds = {soundex(h) for h in held if not h.startswith(COMPOUND)}

    def rank(word: str) -> int | None:
        if word in held:
            return 0
        if any(h.startswith(word) for h in held):
            return 1
        return 2 if soundex(word) in sounds else None

    ranks = [rank(w) for w in words]
    return None if None in ranks else max(r for r in ranks if r is not None)


def _expected(rows: list[_Stored], text: str, limit: int) -> list[str]:
    """What a name search should list, read from the rules rather than from SQL: every
    word typed (or all of them run together) matches a word of a name in
    the request; exact before begun before sounding alike, newest first within each."""
    parts, whole = name_parts(text), name_key(text) or ""
    readings = [[whole]] if len(parts) <= 1 else [parts, [whole]]
    found = []
    for row in rows:
        ranks = [_rank_of(words, row.words) for words in readings]
        if len(parts) > 1 and COMPOUND + whole in row.words:
            ranks.append(0)  # the whole name, as typed
        best = min((r for r in ranks if r is not None), default=None)
        if best is not None:
            found.append((best, -row.received_at.timestamp(), row.reference))
    return [ref for _rank, _when, ref in sorted(found)[:limit]]


def _listed(database: Database, text: str, limit: int) -> list[str]:
    with database.read() as s:
        rows = search_requests(s, RequestQuery(text=text), actor=LEADER, now=FIXED_NOW, limit=limit)
    return [r.reference for r in rows]


@pytest.mark.parametrize("text", _TEXTS)
def test_a_name_search_lists_every_match_newest_first_at_any_limit(stored, text):
    database, rows = stored
    for limit in _LIMITS:
        assert _listed(database, text, limit) == _expected(rows, text, limit), (text, limit)


def test_the_data_has_what_the_cut_must_get_right(stored):
    """Guards the test itself: ties at the cut, and a child found only by their own name."""
    _database, rows = stored
    assert len(_expected(rows, "smith", 200)) == 8
    assert len(_expected(rows, "smyth", 200)) == 7  # by sound: all but Smithson
    moments = [r.received_at for r in rows if (r.family_key or "").startswith("smith")]
    assert len(moments) - len(set(moments)) >= 3
    assert "Isla" not in {f for r in rows if r.family_key == "smith" for f, _l in r.children}


def test_a_reference_typed_in_any_case_with_spaces_or_in_part(stored):
    database, rows = stored
    for row in rows:
        ref = row.reference
        for typed in (ref, ref.lower(), ref.lower().replace("-", " "), ref.replace("-", "")):
            assert _listed(database, typed, 200) == [ref], typed
        assert ref in _listed(database, ref[:7], 200)  # "HH-7KQ4", as it is read out
        assert ref in _listed(database, ref[:9].lower(), 200)  # "hh-7kq4-m"


def test_a_postcode_or_its_start_in_any_case_or_spacing(stored):
    database, rows = stored
    postcodes = [postcode.replace(" ", "") for _s, _c, postcode, _h in _FAMILIES]
    when = {r.reference: r.received_at for r in rows}
    for typed in ("cv6 1hd", "CV61HD", "cv6", "CV2", "CV2 1EQ"):
        listed = _listed(database, typed, 200)
        start = typed.replace(" ", "").upper()
        assert len(listed) == sum(p.startswith(start) for p in postcodes), typed
        assert listed == sorted(listed, key=lambda ref: (-when[ref].timestamp(), ref)), typed


@pytest.mark.parametrize(
    "text", ["smith", "Amelia Smith", "cv6 1hd", "07700 900123", "HH-7KQ4", "hh 7kq4 m9xd"]
)
def test_on_postgresql_an_index_can_answer_every_part_of_a_search(stored, text):
    """With sequential scans priced out, any that remain have no index to use instead
    (as ``LIKE 'prefix%'`` had none under a C.UTF-8 or en_GB collation)."""
    database, _rows = stored
    if database.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's planner; SQLite's plans are in test_search.py")
    query = search_query(RequestQuery(text=text), actor=LEADER, now=FIXED_NOW)
    sql = str(
        query.compile(dialect=database.engine.dialect, compile_kwargs={"literal_binds": True})
    )
    with database.read() as s:
        s.connection().exec_driver_sql("SET LOCAL enable_seqscan = off")
        lines = s.connection().exec_driver_sql("EXPLAIN " + sql.replace("%", "%%")).scalars()
        plan = "\n".join(lines)
    assert "Seq Scan" not in plan, plan
    assert "~>=~" in plan, plan  # a typed start is an index range, not a filter on every row
