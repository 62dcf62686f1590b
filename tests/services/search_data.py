"""The three requests the search tests look for, and the search as those tests call it.

Shared by what a search finds (``test_search``) and how it seeks it (``test_search_plans``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

from tests.conftest import FIXED_NOW, open_sqlite
from tests.services.requests_data import HARM, HOUSING, LEADER, MISSING, save
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet
from triage_app.services.search import RequestQuery, RequestRow, search_requests
from triage_app.store.database import Database


def store_three(db: Database, rules: RuleSet, vocab: Vocabularies, now: datetime) -> dict[str, str]:
    """Three requests a few days apart: housing (mosaic), harm (pathways), missing (the_moat)."""
    return {
        "housing": save(db, rules, vocab, HOUSING, received=now - timedelta(hours=2)),
        "harm": save(db, rules, vocab, HARM, received=now - timedelta(days=1)),
        "missing": save(db, rules, vocab, MISSING, received=now - timedelta(days=3)),
    }


def shared_three(
    folder: Path, rules: RuleSet, vocab: Vocabularies
) -> Iterator[tuple[Database, dict[str, str]]]:
    """The same three requests in one database of their own, for the tests that only read."""
    database = open_sqlite(folder / "triage.sqlite")
    yield database, store_three(database, rules, vocab, FIXED_NOW)
    database.close()


def find(db, now, text=None, actor: Actor = LEADER, **filters) -> list[RequestRow]:
    with db.read() as s:
        return search_requests(s, RequestQuery(text=text, **filters), actor=actor, now=now)


def refs(rows) -> list[str]:
    return [r.reference for r in rows]
