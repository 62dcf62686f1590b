"""What-if replay: how many stored requests a candidate rule set would route differently."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.pathways.rulesets import RuleSetFolder
from triage_app.domain.request import Child, TriageRequest
from triage_app.pathways import RuleSet
from triage_app.pathways.replay import replay

ALL_SIGNPOST = """
[[rule]]
id = "money"
reason = "Money."
when.needs_any = ["money_debt"]
pathway = "signpost"
advice = "Money advice."
"""


def req(need: str, **extra: object) -> TriageRequest:
    return TriageRequest(
        contact_method="telephone",
        source="self_referral",
        needs=(need,),
        consent="given",
        children=(Child(age_years=8),),
        **extra,  # type: ignore[arg-type]
    )


def test_counts_changes_with_up_to_three_examples(folder: RuleSetFolder) -> None:
    candidate: RuleSet = folder.load(ALL_SIGNPOST)
    stored = [(f"R{i}", req("money_debt"), "advice") for i in range(5)]
    stored += [("S1", req("other"), "advice"), ("S2", req("money_debt"), "signpost")]
    stored += [("T1", req("other"), "early_help")]
    summary = replay(stored, candidate, date(2026, 3, 16))
    assert summary.rules_version == "test-1"
    assert (summary.total, summary.unchanged) == (8, 2)
    first, second = summary.changes
    assert (first.before, first.after, first.count) == ("advice", "signpost", 5)
    assert first.examples == ("R0", "R1", "R2")
    assert (second.before, second.after, second.count, second.examples) == (
        "early_help",
        "advice",
        1,
        ("T1",),
    )


def test_ages_are_those_on_the_day_the_request_was_received(folder: RuleSetFolder) -> None:
    candidate = folder.load(
        '\n[[rule]]\nid = "adults"\nreason = "No child in range."\nwhen.child_in_range = false\n'
        'pathway = "signpost"\nadvice = "Adult services."\n'
    )
    born = Child(date_of_birth=date(2006, 6, 1))
    received = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)  # aged 19: in range then
    stored = TriageRequest(
        contact_method="telephone",
        source="self_referral",
        needs=("other",),
        consent="given",
        children=(born,),
        received_at=received,
    )
    summary = replay([("A", stored, "advice")], candidate, date(2027, 1, 1))
    assert summary.unchanged == 1
    undated = TriageRequest(**{**stored.__dict__, "received_at": None})
    summary = replay([("B", undated, "advice")], candidate, date(2027, 1, 1))  # aged 20
    assert [(c.before, c.after) for c in summary.changes] == [("advice", "signpost")]
