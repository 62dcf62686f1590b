"""Early help, or a signpost that promises to get back to the family, needs a way to reach them.

Saved through ``take_request`` as the window and ``triage-app record`` both save: refused
with one plain problem until a phone, email or address is given or a reason chosen; the
reason is stored with the version. An emergency is never held up by it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from tests.services.test_intake import CALL
from triage_app.domain.reach import FIELD, NO_CONTACT_REASONS, promises_contact
from triage_app.domain.request import Answers, EmergencyCall, Family
from triage_app.domain.route import Route
from triage_app.errors import InvalidInput
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services.intake import take_request
from triage_app.store.stored import load_request

#: Domestic abuse with a six-year-old: early help (contract rule 5). No way to reach them.
UNREACHABLE = replace(CALL, family=Family(first_name="Grace", last_name="Testwood"))


@pytest.fixture(scope="module")
def rules(vocab):
    return load_rules(default_rules_dir(), vocab)


def _take(db, req, vocab, rules, actor, now):
    with db.write() as s:
        return take_request(s, req, vocab=vocab, rules=rules, actor=actor, now=now)


def test_early_help_with_no_way_to_reach_the_family_is_refused(db, vocab, rules, actor, now):
    with pytest.raises(InvalidInput) as refused:
        _take(db, UNREACHABLE, vocab, rules, actor, now)
    assert [p.field for p in refused.value.problems] == [FIELD]
    assert "phone, email or address" in str(refused.value)


@pytest.mark.parametrize(
    "family",
    [
        Family(last_name="Testwood", phone="07700 900111"),
        Family(last_name="Testwood", email="grace@example.invalid"),
        Family(last_name="Testwood", address="1 Test Street"),
    ],
    ids=["phone", "email", "address"],
)
def test_a_phone_an_email_or_an_address_is_a_way(db, vocab, rules, actor, now, family):
    saved = _take(db, replace(UNREACHABLE, family=family), vocab, rules, actor, now)
    assert saved.route.pathway == "early_help"


@pytest.mark.parametrize("reason", NO_CONTACT_REASONS.codes)
def test_or_a_reason_why_not_which_is_stored(db, vocab, rules, actor, now, reason):
    saved = _take(db, replace(UNREACHABLE, no_contact_reason=reason), vocab, rules, actor, now)
    with db.read() as s:
        assert load_request(s, saved.reference).request.no_contact_reason == reason


def test_an_unknown_reason_is_named(db, vocab, rules, actor, now):
    with pytest.raises(InvalidInput) as refused:
        _take(db, replace(UNREACHABLE, no_contact_reason="annonymous"), vocab, rules, actor, now)
    assert "no_contact_reason: unknown no contact reason 'annonymous'" in str(refused.value)


def test_an_emergency_is_never_held_up(db, vocab, rules, actor, now: datetime):
    emergency = replace(
        UNREACHABLE,
        answers=Answers(True, None, None),
        emergency=EmergencyCall(now, "A. Handler"),
    )
    saved = _take(db, emergency, vocab, rules, actor, now)
    assert saved.route.pathway == "emergency"


def test_a_postcode_alone_reaches_no_one(db, vocab, rules, actor, now):
    assert UNREACHABLE.postcode  # given, and still refused above
    with pytest.raises(InvalidInput):
        _take(db, replace(UNREACHABLE, postcode="CV6 1HD"), vocab, rules, actor, now)


@pytest.mark.parametrize(
    ("pathway", "actions", "promised"),
    [
        ("early_help", (), True),
        ("signpost", ("refer_ciass",), False),
        ("signpost", ("marac_referral",), True),
        ("signpost", ("safeguarding_consultation",), True),
        ("advice", (), False),
        ("social_care", ("mash_referral",), False),
        ("emergency", ("call_999", "mash_referral"), False),
    ],
)
def test_which_routes_promise_to_get_back_to_the_family(pathway, actions, promised):
    route = Route(pathway, actions, None, "t", None, ())
    assert promises_contact(route) is promised
