"""``triage-app route`` and the contract's rule 10: a yes answer routes a partial request.

A caller who says someone is in danger is routed at once, before anyone has asked about
needs, consent or the children; a request with no such answer still needs them all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.pathways.test_cli import Ctx, run

#: All a desk knows when the caller says someone is in danger right now.
DANGER_ONLY = {
    "contact_method": "telephone",
    "source": "family_friend",
    "answers": {"immediate_danger": True},
}
#: A school's email about an unexplained bruise: a concern, nothing else filled in yet.
BRUISE_ONLY = {
    "contact_method": "email",
    "source": "education",
    "concerns": ["physical_abuse"],
}


@pytest.fixture
def ctx(resources: Path) -> Ctx:
    return Ctx(resources)


def _route(ctx: Ctx, data: object, monkeypatch: pytest.MonkeyPatch, capsys) -> tuple[int, str]:
    code = run(ctx, ["route"], json.dumps(data), monkeypatch)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out if code == 0 else captured.err


def test_immediate_danger_alone_is_routed_as_an_emergency(ctx: Ctx, monkeypatch, capsys) -> None:
    code, out = _route(ctx, DANGER_ONLY, monkeypatch, capsys)
    assert code == 0, out
    got = json.loads(out)
    assert got["pathway"] == "emergency"
    assert "call_999" in got["actions"]
    assert got["respond_within"] == "immediately"


@pytest.mark.parametrize("answer", ["significant_harm", "domestic_abuse_high_risk"])
def test_a_yes_to_harm_or_high_risk_abuse_routes_with_nothing_else(
    ctx: Ctx, monkeypatch, capsys, answer: str
) -> None:
    data = {"contact_method": "telephone", "source": "police", "answers": {answer: True}}
    code, out = _route(ctx, data, monkeypatch, capsys)
    assert code == 0, out
    got = json.loads(out)
    # no child is known of: high-risk abuse is then an adult's (rule 12), harm a child's (2)
    if answer == "significant_harm":
        assert got["pathway"] == "social_care"
        assert "mash_referral" in got["actions"]
    else:
        assert "marac_referral" in got["actions"]
        assert "mash_referral" not in got["actions"]
    assert got["respond_within"] in ("immediately", "the same working day")


def test_a_concern_at_social_care_alone_is_routed(ctx: Ctx, monkeypatch, capsys) -> None:
    code, out = _route(ctx, BRUISE_ONLY, monkeypatch, capsys)
    assert code == 0, out
    got = json.loads(out)
    assert got["pathway"] == "social_care"
    assert "mash_referral" in got["actions"]


def test_a_child_with_no_age_yet_does_not_stop_an_urgent_request(
    ctx: Ctx, monkeypatch, capsys
) -> None:
    data = {**BRUISE_ONLY, "children": [{}], "consent": "refused"}
    code, out = _route(ctx, data, monkeypatch, capsys)
    assert code == 0, out
    assert json.loads(out)["pathway"] == "social_care"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (
            {"contact_method": "telephone", "source": "self_referral", "consent": "given"},
            "needs: ",
        ),
        (
            {
                "contact_method": "telephone",
                "source": "self_referral",
                "answers": {"immediate_danger": False, "significant_harm": False},
                "consent": "given",
            },
            "needs: ",
        ),
        (
            {"contact_method": "telephone", "source": "self_referral", "needs": ["money_debt"]},
            "consent: ",
        ),
        (  # a concern at early help is not urgent: the request must still be complete
            {"contact_method": "telephone", "source": "education", "concerns": ["neglect"]},
            "needs: ",
        ),
        (
            {
                "contact_method": "telephone",
                "source": "education",
                "needs": ["school_attendance"],
                "children": [{}],
                "consent": "given",
            },
            "children[0].age_years: ",
        ),
    ],
    ids=["no needs", "all answers no", "no consent", "neglect only", "a child with no age"],
)
def test_a_request_with_no_yes_answer_is_refused_naming_what_is_missing(
    ctx: Ctx, monkeypatch, capsys, data: dict[str, object], field: str
) -> None:
    code, err = _route(ctx, data, monkeypatch, capsys)
    assert code == 2
    assert field in err


def test_an_unknown_concern_is_refused_with_a_suggestion(ctx: Ctx, monkeypatch, capsys) -> None:
    data = {**DANGER_ONLY, "concerns": ["neglet"]}
    code, err = _route(ctx, data, monkeypatch, capsys)
    assert code == 2
    assert "concerns[0]: unknown concern 'neglet' — did you mean 'neglect'?" in err


def test_every_unknown_concern_is_named_by_its_place(ctx: Ctx, monkeypatch, capsys) -> None:
    data = {**BRUISE_ONLY, "concerns": ["physical_abuse", "self_harn", "fgm"]}
    code, err = _route(ctx, data, monkeypatch, capsys)
    assert code == 2
    assert "concerns[1]: unknown concern 'self_harn' — did you mean 'self_harm'?" in err
    assert "concerns[2]: unknown concern 'fgm'" in err
    assert "concerns[0]" not in err


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**DANGER_ONLY, "concerns": "neglect"}, "concerns"),
        ({**DANGER_ONLY, "children_unknown": "yes"}, "children_unknown"),
        ({**DANGER_ONLY, "earlier_requests": -1}, "earlier_requests"),
        ({**DANGER_ONLY, "earlier_requests": "2"}, "earlier_requests"),
    ],
)
def test_the_new_fields_are_checked_by_type(
    ctx: Ctx, monkeypatch, capsys, data: dict[str, object], field: str
) -> None:
    code, err = _route(ctx, data, monkeypatch, capsys)
    assert code == 2
    assert f"triage-app route: {field}: " in err


def test_route_takes_earlier_requests_as_given(ctx: Ctx, monkeypatch, capsys) -> None:
    data = {
        "contact_method": "telephone",
        "source": "education",
        "needs": ["school_attendance"],
        "children": [{"age_years": 9}],
        "consent": "given",
        "earlier_requests": 2,
    }
    code, out = _route(ctx, data, monkeypatch, capsys)
    assert code == 0, out
    got = json.loads(out)
    assert "safeguarding_consultation" in got["actions"]
    assert got["respond_within"] in ("immediately", "the same working day")
