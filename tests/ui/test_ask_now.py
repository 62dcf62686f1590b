"""The route panel says what to ask now, while the caller is on the line."""

from __future__ import annotations


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
