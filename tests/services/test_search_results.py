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
from tests.services.requests_data import HANDLER, HOUSING, LEADER, RECEPTION, rules_for, save
from triage_app import __version__
from triage_app.domain.actor import Actor
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
from triage_app.services.visibility import HUB_VISIBLE_DAYS
from triage_app.store.database import Database, make_engine
from triage_app.store.migrate import open_database
from triage_app.store.models import Request, RequestVersion
from triage_app.store.stored import load_request
from triage_app.store.version_models import ChildRow

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
#: Families a receptionist sees only because they took them, or not at all (over a year
#: old): (family surname, children, postcode, hours before now, who took it).
_TAKEN = [
    ("Smith", [("Amelia", "Smith")], "CV6 1HD", 24 * 400, RECEPTION),
    ("Smithson", [("Noah", "Jones")], "CV5 1AB", 24 * 500, LEADER),
    ("Brown", [("Amelia", "Smith")], "CV4 9PL", 3, RECEPTION),
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
    hub: str | None
    author: str

    def seen_by(self, actor: Actor) -> bool:
        """Whether ``actor`` may see it, read from the rules of who sees what."""
        if actor.role == "team_leader" or actor.username == self.author:
            return True
        recent = self.received_at >= FIXED_NOW - timedelta(days=HUB_VISIBLE_DAYS)
        return actor.hub is not None and self.hub == actor.hub and recent


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
    families = [(*family, LEADER) for family in _FAMILIES] + _TAKEN
    for surname, children, postcode, hours, actor in families:
        received = FIXED_NOW - timedelta(hours=hours)
        request = _request(surname, children, postcode)
        save(database, rules, vocab, request, received=received, actor=actor)
    with database.read() as s:
        versions = s.execute(
            select(
                Request.reference,
                RequestVersion.received_at,
                RequestVersion.id,
                RequestVersion.hub,
                RequestVersion.author,
            )
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
        names = {ref: load_request(s, ref).request for ref, *_rest in versions}
    rows = [
        _Stored(
            ref,
            received,
            families[vid],
            tuple((first, last) for v, first, last in kids if v == vid),
            {w for name in request_names(names[ref]) for w in name_keys(name)},
            hub,
            author,
        )
        for ref, received, vid, hub, author in versions
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


def _expected(rows: list[_Stored], text: str, limit: int, actor: Actor = LEADER) -> list[str]:
    """What a name search should list, read from the rules rather than from SQL: every
    word typed (or all of them run together) matches a word of a name in a request the
    actor may see; exact before begun before sounding alike, newest first within each."""
    parts, whole = name_parts(text), name_key(text) or ""
    readings = [[whole]] if len(parts) <= 1 else [parts, [whole]]
    found = []
    for row in (r for r in rows if r.seen_by(actor)):
        ranks = [_rank_of(words, row.words) for words in readings]
        if len(parts) > 1 and COMPOUND + whole in row.words:
            ranks.append(0)  # the whole name, as typed
        best = min((r for r in ranks if r is not None), default=None)
        if best is not None:
            found.append((best, -row.received_at.timestamp(), row.reference))
    return [ref for _rank, _when, ref in sorted(found)[:limit]]


def _listed(database: Database, text: str, limit: int, actor: Actor = LEADER) -> list[str]:
    with database.read() as s:
        query = RequestQuery(text=text)
        rows = search_requests(s, query, actor=actor, now=FIXED_NOW, limit=limit)
    return [r.reference for r in rows]


@pytest.mark.parametrize("actor", [LEADER, RECEPTION, HANDLER], ids=lambda a: a.role)
@pytest.mark.parametrize("text", _TEXTS)
def test_a_name_search_lists_every_match_newest_first_at_any_limit(stored, text, actor):
    database, rows = stored
    for limit in _LIMITS:
        expected = _expected(rows, text, limit, actor)
        assert _listed(database, text, limit, actor) == expected, (text, limit)


def test_the_data_has_what_the_cut_must_get_right(stored):
    """Guards the test itself: ties at the cut, and a child found only by their own name."""
    _database, rows = stored
    assert len(_expected(rows, "smith", 200)) == 11
    assert len(_expected(rows, "smyth", 200)) == 9  # by sound: all but the two Smithsons
    # A receptionist sees some at their hub, some only as theirs, and not their hub's old.
    someone_else = replace(RECEPTION, username="someone.else")
    assert any(r.seen_by(RECEPTION) and r.seen_by(someone_else) for r in rows)
    assert any(r.seen_by(RECEPTION) and not r.seen_by(someone_else) for r in rows)
    assert any(r.hub == RECEPTION.hub and not r.seen_by(RECEPTION) for r in rows)
    assert 0 < len(_expected(rows, "smith", 200, RECEPTION)) < 11
    assert [r for r in rows if r.seen_by(HANDLER)] == []
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
    postcodes = [family[2].replace(" ", "") for family in [*_FAMILIES, *_TAKEN]]
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
        pytest.skip("PostgreSQL's planner; SQLite's plans are in test_search_plans.py")
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
