"""Taking and amending requests: checked, routed, saved and audited in one transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from triage_app.domain.actor import Actor
from triage_app.domain.request import Answers, Child, Family, TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import InvalidInput
from triage_app.pathways import RuleSet, default_rules_dir, load_rules
from triage_app.services.intake import amend_request, assess, take_request
from triage_app.store import audit, requests
from triage_app.store.audit_models import AuditEntry
from triage_app.store.database import Database
from triage_app.store.models import RequestVersion
from triage_app.store.requests import VersionConflict
from triage_app.store.stored import load_request
from triage_app.store.version_models import ActionRow


@pytest.fixture(scope="module")
def rules(vocab: Vocabularies) -> RuleSet:
    return load_rules(default_rules_dir(), vocab)


CALL = TriageRequest(
    contact_method="telephone",
    source="self_referral",
    needs=("domestic_abuse",),
    consent="given",
    children=(Child(age_years=6, first_name="Ruby", last_name="Testwood"),),
    answers=Answers(False, False, False),
    postcode="CV2 1EQ",
    family=Family(first_name="Grace", last_name="Testwood", phone="07700 900111"),
)


def _save(db: Database, req: TriageRequest, vocab, rules, actor, now):
    with db.write() as s:
        return take_request(s, req, vocab=vocab, rules=rules, actor=actor, now=now)


def test_a_saved_request_reads_back_as_it_was_given(
    any_db: Database, vocab, rules, actor, now
) -> None:
    saved = _save(any_db, CALL, vocab, rules, actor, now)
    with any_db.read() as s:
        stored = load_request(s, saved.reference)
    assert stored.request.children == CALL.children
    assert stored.request.family.last_name == "Testwood"
    assert stored.route == saved.route
    assert stored.version == stored.latest_version == 1
    assert stored.created_at == now


def test_the_window_must_ask_every_safeguarding_question(
    db: Database, vocab, rules, actor, now
) -> None:
    unasked = TriageRequest("telephone", "self_referral", ("money_debt",), "given")
    with pytest.raises(InvalidInput) as refused, db.write() as s:
        take_request(
            s, unasked, vocab=vocab, rules=rules, actor=actor, now=now, require_answers=True
        )
    fields = {p.field for p in refused.value.problems}
    assert fields == {
        "answers.immediate_danger",
        "answers.significant_harm",
        "answers.domestic_abuse_high_risk",
    }
    with db.read() as s:
        assert s.execute(select(func.count(RequestVersion.id))).scalar_one() == 0


def test_the_route_panel_can_route_before_the_questions_are_asked(vocab, rules, now) -> None:
    unasked = TriageRequest("telephone", "self_referral", ("money_debt",), "given")
    result = assess(
        unasked, vocab=vocab, rules=rules, desk_hub="mosaic", now=now, require_answers=True
    )
    assert result.route is not None
    assert len(result.problems) == 3


def test_an_amendment_adds_a_version_and_keeps_the_first(
    db: Database, vocab, rules, actor, now
) -> None:
    saved = _save(db, CALL, vocab, rules, actor, now)
    leader = Actor("team.leader", role="team_leader")
    changed = TriageRequest(**{**CALL.__dict__, "answers": Answers(False, True, False)})
    with db.write() as s:
        amended = amend_request(
            s,
            saved.reference,
            changed,
            based_on=1,
            reason="Caller rang back: new concern",
            vocab=vocab,
            rules=rules,
            actor=leader,
            now=now + timedelta(hours=1),
        )
    assert amended.version == 2
    assert amended.route.pathway in {"social_care", "emergency"}
    with db.read() as s:
        first, second = load_request(s, saved.reference, 1), load_request(s, saved.reference)
        entries = [e.action for e in audit.entries(s, record_ref=saved.reference)]
        current = s.execute(select(func.count()).where(RequestVersion.is_current)).scalar_one()
    assert first.request.answers.significant_harm is False and first.author == actor.username
    assert second.amendment_reason == "Caller rang back: new concern"
    assert second.author == "team.leader"
    assert entries == ["create", "amend"]
    assert current == 1


def test_a_second_amendment_from_a_stale_copy_is_refused(
    db: Database, vocab, rules, actor, now
) -> None:
    saved = _save(db, CALL, vocab, rules, actor, now)
    kwargs = dict(vocab=vocab, rules=rules, actor=actor, now=now)
    with db.write() as s:
        amend_request(s, saved.reference, CALL, based_on=1, reason="first", **kwargs)
    with pytest.raises(VersionConflict, match="amended by someone else"), db.write() as s:
        amend_request(s, saved.reference, CALL, based_on=1, reason="second", **kwargs)
    with db.read() as s:
        assert load_request(s, saved.reference).amendment_reason == "first"


def test_an_amendment_needs_a_reason(db: Database, vocab, rules, actor, now) -> None:
    saved = _save(db, CALL, vocab, rules, actor, now)
    with pytest.raises(InvalidInput, match="reason"), db.write() as s:
        amend_request(
            s,
            saved.reference,
            CALL,
            based_on=1,
            reason="  ",
            vocab=vocab,
            rules=rules,
            actor=actor,
            now=now,
        )


def test_actions_already_done_stay_done_after_an_amendment(
    db: Database, vocab, rules, actor, now
) -> None:
    saved = _save(db, CALL, vocab, rules, actor, now)
    first_action = saved.route.actions[0]
    with db.write() as s:
        s.execute(
            update(ActionRow)
            .where(ActionRow.action == first_action)
            .values(done_at=now, done_by=actor.username)
        )
        amend_request(
            s,
            saved.reference,
            CALL,
            based_on=1,
            reason="typo in name",
            vocab=vocab,
            rules=rules,
            actor=actor,
            now=now,
        )
    with db.read() as s:
        stored = load_request(s, saved.reference)
    done = {a.action: a.done_by for a in stored.actions}
    assert done[first_action] == actor.username


def test_a_failed_save_writes_neither_request_nor_audit(
    db: Database, vocab, rules, actor, now
) -> None:
    bad = TriageRequest("telephone", "self_referral", ("not_a_need",), "given")
    with pytest.raises(InvalidInput), db.write() as s:
        take_request(s, bad, vocab=vocab, rules=rules, actor=actor, now=now)
    with db.read() as s:
        assert s.execute(select(func.count(AuditEntry.id))).scalar_one() == 0
        assert s.execute(select(func.count(RequestVersion.id))).scalar_one() == 0


def test_a_reference_already_taken_is_drawn_again_and_the_first_request_is_untouched(
    any_db: Database, vocab, rules, actor, now, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _save(any_db, CALL, vocab, rules, actor, now)
    drawn = iter([first.reference, "HH-2222-3333"])
    monkeypatch.setattr(requests, "new_reference", lambda: next(drawn))
    other = replace(
        CALL, family=Family(first_name="Ann", last_name="Otherby", phone="07700 900222")
    )
    second = _save(any_db, other, vocab, rules, actor, now)
    assert second.reference == "HH-2222-3333"
    with any_db.read() as s:
        assert load_request(s, first.reference).request.family.last_name == "Testwood"
        assert load_request(s, second.reference).request.family.last_name == "Otherby"
        assert [e.record_ref for e in audit.entries(s)] == [first.reference, "HH-2222-3333"]
        assert list(audit.chain_breaks(s)) == []
