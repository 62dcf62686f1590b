"""Migration 0015 (name words, no-contact reasons, estimated dates of birth) on SQLite and
PostgreSQL: requests stored before it are found by any name once it has run, and nothing
stored is lost going back to 0013 and up again."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import text

from tests.conftest import FIXED_NOW
from tests.services.requests_data import HOUSING, LEADER, rules_for, save
from tests.store.migrations import migrate
from triage_app.domain.request import Child, Family
from triage_app.services.search import RequestQuery, search_requests

WALSH_OKAFOR = replace(
    HOUSING,
    family=Family(first_name="Ngozi", last_name="Walsh-Okafor", phone="07700 900999"),
    children=(Child(first_name="Tobi", last_name="Walsh-Okafor", date_of_birth=date(2018, 5, 1)),),
)


def _found(db, typed: str) -> list[str]:
    with db.read() as s:
        rows = search_requests(s, RequestQuery(text=typed), actor=LEADER, now=FIXED_NOW)
    return [r.reference for r in rows]


def test_0015_fills_the_name_words_of_requests_already_stored(at_head, resources, vocab):
    rules = rules_for(resources, vocab)
    ref = save(at_head, rules, vocab, WALSH_OKAFOR, received=FIXED_NOW - timedelta(hours=1))
    with at_head.engine.connect() as conn:
        before = conn.execute(text("SELECT count(*) FROM name_words")).scalar_one()
        stored = conn.execute(text("SELECT count(*) FROM request_versions")).scalar_one()
    migrate(at_head, "0013", down=True)
    with at_head.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM request_versions")).scalar_one() == stored
    migrate(at_head, "head")
    with at_head.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM name_words")).scalar_one() == before
    for typed in ("Walsh", "Okafur", "Tobi", "Ngozi", "Walsh-Okafor"):
        assert _found(at_head, typed) == [ref], typed
