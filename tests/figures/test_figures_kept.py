"""The kept counts always equal the figures worked out from the versions themselves.

A team leader's month is read from ``figure_counts``, moved as versions become current. Any
way a request changes that forgot to move them would give the board wrong figures without a
sign, so generated sequences of everything staff do to requests — save, amend, attempts
(reached or not, recorded late), notes, assignment, closing, reopening, overrides, erasure,
removal at the end of retention, and work that rolls back — are checked against a count
from scratch of every month, by hub, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import contextlib
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.figures.figures_data import _request, _route, build
from tests.services.requests_data import ADMIN, LEADER
from triage_app.domain.months import Month
from triage_app.errors import TriageError
from triage_app.figures.queries import monthly_figures, recounted_figures
from triage_app.retention.cleanup import delete_requests
from triage_app.retention.erasure import erase_request
from triage_app.services.assignment import assign_request
from triage_app.services.contact import add_note, record_attempt
from triage_app.services.outcomes import close_request, reopen_request
from triage_app.services.overrides import override_pathway
from triage_app.store import figure_counts
from triage_app.store.database import Database
from triage_app.store.models import Request
from triage_app.store.requests import add_version, insert_request

NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def _assert_kept_equal_recount(db: Database) -> int:
    with db.read() as s:
        months = figure_counts.months(s)
        for month in months:
            assert figure_counts.kept_month(s, month) == figure_counts.nonzero(
                figure_counts.count_month(s, month)
            ), month
    return len(months)


class _Undone(Exception):
    """Raised inside a write to roll it back."""


def _close(s, ref: str, rng: random.Random, vocab, when: datetime) -> None:
    close_request(
        s, ref, outcome=rng.choice(vocab.outcome.codes), reason="Done.", actor=LEADER,
        now=when, vocab=vocab,
    )  # fmt: skip


def _act(db: Database, rng: random.Random, refs: list[str], vocab, rules, step: int) -> None:
    """One thing staff do, to a request drawn from ``refs``; some in one transaction."""
    ref = rng.choice(refs)
    when = NOW + timedelta(minutes=step)
    kind = rng.choice(
        ("new", "amend", "attempt", "note", "assign", "close", "reopen", "override", "two",
         "erase", "remove", "undone")
    )  # fmt: skip
    with db.write() as s:
        if kind == "new":
            received = NOW - timedelta(days=rng.randrange(0, 400), minutes=step)
            req = _request(rng, vocab, received)
            refs.append(insert_request(s, req, _route(rng, vocab), actor=LEADER, now=received))
        elif kind == "amend":
            request = s.execute(select(Request).where(Request.reference == ref)).scalar_one()
            received = NOW - timedelta(days=rng.randrange(0, 400))  # a corrected date, too
            add_version(
                s, ref, replace(_request(rng, vocab, received), received_at=received),
                _route(rng, vocab), actor=LEADER, now=when, reason="corrected",
                based_on=request.current_version,
            )  # fmt: skip
        elif kind in ("attempt", "two"):
            late = timedelta(days=rng.randrange(0, 30))  # recorded after the event
            record_attempt(
                s, ref, method="telephone", reached=rng.random() < 0.6, actor=LEADER,
                now=when, at=when - late, vocab=vocab,
            )  # fmt: skip
            if kind == "two":  # and closed in the same transaction
                _close(s, ref, rng, vocab, when)
        elif kind == "note":
            add_note(s, ref, "Spoke to school.", actor=LEADER, now=when)
        elif kind == "assign":
            assign_request(s, ref, to=None, actor=LEADER, now=when)
        elif kind == "close":
            _close(s, ref, rng, vocab, when)
        elif kind == "reopen":
            reopen_request(s, ref, reason="Family called back.", actor=LEADER, now=when)
        elif kind == "override":
            override_pathway(
                s, ref, chosen=rng.choice(vocab.pathway.codes), reason="Worried.",
                actor=LEADER, now=when, rules=rules,
            )  # fmt: skip
        elif kind == "erase":
            erase_request(s, ref, reason="Asked to.", actor=ADMIN, now=when)
        elif kind == "remove":
            request = s.execute(select(Request).where(Request.reference == ref)).scalar_one()
            delete_requests(s, [request.id])
            refs.remove(ref)
        else:
            record_attempt(
                s, ref, method="telephone", reached=True, actor=LEADER, now=when, vocab=vocab
            )
            raise _Undone


def test_every_change_moves_the_kept_counts_as_a_recount_would(any_db, vocab, rules):
    db = any_db
    refs = [x.reference for x in build(db, vocab, LEADER, seed=11)]
    assert _assert_kept_equal_recount(db) >= 12
    rng = random.Random(29)
    for step in range(160):
        # Refused (closing a closed request …) or rolled back: nothing may move.
        with contextlib.suppress(TriageError, _Undone):
            _act(db, rng, refs, vocab, rules, step)
    _assert_kept_equal_recount(db)
    with db.read() as s:
        for month in (Month(2026, 3), Month(2025, 11)):
            for hub in (None, "mosaic"):
                kept = monthly_figures(s, month, hub, vocab, NOW)
                counted = recounted_figures(s, month, hub, vocab, NOW)
                assert kept == counted
                assert kept.requests > 0


def test_a_rolled_back_change_leaves_the_counts_as_they_were(db, vocab):
    refs = [x.reference for x in build(db, vocab, LEADER, seed=3)]
    with db.read() as s:
        before = {m: figure_counts.kept_month(s, m) for m in figure_counts.months(s)}
    with pytest.raises(_Undone), db.write() as s:
        close_request(
            s, refs[0], outcome="family_declined", reason="Declined.", actor=LEADER,
            now=NOW, vocab=vocab,
        )  # fmt: skip
        s.flush()
        raise _Undone
    with db.read() as s:
        assert {m: figure_counts.kept_month(s, m) for m in figure_counts.months(s)} == before
    _assert_kept_equal_recount(db)
