"""Assigning a request to a named worker and the follow-up queue it lands in, through the
services, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from tests.conftest import add_staff
from tests.services.life_data import LATER, MONDAY
from tests.services.requests_data import HANDLER, HARM, HOUSING, LEADER, save
from triage_app.accounts.roles import NotPermitted
from triage_app.services.assignment import assign_request
from triage_app.services.followup import followup_queue
from triage_app.services.outcomes import close_request


@pytest.fixture
def db(any_db):
    return any_db


def test_assignment_and_the_queue(db, rules, vocab, now):
    add_staff(db, now, ("test.handler", "call_handler"), ("test.leader", "team_leader"))
    mine = save(db, rules, vocab, HOUSING, received=MONDAY, hub="mosaic")
    other = save(db, rules, vocab, HARM, received=MONDAY, hub="mosaic")
    closed = save(db, rules, vocab, HOUSING, received=MONDAY, hub="mosaic")
    with db.write() as s:
        assign_request(s, mine, to="test.handler", actor=HANDLER, now=LATER)
        close_request(
            s, closed, outcome="no_further_action", reason="Duplicate call.", actor=LEADER,
            now=LATER, vocab=vocab,
        )  # fmt: skip
    with pytest.raises(NotPermitted, match="team leader"), db.write() as s:
        assign_request(s, other, to="test.leader", actor=HANDLER, now=LATER)
    with db.write() as s:
        assign_request(s, other, to="test.handler", actor=LEADER, now=LATER)
        assign_request(s, other, to="test.leader", actor=LEADER, now=LATER)
    with db.read() as s:
        queue = followup_queue(s, actor=LEADER, now=LATER, hub="mosaic")
        assigned = followup_queue(s, actor=HANDLER, now=LATER, scope="assigned_to_me")
    refs = [r.reference for r in queue.rows]
    assert closed not in refs and set(refs) == {mine, other}
    assert refs[0] == other  # due the same working day, before the next working day
    assert (queue.counts.open, queue.counts.unassigned) == (2, 0)
    assert queue.counts.due_today == 1 and queue.counts.overdue == 0
    assert [r.reference for r in assigned.rows] == [mine]


def test_the_queue_of_what_nobody_has_yet(db, rules, vocab, now):
    add_staff(db, now, ("test.handler", "call_handler"))
    taken = save(db, rules, vocab, HOUSING, received=MONDAY, hub="mosaic")
    waiting = save(db, rules, vocab, HARM, received=MONDAY, hub="woodside")
    with db.write() as s:
        assign_request(s, taken, to="test.handler", actor=HANDLER, now=LATER)
    with db.read() as s:
        unassigned = followup_queue(s, actor=LEADER, now=LATER, scope="unassigned")
        at_mosaic = followup_queue(s, actor=LEADER, now=LATER, scope="unassigned", hub="mosaic")
    assert [r.reference for r in unassigned.rows] == [waiting]
    assert (unassigned.counts.open, unassigned.counts.unassigned) == (1, 1)
    assert at_mosaic.rows == () and at_mosaic.counts.open == 0
