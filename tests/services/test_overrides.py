"""Overriding the recommended pathway, through the services, on SQLite and PostgreSQL: upward
at once, downward on a second team leader's decision, never below the safety floor.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.conftest import add_staff
from tests.services.life_data import LATER, LEADER_2, MONDAY, life
from tests.services.requests_data import HANDLER, HARM, HOUSING, LEADER, save
from triage_app.accounts.roles import NotPermitted
from triage_app.errors import InvalidInput
from triage_app.services.followup import followup_queue
from triage_app.services.overrides import decide_override, override_pathway
from triage_app.store.stored import load_request


@pytest.fixture
def db(any_db):
    return any_db


def test_overrides_upward_stand_downward_wait_for_a_second_team_leader(db, rules, vocab):
    ref = save(db, rules, vocab, HOUSING, received=MONDAY)
    recommended = life(db, ref).recommended_pathway
    with db.write() as s:
        up = override_pathway(
            s, ref, chosen="social_care", reason="Worried about the children.", actor=HANDLER,
            now=LATER, rules=rules,
        )  # fmt: skip
    assert (up.direction, up.state) == ("up", "approved")
    assert (life(db, ref).recommended_pathway, life(db, ref).final_pathway) == (
        recommended,
        "social_care",
    )
    with db.write() as s:
        down = override_pathway(
            s, ref, chosen="signpost", reason="Housing team has it.", actor=LEADER, now=LATER,
            rules=rules,
        )  # fmt: skip
    assert (down.direction, down.state) == ("down", "pending")
    assert life(db, ref).final_pathway == "social_care"
    with pytest.raises(NotPermitted, match="second person"), db.write() as s:
        decide_override(s, ref, down.id, approve=True, actor=LEADER, now=LATER, rules=rules)
    with pytest.raises(NotPermitted), db.write() as s:
        decide_override(s, ref, down.id, approve=True, actor=HANDLER, now=LATER, rules=rules)
    with db.write() as s:
        done = decide_override(
            s, ref, down.id, approve=True, actor=LEADER_2, now=LATER, rules=rules
        )
    assert (done.state, done.decided_by) == ("approved", "test.leader2")
    assert life(db, ref).final_pathway == "signpost"


def test_lifted_to_social_care_a_request_is_a_mash_referral_due_today(db, rules, vocab, now):
    """A handler who lifts a housing request to social care on Wednesday sees it at the top of
    the queue as a MASH referral due that day, not as early help due days later; a second
    person's downward decision later never puts the due time back."""
    add_staff(db, now, ("test.handler", "call_handler"), ("test.leader", "team_leader"))
    ref = save(db, rules, vocab, HOUSING, received=MONDAY, hub="mosaic")
    wednesday = MONDAY + timedelta(days=2)
    with db.read() as s:
        before = followup_queue(s, actor=LEADER, now=wednesday, hub="mosaic").rows[0]
    assert before.due is not None and before.due > wednesday + timedelta(days=1)
    with db.write() as s:
        override_pathway(
            s, ref, chosen="social_care", reason="The children are left alone at night.",
            actor=HANDLER, now=wednesday, rules=rules,
        )  # fmt: skip
    with db.read() as s:
        queue = followup_queue(s, actor=LEADER, now=wednesday, hub="mosaic")
    lifted = queue.rows[0]
    assert (lifted.reference, lifted.final_pathway) == (ref, "social_care")
    assert lifted.due is not None and lifted.due < wednesday + timedelta(days=1)
    assert queue.counts.due_today == 1
    listed = life(db, ref).actions
    actions = {a.action: a for a in listed}
    assert "mash_referral" in actions and actions["mash_referral"].state is None
    assert listed[0].action == "mash_referral"  # first, as on a route made that way
    with db.read() as s:
        assert load_request(s, ref).route.respond_within == "the same working day"
    with db.write() as s:
        down = override_pathway(
            s, ref, chosen="early_help", reason="MASH say early help.", actor=LEADER,
            now=wednesday, rules=rules,
        )  # fmt: skip
        decide_override(s, ref, down.id, approve=True, actor=LEADER_2, now=wednesday, rules=rules)
    with db.read() as s:
        after = followup_queue(s, actor=LEADER, now=wednesday, hub="mosaic").rows[0]
    assert after.due == lifted.due and after.final_pathway == "early_help"


def test_lifted_to_social_care_no_home_visit_is_offered_before_the_hub_decides(db, rules, vocab):
    """Neglect, early help with a key worker; lifted to social care, the steps that wait for
    the safeguarding hub (pathways.hold) leave the open work, as on a route made that way."""
    ref = save(db, rules, vocab, replace(HOUSING, concerns=("neglect",)), received=MONDAY)
    before = {a.action for a in life(db, ref).actions}
    assert {"early_help_assessment", "family_support"} <= before
    with db.write() as s:
        override_pathway(
            s, ref, chosen="social_care", reason="Baby left alone again.", actor=HANDLER,
            now=LATER, rules=rules,
        )  # fmt: skip
    after = {a.action for a in life(db, ref).actions}
    assert not {"early_help_assessment", "family_support"} & after
    assert {"mash_referral", "safeguarding_consultation"} <= after


def test_no_override_goes_below_the_safety_floor(db, rules, vocab):
    ref = save(db, rules, vocab, HARM, received=MONDAY)  # significant harm: social care floor
    below = r"below this request's safety floor \(social_care\)"
    with pytest.raises(InvalidInput, match=below), db.write() as s:
        override_pathway(
            s, ref, chosen="early_help", reason="x", actor=LEADER, now=LATER, rules=rules
        )
    with pytest.raises(InvalidInput, match="say why"), db.write() as s:
        override_pathway(
            s, ref, chosen="emergency", reason="", actor=LEADER, now=LATER, rules=rules
        )
