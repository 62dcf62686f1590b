"""Opening a full record (audited, for those who may), its versions, and amending it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from tests.services.requests_data import (
    ADMIN,
    HANDLER,
    HOUSING,
    LEADER,
    RECEPTION,
    save,
)
from triage_app.accounts.roles import NotPermitted
from triage_app.errors import InvalidInput
from triage_app.services.records import OPEN_RECORD, VersionSummary, amend, open_record, versions
from triage_app.store import audit
from triage_app.store.requests import UnknownReference, VersionConflict
from triage_app.store.stored import load_request


def test_opening_a_record_is_audited(db, rules, vocab, now):
    ref = save(db, rules, vocab, HOUSING, received=now)
    with db.write() as s:
        stored = open_record(s, ref, actor=HANDLER, now=now)
    assert stored.reference == ref and stored.version == 1
    with db.read() as s:
        entries = audit.entries(s, record_ref=ref)
    assert [(e.action, e.actor, e.reason) for e in entries][-1] == (
        OPEN_RECORD,
        HANDLER.username,
        None,
    )


def test_opening_is_refused_where_it_should_be(db, rules, vocab, now):
    ref = save(db, rules, vocab, HOUSING, received=now, actor=LEADER)  # routed to mosaic
    with db.write() as s:
        open_record(s, ref, actor=RECEPTION, now=now)  # their hub's
    for actor, words in ((HANDLER, "not one of your requests"), (ADMIN, "may not open")):
        with pytest.raises(NotPermitted, match=words), db.write() as s:
            open_record(s, ref, actor=actor, now=now)
    with pytest.raises(UnknownReference), db.write() as s:
        open_record(s, "HH-0000-0000", actor=LEADER, now=now)
    with db.read() as s:
        opened = [e.actor for e in audit.entries(s, record_ref=ref) if e.action == OPEN_RECORD]
    assert opened == [RECEPTION.username]


def test_an_amendment_is_a_new_version_and_the_first_stays(db, rules, vocab, now):
    ref = save(db, rules, vocab, HOUSING, received=now - timedelta(days=2), actor=RECEPTION)
    later = now + timedelta(hours=1)
    with db.write() as s:
        stored = open_record(s, ref, actor=LEADER, now=later)
        fixed = replace(stored.request, postcode="CV2 1EQ", received_at=None)
        saved = amend(
            s,
            stored,
            fixed,
            reason="postcode misheard",
            vocab=vocab,
            rules=rules,
            actor=LEADER,
            now=later,
        )
    assert saved.version == 2 and saved.route.hub == "the_moat"
    with db.write() as s:
        first = open_record(s, ref, actor=LEADER, now=later, version=1)
        history = versions(s, ref)
        current = load_request(s, ref)
    assert first.request.postcode == "CV4 9PL" and first.latest_version == 2
    assert current.request.postcode == "CV2 1EQ"
    assert current.request.received_at == now - timedelta(days=2)  # still when it came in
    assert history == [
        VersionSummary(1, now - timedelta(days=2), RECEPTION.username, None),
        VersionSummary(2, later, LEADER.username, "postcode misheard"),
    ]
    with db.read() as s:
        actions = [(e.action, e.reason) for e in audit.entries(s, record_ref=ref)]
    assert ("amend", "postcode misheard") in actions and (OPEN_RECORD, "version 1") in actions


def test_an_amendment_without_a_postcode_keeps_its_hub(db, rules, vocab, now):
    walk_in = replace(HOUSING, postcode=None)
    ref = save(db, rules, vocab, walk_in, received=now, actor=RECEPTION)
    with db.write() as s:
        stored = open_record(s, ref, actor=LEADER, now=now)
        assert stored.route.hub == "mosaic"  # the reception desk's hub
        saved = amend(
            s,
            stored,
            stored.request,
            reason="checked",
            vocab=vocab,
            rules=rules,
            actor=LEADER,
            now=now,
        )
    assert saved.route.hub == "mosaic"


def test_amending_is_refused_without_the_role_or_a_reason(db, rules, vocab, now):
    ref = save(db, rules, vocab, HOUSING, received=now)
    with db.write() as s:
        stored = open_record(s, ref, actor=HANDLER, now=now)
    refused = "may not amend a request; ask a team leader"
    with pytest.raises(NotPermitted, match=refused), db.write() as s:
        amend(
            s, stored, stored.request, reason="x", vocab=vocab, rules=rules, actor=HANDLER, now=now
        )
    with pytest.raises(InvalidInput) as problem, db.write() as s:
        amend(
            s, stored, stored.request, reason="  ", vocab=vocab, rules=rules, actor=LEADER, now=now
        )
    assert [p.field for p in problem.value.problems] == ["reason"]
    with db.read() as s:
        assert [v.version for v in versions(s, ref)] == [1]


def test_a_stale_amendment_is_refused_and_nothing_is_overwritten(db, rules, vocab, now):
    ref = save(db, rules, vocab, HOUSING, received=now)
    with db.write() as s:
        stale = open_record(s, ref, actor=LEADER, now=now)
    with db.write() as s:
        amend(s, stale, replace(stale.request, narrative="first"), reason="one", vocab=vocab,
              rules=rules, actor=LEADER, now=now)  # fmt: skip
    with pytest.raises(VersionConflict), db.write() as s:
        amend(s, stale, replace(stale.request, narrative="second"), reason="two", vocab=vocab,
              rules=rules, actor=LEADER, now=now)  # fmt: skip
    with db.read() as s:
        assert load_request(s, ref).request.narrative == "first"
        assert [v.reason for v in versions(s, ref)] == [None, "one"]
