"""The route panel says what to ask now, while the caller is on the line."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime


def test_high_risk_domestic_abuse_asks_about_children_until_the_household_is_said(window):
    page = window.capture
    page.form.set_values(
        {
            "contact_method": "telephone",
            "source": "police",
            "answers": {"domestic_abuse_high_risk": True},
        }
    )
    page.refresh_now()
    points = page.route_panel.points
    assert "Ask now: Ask whether any children live in the household" in points.text()
    assert page.route_panel.current is not None
    assert page.route_panel.current.pathway == "signpost"  # MARAC alone, for now
    page.form.children_list.unknown.setChecked(True)  # "ages not known yet"
    page.refresh_now()
    assert page.route_panel.current is not None
    assert page.route_panel.current.pathway == "social_care"
    assert "Ask whether any children" not in points.text()


def test_domestic_abuse_with_a_child_asks_the_risk_question_until_it_is_answered(window):
    """A police notification of domestic abuse with a child, risk not yet asked."""
    page = window.capture
    page.form.set_values(
        {
            "contact_method": "email",
            "source": "police",
            "needs": ["domestic_abuse"],
            "children": [{"born": "4"}],
        }
    )
    page.refresh_now()
    points = page.route_panel.points
    assert "Ask now: Domestic abuse with a child in the household: ask the high-risk" in (
        points.text()
    )
    page.form.set_values(
        {
            "contact_method": "email",
            "source": "police",
            "needs": ["domestic_abuse"],
            "children": [{"born": "4"}],
            "answers": {"domestic_abuse_high_risk": True},
        }
    )
    page.refresh_now()
    assert "ask the high-risk question" not in points.text()
    assert page.route_panel.current is not None
    assert page.route_panel.current.pathway == "social_care"


def test_a_same_day_route_taken_on_a_saturday_says_to_contact_out_of_hours_now(window):
    page = window.capture
    saturday = datetime(2026, 3, 21, 14, 5, tzinfo=UTC)
    window.ctx = replace(window.ctx, clock=lambda: saturday)
    page.form.set_values(
        {
            "contact_method": "telephone",
            "source": "police",
            "needs": ["domestic_abuse"],
            "children": [{"born": "4"}],
            "answers": {"domestic_abuse_high_risk": True},
        }
    )
    page.refresh_now()
    points = page.route_panel.points.text()
    assert page.route_panel.current is not None
    assert page.route_panel.current.respond_within == "the same working day"
    assert "Out of hours: This came in on a Saturday: the same working day is Monday 23 March" in (
        points
    )
    assert "out-of-hours service now" in points
    window.ctx = replace(window.ctx, clock=lambda: datetime(2026, 3, 23, 9, 0, tzinfo=UTC))
    page.refresh_now()
    assert "Out of hours" not in page.route_panel.points.text()
