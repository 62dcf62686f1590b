"""Contract rule 13 in the window: "3rd request in 12 months", the earlier ones listed, and the
request the form builds carrying the count (so the route carries a safeguarding consultation)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.ui.forms import complete_values
from tests.ui.test_rereferral import EARLIER
from triage_app.services.intake import take_request

PHONE = "024 7600 0004"  # the earlier requests' family phone


def save_earlier(db, vocab, rules, actor, when) -> str:
    with db.write() as s:
        return take_request(
            s, replace(EARLIER, received_at=when), vocab=vocab, rules=rules, actor=actor, now=when
        ).reference


def type_the_family(page) -> None:
    page.form.set_values(complete_values(family={"phone": PHONE}))
    page.refresh_now()


def test_the_third_request_in_a_year_says_so_and_routes_a_consultation(
    window, db, vocab, rules, actor, now
):
    refs = [save_earlier(db, vocab, rules, actor, now - timedelta(days=d)) for d in (20, 300)]
    save_earlier(db, vocab, rules, actor, now - timedelta(days=400))  # too long ago
    page = window.capture
    type_the_family(page)
    panel = page.rereferral
    assert panel.isVisible()
    assert "3rd request in 12 months" in panel.heading.text()
    assert "3rd request in 12 months" in panel.heading.accessibleName()
    listed = [panel.model.row_at(i).reference for i in range(panel.model.rowCount())]
    assert listed == refs  # most recent first
    _problems, route, req = page.live.assessment()
    assert req.earlier_requests == 2
    assert "safeguarding_consultation" in route.actions
    assert any(t.reason.startswith("Safety contract 13") for t in route.trace)
    assert "Safety contract 13" in page.route_panel.why.text()


def test_one_earlier_request_is_a_re_referral_not_a_repeat(window, db, vocab, rules, actor, now):
    save_earlier(db, vocab, rules, actor, now - timedelta(days=20))
    page = window.capture
    type_the_family(page)
    heading = page.rereferral.heading.text()
    assert "1 earlier request for this child or family" in heading
    assert "request in 12 months" not in heading
    _problems, route, req = page.live.assessment()
    assert req.earlier_requests == 1
    assert "safeguarding_consultation" not in route.actions


def test_the_fifth_request(window, db, vocab, rules, actor, now):
    for days in (5, 50, 150, 250):
        save_earlier(db, vocab, rules, actor, now - timedelta(days=days))
    page = window.capture
    type_the_family(page)
    assert "5th request in 12 months" in page.rereferral.heading.text()
    assert page.rereferral.model.rowCount() == 4
