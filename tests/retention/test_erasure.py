"""Erasure: one request's personal data removed from every version, codes kept, audited."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.crash.samples import desk_actor, sample
from triage_app.accounts.roles import NotPermitted
from triage_app.domain.actor import Actor
from triage_app.domain.request import Child
from triage_app.errors import InvalidInput
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.retention.cleanup import wipe_freed_space
from triage_app.retention.erasure import erase_request
from triage_app.services.intake import amend_request, take_request
from triage_app.store import audit
from triage_app.store.database import Database
from triage_app.store.health import check_health
from triage_app.store.models import RequestVersion
from triage_app.store.requests import UnknownReference
from triage_app.store.stored import load_request
from triage_app.store.version_models import ChildRow, NeedRow

ADMIN = Actor("test.admin", role="administrator", desk="office")
LEADER = Actor("test.leader", role="team_leader")
NAME = "Quillfeatherby"


@pytest.fixture(scope="module")
def rules(vocab):
    return load_rules(default_rules_dir(), vocab)


def _two_versions(db: Database, now, vocab, rules) -> str:
    req = sample(1, received_at=now)
    req = replace(
        req,
        family=replace(req.family, last_name=NAME, phone="07700 900555"),
        children=(Child(first_name="Wren", last_name=NAME, date_of_birth=date(2016, 4, 1)),),
        narrative=f"{NAME} family rang from Peppercornhythe Lane",
    )
    with db.write() as s:
        ref = take_request(s, req, vocab=vocab, rules=rules, actor=desk_actor(1), now=now).reference
    with db.write() as s:
        amend_request(
            s, ref, replace(req, needs=(*req.needs, "food_practical")), based_on=1,
            reason="need added", vocab=vocab, rules=rules, actor=LEADER, now=now,
        )  # fmt: skip
    return ref


def test_erasure_clears_every_version_and_keeps_the_codes(db: Database, now, vocab, rules) -> None:
    ref = _two_versions(db, now, vocab, rules)
    with db.read() as s:
        before = load_request(s, ref)
    with db.write() as s:
        erased = erase_request(s, ref, reason="approved erasure request 42", actor=ADMIN, now=now)
    assert (erased.versions, erased.children, erased.exported) == (2, 2, False)
    with db.read() as s:
        for version in (1, 2):
            after = load_request(s, ref, version)
            family, child = after.request.family, after.request.children[0]
            assert (family.first_name, family.last_name, family.phone, family.address) == (
                None, None, None, None,
            )  # fmt: skip
            assert after.request.narrative is None and after.request.postcode is None
            assert (child.first_name, child.last_name, child.date_of_birth) == (None, None, None)
            assert child.age_years == 9  # worked out from the date of birth on the day
            assert after.route.pathway == load_request(s, ref, version).route.pathway
        assert after.request.needs == (*before.request.needs,)
        assert after.request.contact_method == before.request.contact_method
        assert after.request.source == before.request.source
        assert after.route == before.route
        (entry,) = [e for e in audit.entries(s, record_ref=ref) if e.action == "erase"]
        assert (entry.actor, entry.reason) == ("test.admin", "approved erasure request 42")
        assert s.execute(select(NeedRow)).first() is not None
        keys = s.execute(
            select(RequestVersion.family_last_name_key, RequestVersion.phone_key)
        ).all()
        assert set(keys) == {(None, None)}
        assert set(s.execute(select(ChildRow.last_name_key)).scalars()) == {None}
    assert check_health(db).healthy


def test_erased_text_is_gone_from_the_file_bytes(
    sqlite_path: Path, db: Database, now, vocab, rules
) -> None:
    ref = _two_versions(db, now, vocab, rules)
    assert wipe_freed_space(db)  # everything copied into the file, the log emptied
    assert NAME.encode() in sqlite_path.read_bytes()
    with db.write() as s:
        erase_request(s, ref, reason="approved", actor=ADMIN, now=now)
    assert wipe_freed_space(db)
    wal = sqlite_path.with_name(sqlite_path.name + "-wal")
    for path in (sqlite_path, wal):
        if path.exists():
            data = path.read_bytes()
            for text in (NAME, NAME.lower(), "07700900555", "Peppercornhythe"):
                assert text.encode() not in data, (path.name, text)


def test_erasure_needs_a_reason_an_administrator_and_a_known_reference(
    db: Database, now, vocab, rules
) -> None:
    ref = _two_versions(db, now, vocab, rules)
    with pytest.raises(InvalidInput, match="reason"), db.write() as s:
        erase_request(s, ref, reason="  ", actor=ADMIN, now=now)
    for role in ("call_handler", "team_leader"):
        with pytest.raises(NotPermitted, match="may not erase a record"), db.write() as s:
            erase_request(s, ref, reason="x", actor=Actor("x", role=role), now=now)
    with pytest.raises(UnknownReference), db.write() as s:
        erase_request(s, "HH-0000-0000", reason="x", actor=ADMIN, now=now)
    with db.read() as s:
        assert load_request(s, ref).request.family.last_name == NAME  # nothing was erased
        assert not [e for e in audit.entries(s) if e.action == "erase"]
