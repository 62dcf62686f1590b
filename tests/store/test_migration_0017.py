"""Migration 0017 (each name word's hub) on SQLite and PostgreSQL: a request stored before it
is found by name by a receptionist at its hub once it has run, and by no other hub's."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from tests.conftest import FIXED_NOW
from tests.services.requests_data import rules_for, save
from tests.store.migrations import migrate
from tests.store.test_migration_0015 import WALSH_OKAFOR
from triage_app.domain.actor import Actor
from triage_app.services.search import RequestQuery, search_requests


def _found(db, typed: str, actor: Actor) -> list[str]:
    with db.read() as s:
        rows = search_requests(s, RequestQuery(text=typed), actor=actor, now=FIXED_NOW)
    return [r.reference for r in rows]


def test_0017_gives_each_name_word_its_versions_hub(at_head, resources, vocab):
    rules = rules_for(resources, vocab)
    ref = save(at_head, rules, vocab, WALSH_OKAFOR, received=FIXED_NOW - timedelta(days=2))
    migrate(at_head, "0016", down=True)
    migrate(at_head, "head")
    with at_head.engine.connect() as conn:
        hub = conn.execute(text("SELECT hub FROM request_versions")).scalar_one()
        stored = conn.execute(text("SELECT DISTINCT hub FROM name_words")).scalars().all()
    assert hub is not None and stored == [hub]
    at_hub = Actor(username="someone.else", role="receptionist", desk="d", hub=hub)
    elsewhere = Actor(username="someone.else", role="receptionist", desk="d", hub=f"not-{hub}")
    for typed in ("Walsh", "Okafur", "Tobi", "Ngozi Walsh-Okafor"):
        assert _found(at_head, typed, at_hub) == [ref], typed
        assert _found(at_head, typed, elsewhere) == [], typed
