"""A safeguarding step (999, MASH, MARAC, consultation) is settled as done by anyone who sees
the request, but as not needed or not done only by a team leader saying why: marked so by a
call handler, a MASH referral would be dropped and the request then closed over it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.services.requests_data import HANDLER, HARM, HOUSING, LEADER, rules_for, save
from triage_app.accounts.roles import NotPermitted
from triage_app.domain.life import ACTION_STATES, DONE
from triage_app.errors import InvalidInput
from triage_app.services.actions import settle_action, states_open_to
from triage_app.services.life_view import request_life

MONDAY = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
LATER = MONDAY + timedelta(hours=2)


@pytest.fixture(scope="module")
def rules(resources, vocab):
    return rules_for(resources, vocab)


def _settled(db, ref: str, action: str) -> tuple[str | None, str | None, str | None]:
    with db.read() as s:
        life = request_life(s, ref, actor=LEADER, now=LATER)
    [step] = [a for a in life.actions if a.action == action]
    return step.state, step.note, step.settled_by


@pytest.mark.parametrize("state", ["not_needed", "could_not_be_done"])
def test_a_call_handler_may_not_set_a_mash_referral_aside(any_db, rules, vocab, state) -> None:
    ref = save(any_db, rules, vocab, HARM, received=MONDAY)
    with pytest.raises(NotPermitted, match="ask a team leader"), any_db.write() as s:
        settle_action(s, ref, "mash_referral", state=state, actor=HANDLER, now=LATER, note="ok")
    assert _settled(any_db, ref, "mash_referral") == (None, None, None)


def test_a_team_leader_sets_it_aside_only_saying_why(any_db, rules, vocab) -> None:
    ref = save(any_db, rules, vocab, HARM, received=MONDAY)
    no_reason = "note: say why mash referral was not needed"
    with pytest.raises(InvalidInput, match=no_reason), any_db.write() as s:
        settle_action(s, ref, "mash_referral", state="not_needed", actor=LEADER, now=LATER, note="")
    said = "MASH already had it from the school this morning (their reference given)."
    with any_db.write() as s:
        settle_action(
            s, ref, "mash_referral", state="not_needed", actor=LEADER, now=LATER, note=said
        )
    assert _settled(any_db, ref, "mash_referral") == ("not_needed", said, LEADER.username)


def test_anyone_who_sees_it_marks_it_done_and_other_steps_as_before(any_db, rules, vocab) -> None:
    harm = save(any_db, rules, vocab, HARM, received=MONDAY)
    with any_db.write() as s:
        settle_action(s, harm, "mash_referral", state=DONE, actor=HANDLER, now=LATER)
    assert _settled(any_db, harm, "mash_referral")[0] == DONE
    housing = save(any_db, rules, vocab, HOUSING, received=MONDAY)
    with any_db.read() as s:
        step = request_life(s, housing, actor=LEADER, now=LATER).actions[0].action
    with any_db.write() as s:
        settle_action(s, housing, step, state="not_needed", actor=HANDLER, now=LATER)
    assert _settled(any_db, housing, step)[:1] == ("not_needed",)


def test_the_window_offers_a_call_handler_only_done_for_a_safeguarding_step() -> None:
    assert states_open_to(HANDLER, "mash_referral") == (DONE,)
    assert states_open_to(HANDLER, "marac_referral") == (DONE,)
    assert states_open_to(LEADER, "mash_referral") == ACTION_STATES
    assert states_open_to(HANDLER, "refer_housing") == ACTION_STATES
