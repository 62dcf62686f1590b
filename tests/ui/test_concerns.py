"""Safeguarding concerns in the window: the group, its keys, the live route and banner the
moment a yes answer or a concern is entered, and what the form keeps."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.conftest import FIXED_NOW
from tests.services.requests_data import HOUSING
from tests.ui.conftest import focused, press, tab_to
from tests.ui.forms import complete_values
from triage_app.services import drafts
from ui.capture.reading import read_request
from ui.pages.amend_dialog import AmendDialog, form_values

ALT = Qt.KeyboardModifier.AltModifier
NOT_YET = "Not enough to route yet"


def test_immediate_danger_yes_on_an_empty_form_shows_the_banner_at_once(window, qtbot):
    page = window.capture
    assert page.route_panel.pathway.text() == NOT_YET and not page.banner.isVisible()
    yes = page.form.safeguarding.answers["immediate_danger"].yes
    yes.setFocus()
    press(Qt.Key.Key_Y)
    qtbot.waitUntil(page.banner.isVisible, timeout=200)
    assert page.route_panel.current.pathway == "emergency"
    assert page.route_panel.pathway.text().startswith("⚠ EMERGENCY")
    assert page.emergency_save.isVisible()  # the quick save is offered with it
    press(Qt.Key.Key_N)
    qtbot.waitUntil(lambda: not page.banner.isVisible(), timeout=200)
    assert not page.emergency_save.isVisible()


def test_a_concern_at_social_care_routes_an_empty_form_and_unticking_undoes_it(window, qtbot):
    page = window.capture
    box = page.form.concerns.boxes["sexual_exploitation"]
    assert box.text().startswith("&3")  # Alt+3: the third concern
    QTest.keyClick(window, Qt.Key.Key_3, ALT)
    qtbot.waitUntil(box.isChecked, timeout=1000)  # a mnemonic presses the box (animated)
    qtbot.waitUntil(lambda: page.route_panel.current is not None, timeout=200)
    assert page.route_panel.current.pathway == "social_care"
    assert "mash_referral" in page.route_panel.current.actions
    assert focused() is box
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.route_panel.current is None, timeout=200)
    assert page.route_panel.pathway.text() == NOT_YET


def test_the_group_is_one_tab_stop_moved_through_with_the_arrows(window):
    page = window.capture
    boxes = list(page.form.concerns.boxes.values())
    tab_to("Remove the selected need")
    press(Qt.Key.Key_Tab)
    assert focused() is boxes[0]
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Down)
    assert focused() is boxes[2]
    press(Qt.Key.Key_Space)
    assert boxes[2].isChecked() and not boxes[0].isChecked()
    press(Qt.Key.Key_Tab)  # leaves the group, whichever box it was on
    assert focused().accessibleName() == "What the family says, in their words"
    press(Qt.Key.Key_Backtab)
    assert focused() is boxes[0]


def test_every_concern_has_a_fixed_unique_key(window, vocab):
    texts = [b.text() for b in window.capture.form.concerns.boxes.values()]
    keys = [t[1] for t in texts]
    assert keys == list("1234567890")[: len(vocab.concern)]
    labels = [t.split("  ", 1)[1] for t in texts]
    assert labels == [term.label for term in vocab.concern]


def test_concerns_and_unknown_children_are_in_the_request(window, qtbot):
    page = window.capture
    page.form.set_values(complete_values())
    page.form.concerns.tick("neglect")
    QTest.keyClick(window, Qt.Key.Key_J, ALT)
    unknown = page.form.children_list.unknown
    qtbot.waitUntil(unknown.isChecked, timeout=1000)
    req, problems = read_request(page.form.values(), FIXED_NOW.date())
    assert problems == []
    assert req.concerns == ("neglect",) and req.children_unknown is True
    page.refresh_now()
    assert "safeguarding_consultation" in page.route_panel.current.actions


def test_children_whose_ages_are_not_known_count_in_range(window):
    """A police notification, children present, high-risk domestic abuse: never adults only."""
    page = window.capture
    values = complete_values(
        source="police",
        needs=["domestic_abuse"],
        children=[],
        answers={"domestic_abuse_high_risk": True},
    )
    page.form.set_values(values)
    page.refresh_now()
    adults_only = page.route_panel.current
    page.form.children_list.unknown.setChecked(True)
    page.refresh_now()
    with_children = page.route_panel.current
    assert "mash_referral" not in adults_only.actions
    assert "mash_referral" in with_children.actions


def test_a_draft_keeps_the_concerns(window, db, qtbot):
    page = window.capture
    page.form.set_values(complete_values(concerns=["self_harm"], children_unknown=True))
    page.autosave.flush()
    with db.read() as s:
        (found,) = drafts.open_drafts(s, "freephone-1")
    assert found.payload["concerns"] == ["self_harm"]
    assert found.payload["children_unknown"] is True
    page.reset(found.payload, found.draft_id)
    assert page.form.concerns.boxes["self_harm"].isChecked()
    assert page.form.children_list.unknown.isChecked()


def test_the_amend_form_shows_and_edits_concerns(window, vocab):
    stored = replace(
        HOUSING,
        primary_need=HOUSING.needs[0],
        concerns=("neglect", "private_fostering"),
        children_unknown=True,
    )
    values = form_values(stored)
    assert values["concerns"] == ["neglect", "private_fostering"]
    back, problems = read_request(values, FIXED_NOW.date())
    assert problems == [] and back == stored

    class Stored:
        reference, version, request = "HH-2026-000001", 1, stored

    dialog = AmendDialog(lambda: window.ctx, Stored(), window)  # type: ignore[arg-type]
    boxes = dialog.form.concerns.boxes
    assert boxes["neglect"].isChecked() and boxes["private_fostering"].isChecked()
    assert dialog.form.children_list.unknown.isChecked()
    boxes["neglect"].setChecked(False)
    req, _ = read_request(dialog.form.values(), FIXED_NOW.date())
    assert req.concerns == ("private_fostering",)
    dialog.close()


def test_the_record_view_names_concerns_unknown_children_and_the_999_call(vocab, rules, now):
    from triage_app.domain.request import Answers, EmergencyCall, TriageRequest
    from triage_app.pathways import route
    from triage_app.store.stored import StoredRequest
    from ui.record_view import record_html

    req = TriageRequest(
        contact_method="telephone",
        source="police",
        needs=(),
        consent=None,
        answers=Answers(True, None, None),
        concerns=("physical_abuse",),
        children_unknown=True,
        emergency=EmergencyCall(now, "test.handler", "WM-20260316-0042"),
    )
    routed = route(req, rules, on=now.date(), desk_hub=None)
    stored = StoredRequest(
        "HH-2026-000009", "r1", 1, 1, now, "test.handler", None, None, req, routed, (), None
    )
    html = record_html(stored, vocab, rules)
    assert "Physical abuse: a child hurt" in html
    assert "Children in the household, ages not known yet</th><td>Yes" in html
    assert "999 called at</th><td>16/03/2026 10:30" in html
    assert "999 called by</th><td>test.handler" in html
    assert "Police reference</th><td>WM-20260316-0042" in html
