"""A need about a child, picked before the child is named, never saves as an adult's route."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from tests.services.requests_data import HANDLER, HOUSING, save
from triage_app.domain.child_needs import CHILD_NEEDS
from triage_app.errors import InvalidInput
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services.intake import assess
from triage_app.store.models import Request

NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def rules(vocab):
    return load_rules(default_rules_dir(), vocab)


def mid_call(need: str, **changes):
    """A parent on the phone about their child, before the child's row is typed."""
    return replace(HOUSING, needs=(need,), children=(), **changes)


@pytest.mark.parametrize("need", sorted(CHILD_NEEDS))
def test_the_save_waits_for_the_child_and_says_so(need, rules, vocab):
    result = assess(mid_call(need), vocab=vocab, rules=rules, desk_hub=None, now=NOW)
    assert result.route is not None  # the route is shown while the call goes on
    assert result.route.pathway in ("signpost", "advice")
    assert [p.field for p in result.problems] == ["children"]
    assert "about a child" in result.problems[0].message


def test_nothing_is_saved_until_then(db, rules, vocab):
    with pytest.raises(InvalidInput, match="about a child"):
        save(db, rules, vocab, mid_call("missing_child"), received=NOW, actor=HANDLER)
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Request)).scalar() == 0


def test_children_not_known_yet_count_and_a_missing_child_gets_early_help(db, rules, vocab):
    """Rule 11: children present, ages unknown, count as in range; rule 4 then holds."""
    req = mid_call("missing_child", children_unknown=True)
    result = assess(req, vocab=vocab, rules=rules, desk_hub=None, now=NOW)
    assert result.problems == ()
    assert result.route is not None and result.route.pathway == "early_help"
    assert "return_home_interview" in result.route.actions


def test_an_adults_own_need_is_not_held(rules, vocab):
    result = assess(mid_call("money_debt"), vocab=vocab, rules=rules, desk_hub=None, now=NOW)
    assert all(p.field != "children" for p in result.problems)
