"""A request's life after the front door, through the services, on SQLite and PostgreSQL:
attempts, notes, actions settled, closing and reopening, each a new version.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.conftest import owner_engine
from tests.services.life_data import LATER, MONDAY, life
from tests.services.requests_data import (
    ADMIN,
    HANDLER,
    HARM,
    HOUSING,
    LEADER,
    RECEPTION,
    save,
)
from triage_app.accounts.roles import NotPermitted
from triage_app.domain.request import EmergencyCall
from triage_app.errors import InvalidInput
from triage_app.export import pending_summary
from triage_app.services.actions import settle_action
from triage_app.services.contact import add_note, record_attempt
from triage_app.services.followup import followup_queue, mark_done
from triage_app.services.life_view import request_life
from triage_app.services.outcomes import WrongStatus, close_request, reopen_request
from triage_app.services.records import amend
from triage_app.store import audit
from triage_app.store.requests import VersionConflict
from triage_app.store.stored import load_request


@pytest.fixture
def db(any_db):
    return any_db


def test_an_attempt_starts_the_request_and_closing_settles_its_actions(db, rules, vocab):
    ref = save(db, rules, vocab, HOUSING, received=MONDAY)
    assert life(db, ref).status == "open"
    with db.write() as s:
        record_attempt(
            s, ref, method="telephone", reached=False, actor=HANDLER, now=LATER, vocab=vocab
        )
        record_attempt(
            s, ref, method="text_message", reached=True, actor=HANDLER, now=LATER, vocab=vocab
        )
    assert life(db, ref).status == "in_progress"
    with db.write() as s:
        close_request(
            s,
            ref,
            outcome="advice_given",
            reason="Gave the housing advice line; mum is happy with that.",
            actor=HANDLER,
            now=LATER,
            vocab=vocab,
        )
    after = life(db, ref)
    assert (after.status, after.outcome) == ("closed", "advice_given")
    assert [(a.method, a.reached) for a in after.attempts] == [
        ("telephone", False),
        ("text_message", True),
    ]
    assert all(a.state is not None for a in after.actions)
    assert [c.to_status for c in after.status_changes] == ["in_progress", "closed"]
    with db.read() as s:
        actions = [e.action for e in audit.entries(s, record_ref=ref)]
    assert {"contact_attempt", "request_started", "request_closed"} <= set(actions)


def test_closing_checks_the_outcome_the_reason_and_the_mash_decision(db, rules, vocab):
    ref = save(db, rules, vocab, HARM, received=MONDAY)
    unknown = "outcome: unknown outcome 'advise_given'"
    with pytest.raises(InvalidInput, match=unknown), db.write() as s:
        close_request(
            s, ref, outcome="advise_given", reason="x", actor=HANDLER, now=LATER, vocab=vocab
        )
    with pytest.raises(InvalidInput, match="reason: say why"), db.write() as s:
        close_request(
            s, ref, outcome="advice_given", reason="  ", actor=HANDLER, now=LATER, vocab=vocab
        )
    with pytest.raises(InvalidInput, match="mash_decision"), db.write() as s:
        close_request(
            s, ref, outcome="stepped_up_mash", reason="MASH took it", actor=LEADER, now=LATER,
            vocab=vocab,
        )  # fmt: skip
    # The MASH referral is a safeguarding step: settled on its own, with a note, never by closing.
    settle_first = "settle mash_referral on its own first"
    with pytest.raises(InvalidInput, match=settle_first), db.write() as s:
        close_request(
            s, ref, outcome="stepped_up_mash", reason="MASH took it", actor=LEADER, now=LATER,
            vocab=vocab, mash_decision="Strategy discussion; section 47 enquiry.",
        )  # fmt: skip
    with db.write() as s:
        settle_action(
            s, ref, "mash_referral", state="done", actor=LEADER, now=LATER,
            note="Referred to MASH by phone, then in writing",
        )  # fmt: skip
    with db.write() as s:
        close_request(
            s, ref, outcome="stepped_up_mash", reason="MASH took it", actor=LEADER, now=LATER,
            vocab=vocab, mash_decision="Strategy discussion; section 47 enquiry.",
        )  # fmt: skip
    assert life(db, ref).status_changes[-1].mash_decision.startswith("Strategy discussion")


def test_could_not_make_contact_needs_three_attempts_that_did_not_reach_them(db, rules, vocab):
    ref = save(db, rules, vocab, HOUSING, received=MONDAY)
    for tried in range(3):
        too_few = f"3 recorded attempts .*; {tried} recorded"
        with pytest.raises(InvalidInput, match=too_few), db.write() as s:
            close_request(
                s, ref, outcome="no_contact", reason="no answer", actor=HANDLER, now=LATER,
                vocab=vocab,
            )  # fmt: skip
        with db.write() as s:
            record_attempt(
                s, ref, method="telephone", reached=False, actor=HANDLER, now=LATER, vocab=vocab
            )
    with db.write() as s:
        close_request(
            s, ref, outcome="no_contact", reason="no answer", actor=HANDLER, now=LATER,
            vocab=vocab,
        )  # fmt: skip
    assert life(db, ref).status == "closed"


def test_a_closed_request_can_be_reopened_and_the_history_is_kept(db, rules, vocab):
    ref = save(db, rules, vocab, HOUSING, received=MONDAY)
    with db.write() as s:
        close_request(
            s, ref, outcome="family_declined", reason="Declined.", actor=HANDLER, now=LATER,
            vocab=vocab,
        )  # fmt: skip
    with pytest.raises(WrongStatus), db.write() as s:
        close_request(
            s, ref, outcome="advice_given", reason="again", actor=HANDLER, now=LATER, vocab=vocab
        )
    with db.write() as s:
        reopen_request(s, ref, reason="Mum rang back.", actor=HANDLER, now=LATER)
    after = life(db, ref)
    assert (after.status, after.outcome) == ("open", None)
    assert [(c.to_status, c.outcome) for c in after.status_changes] == [
        ("closed", "family_declined"),
        ("open", None),
    ]


def test_notes_are_stamped_and_the_database_refuses_to_change_or_delete_them(db, rules, vocab):
    ref = save(db, rules, vocab, HOUSING, received=MONDAY)
    with db.write() as s:
        add_note(s, ref, "Left a message with nan.", actor=RECEPTION, now=LATER)
    (note,) = life(db, ref).notes
    assert (note.author, note.at, note.text) == (
        "test.reception",
        LATER,
        "Left a message with nan.",
    )
    for statement in (
        "UPDATE request_notes SET text = 'something else'",
        "UPDATE request_notes SET author = 'someone'",
        "DELETE FROM request_notes",
        "UPDATE contact_attempts SET reached = reached",
    ):
        with pytest.raises(DBAPIError, match="never changed"), db.write() as s:
            if "contact_attempts" in statement:
                record_attempt(
                    s, ref, method="email", reached=False, actor=HANDLER, now=LATER, vocab=vocab
                )
                s.execute(text("UPDATE contact_attempts SET made_by = 'someone'"))
            else:
                s.execute(text(statement))
    with db.write() as s:  # erasure may blank the words, and nothing else
        s.execute(text("UPDATE request_notes SET text = NULL"))
    assert life(db, ref).notes[0].text is None


def test_each_change_is_a_new_version_waiting_for_export_and_amending_still_works(db, rules, vocab):
    ref = save(db, rules, vocab, HOUSING, received=MONDAY)
    with db.read() as s:
        before = pending_summary(s).count
    with db.write() as s:
        add_note(s, ref, "First note.", actor=HANDLER, now=LATER)
    with db.read() as s:
        assert pending_summary(s).count == before + 1
        first = load_request(s, ref, 1)
    # An amendment started from version 1 is no conflict with a note added since.
    with db.write() as s:
        amend(
            s, first, replace(first.request, narrative="More detail."), reason="Added detail",
            vocab=vocab, rules=rules, actor=LEADER, now=LATER,
        )  # fmt: skip
    after = life(db, ref)
    assert after.version == 3 and [n.text for n in after.notes] == ["First note."]
    with pytest.raises(VersionConflict), db.write() as s:
        amend(
            s, first, first.request, reason="stale", vocab=vocab, rules=rules, actor=LEADER,
            now=LATER,
        )  # fmt: skip


def test_an_emergency_call_settles_call_999(db, rules, vocab):
    call = EmergencyCall(called_at=MONDAY, called_by="test.handler", police_reference="WM-123")
    danger = replace(HARM, answers=replace(HARM.answers, immediate_danger=True), emergency=call)
    ref = save(db, rules, vocab, danger, received=MONDAY)
    actions = {a.action: a for a in life(db, ref).actions}
    assert actions["call_999"].state == "done"
    assert actions["call_999"].settled_at == MONDAY
    assert "WM-123" in (actions["call_999"].note or "")


def test_administrators_do_none_of_it(db, rules, vocab):
    ref = save(db, rules, vocab, HOUSING, received=MONDAY)
    with pytest.raises(NotPermitted), db.write() as s:
        add_note(s, ref, "x", actor=ADMIN, now=LATER)
    with pytest.raises(NotPermitted), db.read() as s:
        request_life(s, ref, actor=ADMIN, now=LATER)
    with pytest.raises(NotPermitted), db.read() as s:
        followup_queue(s, actor=ADMIN, now=LATER)


def test_marking_done_starts_the_request(db, rules, vocab):
    ref = save(db, rules, vocab, HARM, received=MONDAY)
    with db.write() as s:
        mark_done(s, ref, "mash_referral", actor=HANDLER, now=LATER)
    after = life(db, ref)
    assert after.status == "in_progress"
    assert {a.action: a.state for a in after.actions}["mash_referral"] == "done"
    with db.read() as s:
        versions = s.execute(text("SELECT count(*) FROM request_versions")).scalar()
    assert versions == 2


def test_db_check_reports_a_missing_guard_of_the_notes(db):
    from triage_app.store.health import check_health

    assert check_health(db).healthy
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        with db.write() as s:
            s.execute(text("DROP TRIGGER request_notes_no_update"))
    else:  # only the owner may touch a trigger (a desk role may not: test_desk_role.py)
        owner = owner_engine(url)
        with owner.begin() as conn:
            conn.execute(text("ALTER TABLE request_notes DISABLE TRIGGER request_notes_no_change"))
        owner.dispose()
    problems = " ".join(check_health(db).problems)
    assert "request_notes_no_" in problems and "missing" in problems


def test_a_request_is_found_by_its_current_names_after_a_note_an_attempt_and_closing(
    db, rules, vocab
):
    """Each step of a request's life is a new version: the name search must follow it."""
    from triage_app.services.search import RequestQuery, search_requests

    ref = save(db, rules, vocab, HOUSING, received=MONDAY)

    def found(text: str) -> list[str]:
        with db.read() as s:
            rows = search_requests(s, RequestQuery(text=text), actor=LEADER, now=LATER)
        return [r.reference for r in rows]

    assert found("Zoë") == [ref]
    with db.write() as s:
        add_note(s, ref, "Rang the school.", actor=RECEPTION, now=LATER)
        record_attempt(s, ref, method="email", reached=False, actor=HANDLER, now=LATER, vocab=vocab)
    with db.write() as s:
        close_request(
            s, ref, outcome="advice_given", reason="advice on the phone", actor=LEADER,
            now=LATER, vocab=vocab,
        )  # fmt: skip
    assert found("Zoë") == [ref]  # a child's first name
    assert found("Nunez") == [ref]  # the family's surname, typed without its accents
    assert found("Nunes") == [ref]  # and sounding alike
    # A name corrected after those steps: found by the new name only, not the old one.
    with db.read() as s:
        now_stored = load_request(s, ref, life(db, ref).version)
    corrected = replace(
        now_stored.request,
        children=(replace(now_stored.request.children[0], first_name="Xanthe"),),
    )
    with db.write() as s:
        amend(
            s, now_stored, corrected, reason="Child's name misheard", vocab=vocab, rules=rules,
            actor=LEADER, now=LATER,
        )  # fmt: skip
    assert found("Xanthe") == [ref]
    assert found("Zoë") == []
