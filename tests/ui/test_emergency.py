"""Someone in immediate danger: a banner that cannot be missed, and an emergency route saved."""

from __future__ import annotations

from tests.ui.forms import complete_values


def test_emergency_banner_and_route(window, db):
    page = window.capture
    assert not page.banner.isVisible()
    page.form.set_values(
        complete_values(needs=["domestic_abuse"], answers={"immediate_danger": True})
    )
    page.refresh_now()
    assert page.banner.isVisible()
    assert page.banner.title.text() == "⚠ EMERGENCY — call 999 now"
    assert "999" in page.banner.detail.text()
    assert "EMERGENCY" in page.banner.accessibleDescription()
    assert page.route_panel.current.pathway == "emergency"
    assert page.route_panel.pathway.text().startswith("⚠ EMERGENCY")  # words, not colour alone
    # The banner sits above the form, across the window.
    assert (
        page.banner.mapTo(page, page.banner.rect().topLeft()).y()
        < page.form.mapTo(page, page.form.rect().topLeft()).y()
    )

    assert page.save()
    with db.read() as s:
        from triage_app.store.stored import load_request

        stored = load_request(s, page.last_saved.reference)
    assert stored.route.pathway == "emergency"
    assert "call_999" in stored.route.actions
    assert stored.request.answers.immediate_danger is True


def test_banner_goes_when_the_answer_changes(window):
    page = window.capture
    page.form.set_values(complete_values(answers={"immediate_danger": True}))
    page.refresh_now()
    assert page.banner.isVisible()
    page.form.safeguarding.answers["immediate_danger"].set_value(False)
    page.refresh_now()
    assert not page.banner.isVisible()
