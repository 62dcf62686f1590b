"""Migration 0008 (the authors of requests indexed) on SQLite and PostgreSQL: taken back to
0007 and up again, every request is kept, and a receptionist still finds their own requests
from other hubs and their hub's recent ones once back at head."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import inspect

from tests.export.export_data import ROUTE, TAKEN, request, save
from tests.store.migrations import migrate
from triage_app.domain.actor import Actor
from triage_app.services.search import RequestQuery, search_requests
from triage_app.store.database import Database
from triage_app.store.requests import insert_request

RECEPTION = Actor(username="r.desk", role="receptionist", desk="reception-1", hub="harmony")
OTHER = Actor(username="o.desk", role="call_handler", desk="freephone-2", hub="mosaic")
INDEX = "ix_request_versions_author"


def _indexes(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return {i["name"] for i in inspect(conn).get_indexes("request_versions")}


def _found(db: Database) -> list[str]:
    with db.read() as s:
        rows = search_requests(
            s, RequestQuery(text="Testerson"), actor=RECEPTION, now=TAKEN + timedelta(days=1)
        )
    return sorted(r.reference for r in rows)


def test_0008_indexes_the_authors_and_searches_find_the_same_both_ways(at_head: Database) -> None:
    mine = save(at_head, RECEPTION, 2)  # the export data's route sends them to harmony
    theirs = save(at_head, OTHER, 2, start=2)
    assert len(request(0).children) > 0  # each is found by its family's and children's names
    before = _found(at_head)
    assert before == sorted(mine + theirs)  # their hub's recent requests, and their own

    migrate(at_head, "0007", down=True)  # searched again at head (names: migration 0015)
    assert INDEX not in _indexes(at_head)

    migrate(at_head, "head")
    assert INDEX in _indexes(at_head)
    assert _found(at_head) == before


def _save_for(db: Database, actor: Actor, i: int, hub: str) -> str:
    with db.write() as s:
        return insert_request(s, request(i), replace(ROUTE, hub=hub), actor=actor, now=TAKEN)


def test_a_receptionist_finds_their_own_request_from_another_hub(at_head: Database) -> None:
    own = _save_for(at_head, RECEPTION, 0, "mosaic")
    other = _save_for(at_head, OTHER, 1, "mosaic")
    assert own in _found(at_head)
    assert other not in _found(at_head)
    unused = replace(RECEPTION, username="nobody")
    with at_head.read() as s:
        rows = search_requests(
            s, RequestQuery(text="Testerson"), actor=unused, now=TAKEN + timedelta(days=1)
        )
    assert own not in [r.reference for r in rows]
