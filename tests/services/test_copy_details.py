"""Copying an earlier request's details: checked and audited like opening it, linked both ways."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.services.requests_data import ADMIN, HANDLER, HOUSING, LEADER, save
from triage_app.accounts.roles import NotPermitted
from triage_app.retention.cleanup import delete_requests
from triage_app.services.copy_details import COPY_DETAILS, copy_details
from triage_app.services.intake import take_request
from triage_app.store import audit
from triage_app.store.copies import CopyLinks
from triage_app.store.models import Request
from triage_app.store.stored import load_request


def save_copy(db, rules, vocab, now, copied_from: str, actor=HANDLER) -> str:
    """A new request started from ``copied_from``'s details, saved; its reference."""
    with db.write() as s:
        return take_request(
            s, HOUSING, vocab=vocab, rules=rules, actor=actor, now=now, copied_from=copied_from
        ).reference


def test_copying_is_audited_and_refused_where_opening_is(db, rules, vocab, now):
    ref = save(db, rules, vocab, HOUSING, received=now - timedelta(days=30))
    with db.write() as s:
        copied = copy_details(s, ref, actor=HANDLER, now=now)
    assert copied.reference == ref and copied.family.last_name == "Ñúñez"
    with pytest.raises(NotPermitted), db.write() as s:
        copy_details(s, ref, actor=ADMIN, now=now)
    with db.read() as s:
        actions = [(e.action, e.actor) for e in audit.entries(s, record_ref=ref)]
    assert (COPY_DETAILS, HANDLER.username) in actions
    assert (COPY_DETAILS, ADMIN.username) not in actions


def test_the_two_requests_are_linked_both_ways(any_db, rules, vocab, now):
    db = any_db
    earlier = save(db, rules, vocab, HOUSING, received=now - timedelta(days=30))
    later = save_copy(db, rules, vocab, now, earlier)
    with db.read() as s:
        new, old = load_request(s, later), load_request(s, earlier)
    assert new.links.copied_from == earlier and new.links.copied_into == ()
    assert old.links.copied_into == (later,) and old.links.copied_from is None


def test_a_link_to_a_request_not_there_is_left_out_not_a_refusal(db, rules, vocab, now):
    ref = save_copy(db, rules, vocab, now, "HH-0000-0000", actor=LEADER)
    with db.read() as s:
        assert load_request(s, ref).links.copied_from is None


def test_removing_a_request_removes_its_links(any_db, rules, vocab, now):
    db = any_db
    earlier = save(db, rules, vocab, HOUSING, received=now - timedelta(days=30))
    later = save_copy(db, rules, vocab, now, earlier)
    with db.write() as s:
        gone = s.execute(select(Request.id).where(Request.reference == earlier)).scalar_one()
        delete_requests(s, [gone])
    with db.read() as s:
        assert load_request(s, later).links == CopyLinks()
