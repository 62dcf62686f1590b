"""Follow-up: when actions are due, the order of the list, and ticking one done (recorded and
audited). The clock is injected: 16 March 2026 is a Monday, in Greenwich Mean Time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.services.requests_data import (
    ADMIN,
    HANDLER,
    HARM,
    HOUSING,
    LEADER,
    MISSING,
    RECEPTION,
    save,
)
from triage_app.accounts.roles import NotPermitted
from triage_app.services.followup import (
    ACTION_DONE,
    AlreadyDone,
    NoSuchAction,
    due_at,
    followup_queue,
    mark_done,
    open_actions,
)
from triage_app.services.records import amend, open_record
from triage_app.store import audit
from triage_app.store.models import RequestVersion
from triage_app.store.requests import UnknownReference
from triage_app.store.version_models import ActionRow

MONDAY = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("received", "respond", "due"),
    [
        (MONDAY, "immediately", MONDAY),
        (MONDAY, "the same working day", utc(2026, 3, 17)),  # by midnight ending Monday
        (MONDAY, "the next working day", utc(2026, 3, 18)),
        (MONDAY, "1 working day", utc(2026, 3, 18)),
        (MONDAY, "5 working days", utc(2026, 3, 24)),  # Tue..Mon
        (utc(2026, 3, 13, 16), "the next working day", utc(2026, 3, 17)),  # Friday → Monday
        (utc(2026, 3, 14, 9), "the same working day", utc(2026, 3, 17)),  # Saturday → Monday
        (utc(2026, 3, 14, 9), "the next working day", utc(2026, 3, 17)),
        (utc(2026, 3, 15, 9), "5 working days", utc(2026, 3, 21)),  # Sunday → Mon..Fri
        # British Summer Time: local midnight is 23:00 UTC; 23:30 UTC on Friday 29 May is
        # already Saturday in Coventry.
        (utc(2026, 6, 1, 9), "the same working day", utc(2026, 6, 1, 23)),
        (utc(2026, 5, 29, 23, 30), "the same working day", utc(2026, 6, 1, 23)),
        (MONDAY, "when convenient", None),
        (MONDAY, None, None),
    ],
)
def test_due_times(received, respond, due):
    assert due_at(received, respond) == due


def test_most_urgent_pathway_then_most_overdue(db, rules, vocab):
    housing = save(db, rules, vocab, HOUSING, received=MONDAY - timedelta(days=14))
    harm_new = save(db, rules, vocab, HARM, received=MONDAY)
    harm_old = save(db, rules, vocab, HARM, received=MONDAY - timedelta(days=3))
    missing = save(db, rules, vocab, MISSING, received=MONDAY - timedelta(days=1))
    with db.read() as s:
        rows = open_actions(s, hub=None, actor=LEADER, now=MONDAY, urgency=rules.pathways)
    order = list(dict.fromkeys(r.reference for r in rows))
    assert order == [harm_old, harm_new, missing, housing]
    first = rows[0]
    assert (first.action, first.pathway, first.respond_within) == (
        "mash_referral",
        "social_care",
        "the same working day",
    )
    assert first.overdue and first.due == utc(2026, 3, 14)  # Friday 13th's, by its midnight
    today = next(r for r in rows if r.reference == harm_new)
    assert not today.overdue and today.due == utc(2026, 3, 17)
    later = [r for r in rows if r.reference == housing]
    assert [r.action for r in later] == ["refer_housing", "refer_ciass"]  # the route's order
    assert all(r.overdue for r in later)


def test_one_hub_or_what_the_role_may_see(db, rules, vocab):
    mosaic = save(db, rules, vocab, HOUSING, received=MONDAY, actor=LEADER)
    moat = save(db, rules, vocab, MISSING, received=MONDAY, actor=LEADER)
    own = save(db, rules, vocab, HARM, received=MONDAY, actor=HANDLER)

    def listed(actor, hub=None):
        with db.read() as s:
            rows = open_actions(s, hub=hub, actor=actor, now=MONDAY, urgency=rules.pathways)
        return set(r.reference for r in rows)

    assert listed(LEADER) == {mosaic, moat, own}
    assert listed(LEADER, "the_moat") == {moat}
    assert listed(RECEPTION) == {mosaic}
    assert listed(RECEPTION, "the_moat") == set()
    assert listed(HANDLER) == {own}
    with pytest.raises(NotPermitted):
        listed(ADMIN)


def test_marking_done_is_recorded_audited_and_leaves_the_list(db, rules, vocab):
    ref = save(db, rules, vocab, HARM, received=MONDAY)
    later = MONDAY + timedelta(minutes=20)
    with db.write() as s:
        mark_done(s, ref, "mash_referral", actor=HANDLER, now=later)
    with db.read() as s:
        rows = open_actions(s, hub=None, actor=HANDLER, now=later, urgency=rules.pathways)
        row = s.execute(
            select(ActionRow)
            .join(RequestVersion, RequestVersion.id == ActionRow.version_id)
            .where(ActionRow.action == "mash_referral", RequestVersion.is_current)
        ).scalar_one()
        entries = audit.entries(s, record_ref=ref)
    assert "mash_referral" not in [r.action for r in rows] and rows
    assert (row.done_at, row.done_by) == (later, HANDLER.username)
    done = [e for e in entries if e.action == ACTION_DONE]
    assert [(e.actor, e.reason, e.at) for e in done] == [(HANDLER.username, "mash_referral", later)]


def test_marking_done_twice_says_who_did_it(db, rules, vocab):
    ref = save(db, rules, vocab, HARM, received=MONDAY)
    with db.write() as s:
        mark_done(s, ref, "mash_referral", actor=LEADER, now=MONDAY)
    with pytest.raises(AlreadyDone, match=r"by test\.leader at 16/03/2026 10:30"), db.write() as s:
        mark_done(s, ref, "mash_referral", actor=HANDLER, now=MONDAY)


def test_marking_done_is_refused_where_it_should_be(db, rules, vocab):
    ref = save(db, rules, vocab, MISSING, received=MONDAY, actor=LEADER)
    with pytest.raises(NoSuchAction), db.write() as s:
        mark_done(s, ref, "call_999", actor=LEADER, now=MONDAY)
    with pytest.raises(UnknownReference), db.write() as s:
        mark_done(s, "HH-0000-0000", "call_999", actor=LEADER, now=MONDAY)
    with pytest.raises(NotPermitted, match="may not mark a follow-up action done"), db.write() as s:
        mark_done(s, ref, "return_home_interview", actor=ADMIN, now=MONDAY)
    with pytest.raises(NotPermitted, match="not one of your requests"), db.write() as s:
        mark_done(s, ref, "return_home_interview", actor=RECEPTION, now=MONDAY)
    with db.read() as s:
        assert [e.action for e in audit.entries(s, record_ref=ref)] == ["create"]


def test_an_amendment_keeps_what_was_done(db, rules, vocab):
    ref = save(db, rules, vocab, HARM, received=MONDAY)
    with db.write() as s:
        mark_done(s, ref, "mash_referral", actor=HANDLER, now=MONDAY)
    with db.write() as s:
        stored = open_record(s, ref, actor=LEADER, now=MONDAY)
        changed = replace(stored.request, narrative="synthetic: amended")
        amend(s, stored, changed, reason="typo", vocab=vocab, rules=rules, actor=LEADER, now=MONDAY)
    with db.read() as s:
        rows = open_actions(s, hub=None, actor=LEADER, now=MONDAY, urgency=rules.pathways)
    assert rows and "mash_referral" not in [r.action for r in rows]
    assert len({r.reference for r in rows}) == 1


def test_due_and_status_in_words():
    from triage_app.services.followup import FollowUpRow, due_text, status_text

    assert due_text(utc(2026, 3, 17)) == "by the end of Mon 16/03/2026"
    assert due_text(utc(2026, 6, 1, 23)) == "by the end of Mon 01/06/2026"  # summer time
    assert due_text(MONDAY) == "at once (from 16/03/2026 10:30)"
    assert due_text(None) == "no time set"

    def row(due, overdue=False):
        return FollowUpRow("HH-0000-0001", "a", "advice", None, MONDAY, "x", due, overdue)

    assert status_text(row(utc(2026, 3, 14), True), MONDAY) == "OVERDUE"
    assert status_text(row(utc(2026, 3, 17)), MONDAY) == "due today"
    assert status_text(row(utc(2026, 3, 18)), MONDAY) == "due later"
    assert status_text(row(None), MONDAY) == "no time set"


def test_every_screenful_of_the_queue_is_its_part_of_the_whole_list(any_db, rules, vocab):
    """Paging reads only the rows due by the screen's last due time; the list is unchanged.

    Due times tie (two requests received at once) and some are unknown (listed last).
    """
    db = any_db
    for days, kind in enumerate([HARM, HOUSING, MISSING, HARM, HOUSING, MISSING, HARM]):
        save(db, rules, vocab, kind, received=MONDAY - timedelta(days=days))
        save(db, rules, vocab, kind, received=MONDAY - timedelta(days=days))
    with db.write() as s:
        undated = s.scalars(select(RequestVersion.id).where(RequestVersion.is_current)).all()[:3]
        s.execute(update(RequestVersion).where(RequestVersion.id.in_(undated)).values(due_at=None))
    with db.read() as s:
        whole = followup_queue(s, actor=LEADER, now=MONDAY, scope="everything", limit=100)
        assert len(whole.rows) == 14 and [r.due for r in whole.rows][-3:] == [None] * 3
        for limit in range(1, 16):
            for offset in range(16):
                part = followup_queue(
                    s, actor=LEADER, now=MONDAY, scope="everything", limit=limit, offset=offset
                )
                assert part.rows == whole.rows[offset : offset + limit], (limit, offset)
                assert part.counts == whole.counts


def test_a_team_leaders_queue_holds_the_requests_of_no_hub(db, rules, vocab):
    """A call without a postcode goes to no hub: it must not be in nobody's list."""
    nowhere = save(db, rules, vocab, replace(HOUSING, postcode=None, hub=None), received=MONDAY)
    at_mosaic = save(db, rules, vocab, HOUSING, received=MONDAY, hub="mosaic")
    elsewhere = save(db, rules, vocab, HOUSING, received=MONDAY, hub="woodside")
    with db.read() as s:
        stored = s.execute(select(RequestVersion.hub).where(RequestVersion.is_current)).all()
        leader = followup_queue(s, actor=replace(LEADER, hub="mosaic"), now=MONDAY)
        reception = followup_queue(s, actor=RECEPTION, now=MONDAY)
    assert sorted(str(h) for (h,) in stored) == ["None", "mosaic", "woodside"]
    assert {r.reference for r in leader.rows} == {nowhere, at_mosaic}
    assert leader.counts.open == 2 and elsewhere not in {r.reference for r in leader.rows}
    assert {r.reference for r in reception.rows} == {at_mosaic}


def test_of_work_due_at_the_same_time_the_most_urgent_comes_first(db, rules, vocab):
    """A social-care request taken after an early-help one, both due by tonight: it leads."""
    first = save(db, rules, vocab, HOUSING, received=MONDAY, hub="mosaic")
    harm = save(db, rules, vocab, HARM, received=MONDAY + timedelta(hours=1), hub="mosaic")
    with db.write() as s:
        s.execute(update(RequestVersion).values(due_at=utc(2026, 3, 17)))
    leader = replace(LEADER, hub="mosaic")
    with db.read() as s:
        ranked = followup_queue(s, actor=leader, now=MONDAY, urgency=rules.pathways)
        unranked = followup_queue(s, actor=leader, now=MONDAY)
    assert [r.reference for r in ranked.rows] == [harm, first]
    assert [r.reference for r in unranked.rows] == [first, harm]  # by when received alone
