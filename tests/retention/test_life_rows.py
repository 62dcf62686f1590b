"""A request's notes, attempts and status changes go with it at retention, and lose their
words at erasure, though the database otherwise refuses to change them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.crash.samples import desk_actor, sample
from triage_app.domain.actor import Actor
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.retention.cleanup import run_retention
from triage_app.retention.erasure import erase_request
from triage_app.retention.policy import RetentionPolicy
from triage_app.services.contact import add_note, record_attempt
from triage_app.services.intake import take_request
from triage_app.services.outcomes import close_request
from triage_app.store.database import Database
from triage_app.store.health import check_health
from triage_app.store.life_models import ContactAttempt, RequestNote, StatusChange

ADMIN = Actor("test.admin", role="administrator", desk="office")
LEADER = Actor("test.leader", role="team_leader")
WORDS = "Spoke to Mrs Quillfeatherby at Peppercornhythe Lane"


@pytest.fixture(scope="module")
def rules(vocab):
    return load_rules(default_rules_dir(), vocab)


def _worked(db: Database, i: int, when, vocab, rules) -> str:
    with db.write() as s:
        ref = take_request(
            s, sample(i, received_at=when), vocab=vocab, rules=rules, actor=desk_actor(1), now=when
        ).reference
    later = when + timedelta(hours=1)
    with db.write() as s:
        add_note(s, ref, WORDS, actor=LEADER, now=later)
        record_attempt(
            s, ref, method="telephone", reached=True, actor=LEADER, now=later, vocab=vocab,
            note=WORDS,
        )  # fmt: skip
        close_request(
            s, ref, outcome="advice_given", reason=WORDS, actor=LEADER, now=later, vocab=vocab
        )
    return ref


def _rows(db: Database) -> tuple[int, int, int]:
    with db.read() as s:
        return tuple(  # type: ignore[return-value]
            s.execute(select(func.count()).select_from(m)).scalar_one()
            for m in (RequestNote, ContactAttempt, StatusChange)
        )


def test_retention_removes_them_with_their_request(any_db: Database, now, vocab, rules) -> None:
    db = any_db
    _worked(db, 0, now - timedelta(days=2300), vocab, rules)
    _worked(db, 1, now - timedelta(days=1), vocab, rules)
    assert _rows(db) == (2, 2, 4)  # the attempt started each, then it was closed
    run_retention(db, RetentionPolicy(), actor=ADMIN, now=now, dry_run=False)
    assert _rows(db) == (1, 1, 2)
    assert check_health(db).healthy


def test_erasure_blanks_their_words(any_db: Database, now, vocab, rules) -> None:
    db = any_db
    ref = _worked(db, 0, now - timedelta(days=3), vocab, rules)
    with db.write() as s:
        erase_request(s, ref, reason="approved erasure request 7", actor=ADMIN, now=now)
    with db.read() as s:
        assert s.execute(select(RequestNote.text)).scalars().all() == [None]
        assert s.execute(select(ContactAttempt.note)).scalars().all() == [None]
        assert s.execute(select(StatusChange.reason)).scalars().all() == [None, None]
        outcomes = s.execute(select(StatusChange.outcome).order_by(StatusChange.id)).scalars()
        assert outcomes.all() == [None, "advice_given"]
