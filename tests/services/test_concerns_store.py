"""Concerns, unknown children, earlier requests and an emergency saved at once, through the
intake service on SQLite and PostgreSQL: what is saved is read back as it was given, the
count of earlier requests comes from the store (and routes rule 13), and a partial request
is saved incomplete until an amendment completes it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.services.requests_data import HANDLER, HOUSING, LEADER
from triage_app.domain.request import Answers, Child, EmergencyCall, Family, TriageRequest
from triage_app.errors import InvalidInput
from triage_app.pathways.replay import replay
from triage_app.services.followup import COMPLETE_REQUEST, open_actions
from triage_app.services.intake import amend_request, assess, take_request
from triage_app.services.rereferral import count_earlier
from triage_app.store.database import Database
from triage_app.store.stored import current_requests, load_request

CONSULT = "safeguarding_consultation"
DAY = datetime(2026, 3, 16, 10, 0, tzinfo=UTC)
#: No safeguarding answer of yes and no concern: only rule 13 can bring a consultation.
FAMILY = replace(
    HOUSING,
    children=(Child(first_name="Noor", last_name="Samplewell", date_of_birth=date(2017, 4, 4)),),
    family=Family(first_name="Ali", last_name="Samplewell", phone="07700 900777"),
    postcode="CV3 1AB",
)
#: An emergency as the call handler saves it the moment 999 was called.
EMERGENCY = TriageRequest(
    contact_method="telephone",
    source="police",
    needs=(),
    consent=None,
    answers=Answers(immediate_danger=True),
    children_unknown=True,
)
CALL = EmergencyCall(DAY - timedelta(minutes=3), "the call handler", "CV-2026-0042")


def _take(db: Database, rules, vocab, req: TriageRequest, at: datetime):
    with db.write() as s:
        return take_request(
            s, replace(req, received_at=at), vocab=vocab, rules=rules, actor=HANDLER, now=at
        )


def test_the_third_request_in_a_year_gets_a_consultation_and_the_second_does_not(
    any_db: Database, rules, vocab
) -> None:
    old = _take(any_db, rules, vocab, FAMILY, DAY - timedelta(days=400))
    first = _take(any_db, rules, vocab, FAMILY, DAY - timedelta(days=30))  # 370 days after
    second = _take(any_db, rules, vocab, FAMILY, DAY - timedelta(days=10))
    third = _take(any_db, rules, vocab, FAMILY, DAY)

    assert CONSULT not in old.route.actions and CONSULT not in first.route.actions
    assert CONSULT not in second.route.actions  # one earlier in its year: the 400-day one is not
    assert CONSULT in third.route.actions
    assert any("earlier" in t.reason for t in third.route.trace)
    with any_db.read() as s:
        counts = [load_request(s, r.reference).request.earlier_requests for r in (
            old, first, second, third)]  # fmt: skip
    assert counts == [0, 0, 1, 2]


def test_the_window_counts_as_saving_does(any_db: Database, rules, vocab) -> None:
    _take(any_db, rules, vocab, FAMILY, DAY - timedelta(days=30))
    _take(any_db, rules, vocab, FAMILY, DAY - timedelta(days=10))
    typed = replace(FAMILY, received_at=None)
    with any_db.read() as s:
        assert count_earlier(s, typed, DAY) == 2
        shown = assess(typed, vocab=vocab, rules=rules, desk_hub=None, now=DAY, session=s)
    assert shown.route is not None and CONSULT in shown.route.actions
    without = assess(typed, vocab=vocab, rules=rules, desk_hub=None, now=DAY)
    assert without.route is not None and CONSULT not in without.route.actions


def test_a_child_matched_by_name_and_birth_counts_across_families(
    any_db: Database, rules, vocab
) -> None:
    moved = replace(FAMILY, family=Family(last_name="Otherly"), postcode="CV1 1AA")
    _take(any_db, rules, vocab, moved, DAY - timedelta(days=5))
    with any_db.read() as s:
        assert count_earlier(s, replace(FAMILY, received_at=DAY), DAY) == 1


def test_an_amendment_does_not_count_its_own_request(any_db: Database, rules, vocab) -> None:
    _take(any_db, rules, vocab, FAMILY, DAY - timedelta(days=20))
    saved = _take(any_db, rules, vocab, FAMILY, DAY - timedelta(days=1))
    with any_db.write() as s:
        again = amend_request(
            s, saved.reference, replace(FAMILY, received_at=DAY - timedelta(days=1)),
            based_on=1, reason="spelling", vocab=vocab, rules=rules, actor=HANDLER, now=DAY,
        )  # fmt: skip
    with any_db.read() as s:
        assert load_request(s, again.reference).request.earlier_requests == 1


def test_concerns_and_unknown_children_are_read_back_as_given(
    any_db: Database, rules, vocab
) -> None:
    req = replace(FAMILY, concerns=("neglect", "self_harm"), children_unknown=True)
    saved = _take(any_db, rules, vocab, req, DAY)
    with any_db.read() as s:
        back = load_request(s, saved.reference)
    assert back.request.concerns == ("neglect", "self_harm")
    assert back.request.children_unknown is True
    assert back.route == saved.route


def test_a_partial_emergency_needs_its_999_call(any_db: Database, rules, vocab) -> None:
    with pytest.raises(InvalidInput) as refused, any_db.write() as s:
        take_request(s, EMERGENCY, vocab=vocab, rules=rules, actor=HANDLER, now=DAY)
    assert [p.field for p in refused.value.problems] == ["emergency"]
    blank = replace(EMERGENCY, emergency=EmergencyCall(DAY, "  "))
    with pytest.raises(InvalidInput) as refused, any_db.write() as s:
        take_request(s, blank, vocab=vocab, rules=rules, actor=HANDLER, now=DAY)
    assert [p.field for p in refused.value.problems] == ["emergency.called_by"]


def test_an_emergency_is_saved_at_once_incomplete_and_an_amendment_completes_it(
    any_db: Database, rules, vocab
) -> None:
    with any_db.write() as s:
        saved = take_request(
            s, replace(EMERGENCY, emergency=CALL), vocab=vocab, rules=rules, actor=HANDLER,
            now=DAY, require_answers=True,
        )  # fmt: skip
    assert saved.route.pathway == "emergency"
    with any_db.read() as s:
        back = load_request(s, saved.reference)
        queue = open_actions(s, hub=None, actor=LEADER, now=DAY, urgency=rules.pathways)
    assert back.request.emergency == CALL and back.request.consent is None
    assert back.request.needs == () and back.request.children_unknown
    mine = [r for r in queue if r.reference == saved.reference]
    assert mine and all(r.incomplete for r in mine)
    assert COMPLETE_REQUEST in [r.action for r in mine]

    complete = replace(
        back.request,
        needs=("domestic_abuse",),
        consent="not_asked",
        children=(Child(age_years=4),),
        children_unknown=False,
        answers=Answers(True, True, False),
    )
    with any_db.write() as s:
        amend_request(
            s, saved.reference, complete, based_on=1, reason="call details taken",
            vocab=vocab, rules=rules, actor=HANDLER, now=DAY + timedelta(hours=1),
        )  # fmt: skip
    with any_db.read() as s:
        back = load_request(s, saved.reference)
        queue = open_actions(s, hub=None, actor=LEADER, now=DAY, urgency=rules.pathways)
    assert back.version == 2 and back.request.emergency == CALL
    mine = [r for r in queue if r.reference == saved.reference]
    assert not any(r.incomplete for r in mine)
    assert COMPLETE_REQUEST not in [r.action for r in mine]


def test_a_request_missing_needs_without_a_yes_is_still_refused(
    any_db: Database, rules, vocab
) -> None:
    bare = replace(EMERGENCY, answers=Answers(False, False, False), children_unknown=False)
    with pytest.raises(InvalidInput) as refused, any_db.write() as s:
        take_request(s, bare, vocab=vocab, rules=rules, actor=HANDLER, now=DAY)
    assert {p.field for p in refused.value.problems} >= {"needs", "consent"}


def test_a_replay_routes_stored_requests_as_they_were(any_db: Database, rules, vocab) -> None:
    _take(any_db, rules, vocab, FAMILY, DAY - timedelta(days=20))
    _take(any_db, rules, vocab, FAMILY, DAY - timedelta(days=10))
    _take(any_db, rules, vocab, replace(FAMILY, concerns=("self_harm",)), DAY)
    with any_db.write() as s:
        take_request(
            s, replace(EMERGENCY, emergency=CALL, received_at=DAY), vocab=vocab, rules=rules,
            actor=HANDLER, now=DAY,
        )  # fmt: skip
    with any_db.read() as s:
        stored = list(current_requests(s))
        summary = replay(stored, rules, DAY.date())
    assert [r.earlier_requests for _ref, r, _p in stored][:3] == [0, 1, 2]
    assert stored[2][1].concerns == ("self_harm",) and stored[3][1].children_unknown
    assert (summary.total, summary.unchanged) == (4, 4)
