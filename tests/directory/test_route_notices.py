"""A route whose action needs a closed, paused or waiting-list service says so."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from tests.directory.conftest import LEADER
from triage_app.domain.request import Answers, Child, TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import RuleSet
from triage_app.services.directory_edit import edit_service
from triage_app.services.intake import assess
from triage_app.store.database import Database
from triage_app.store.directory import load_directory

DEBT = TriageRequest(
    contact_method="telephone",
    source="self_referral",
    needs=("money_debt",),
    consent="given",
    children=(Child(age_years=6),),
    answers=Answers(False, False, False),
)


def _assess(db: Database, vocab: Vocabularies, rules: RuleSet, now: datetime):
    with db.read() as s:
        directory = load_directory(s)
    return assess(DEBT, vocab=vocab, rules=rules, desk_hub=None, now=now, directory=directory)


def test_an_open_directory_gives_no_notice(
    db: Database, vocab: Vocabularies, rules: RuleSet, now: datetime
) -> None:
    result = _assess(db, vocab, rules, now)
    assert result.route is not None and "refer_ciass" in result.route.actions
    assert result.notices == ()


@pytest.mark.parametrize(
    ("status", "blocked", "says"),
    [
        ("closed", True, "is closed and takes no referrals now"),
        ("paused", True, "is paused and takes no referrals now"),
        ("waiting_list", False, "has a waiting list"),
    ],
)
def test_a_service_not_active_is_named_with_what_to_do(
    db: Database,
    vocab: Vocabularies,
    rules: RuleSet,
    now: datetime,
    status: str,
    blocked: bool,
    says: str,
) -> None:
    with db.write() as s:
        edit_service(s, LEADER, "ciass", {"status": status}, now=now, vocab=vocab)
    result = _assess(db, vocab, rules, now)
    (notice,) = result.notices
    assert (notice.action, notice.service, notice.blocked) == ("refer_ciass", "ciass", blocked)
    assert notice.message.startswith("Coventry Independent Advice Service " + says)


def test_without_a_directory_the_route_is_as_before(
    vocab: Vocabularies, rules: RuleSet, now: datetime
) -> None:
    result = assess(replace(DEBT), vocab=vocab, rules=rules, desk_hub=None, now=now)
    assert result.route is not None and result.notices == ()
