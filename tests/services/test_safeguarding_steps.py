"""A safeguarding step (999, MASH, MARAC, consultation, a missing child's steps, Prevent) is
settled as done by anyone who sees the request, as not needed only by a team leader saying
why, and never as "could not be done": marked so, a MASH referral would be dropped and the
request then closed over it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.services.requests_data import HANDLER, HARM, HOUSING, LEADER, save
from triage_app.accounts.roles import NotPermitted
from triage_app.domain.life import ACTION_STATES, COULD_NOT, DONE, NOT_NEEDED
from triage_app.errors import InvalidInput
from triage_app.services.actions import settle_action, states_open_to
from triage_app.services.life_view import request_life
from triage_app.services.outcomes import close_request

MONDAY = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
LATER = MONDAY + timedelta(hours=2)


def _settled(db, ref: str, action: str) -> tuple[str | None, str | None, str | None]:
    with db.read() as s:
        life = request_life(s, ref, actor=LEADER, now=LATER)
    [step] = [a for a in life.actions if a.action == action]
    return step.state, step.note, step.settled_by


def test_a_call_handler_may_not_set_a_mash_referral_aside(any_db, rules, vocab) -> None:
    ref = save(any_db, rules, vocab, HARM, received=MONDAY)
    with pytest.raises(NotPermitted, match="ask a team leader"), any_db.write() as s:
        settle_action(
            s, ref, "mash_referral", state=NOT_NEEDED, actor=HANDLER, now=LATER, note="ok"
        )
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


def test_a_mash_referral_that_could_not_be_made_stays_open(any_db, rules, vocab) -> None:
    """The MASH line engaged all afternoon: the referral is still to make, not settled."""
    ref = save(any_db, rules, vocab, HARM, received=MONDAY)
    refused = "mash_referral stays open until it is done"
    with pytest.raises(InvalidInput, match=refused), any_db.write() as s:
        settle_action(
            s, ref, "mash_referral", state=COULD_NOT, actor=LEADER, now=LATER,
            note="MASH line engaged all afternoon",
        )  # fmt: skip
    still_open = "settle mash_referral on its own first"
    with pytest.raises(InvalidInput, match=still_open), any_db.write() as s:
        close_request(
            s, ref, outcome="advice_given", reason="Done.", actor=LEADER, now=LATER, vocab=vocab
        )
    assert _settled(any_db, ref, "mash_referral") == (None, None, None)


@pytest.mark.parametrize(
    "step", ["return_home_interview", "report_missing_to_police", "prevent_consultation"]
)
def test_a_missing_childs_steps_and_prevent_are_safeguarding_steps_too(step: str) -> None:
    assert states_open_to(HANDLER, step) == (DONE,)
    assert states_open_to(LEADER, step) == (DONE, NOT_NEEDED)


def test_the_window_offers_a_call_handler_only_done_for_a_safeguarding_step() -> None:
    assert states_open_to(HANDLER, "mash_referral") == (DONE,)
    assert states_open_to(HANDLER, "marac_referral") == (DONE,)
    assert states_open_to(LEADER, "mash_referral") == (DONE, NOT_NEEDED)
    assert states_open_to(HANDLER, "refer_housing") == ACTION_STATES


def test_closing_looks_for_open_steps_from_the_requests_own_versions(db, rules, vocab) -> None:
    """Press Close with a MASH referral still open: refused, and the check starts from the
    request's own versions and their actions, never from every current version or every
    open action stored (SQLite's choice without statistics: 190 ms at a million)."""
    from sqlalchemy import event

    ref = save(db, rules, vocab, HARM, received=MONDAY)
    seen: list[tuple[str, tuple[object, ...]]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if "route_actions" in statement and "done_at IS NULL" in statement:
            seen.append((statement, tuple(parameters)))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        with pytest.raises(InvalidInput, match="settle mash_referral"), db.write() as s:
            close_request(
                s, ref, outcome="advice_given", reason="Done.", actor=LEADER, now=LATER,
                vocab=vocab,
            )  # fmt: skip
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    [(statement, parameters)] = seen
    with db.read() as s:
        rows = s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        plan = "\n".join(row[3] for row in rows)
    assert "ix_route_actions_version (version_id=?)" in plan, plan
    assert "sqlite_autoindex_request_versions_1 (request_id=?)" in plan, plan
