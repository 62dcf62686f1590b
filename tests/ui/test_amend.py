"""Amending a request in the real window over a real database file: a reason is required, the
amendment is a new version, the earlier one stays viewable, and a stale amendment overwrites
nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.conftest import FIXED_NOW
from tests.services.requests_data import HANDLER, HARM, HOUSING, LEADER, save
from tests.ui.signin_helpers import when_modal
from triage_app.services import records
from triage_app.store import audit
from triage_app.store.stored import load_request
from ui.capture.reading import read_request
from ui.pages.amend_dialog import AmendDialog, form_values
from ui.pages.version_history import RecordWindow, VersionsModel, open_record_window


@pytest.fixture
def leader_window(window, qtbot):
    """The real window, signed in as a team leader."""
    window.set_actor(LEADER)
    return window


@pytest.fixture
def reference(db, rules, vocab, now):
    return save(db, rules, vocab, HOUSING, received=now - timedelta(days=1), actor=HANDLER)


def open_window(window, qtbot, reference) -> RecordWindow:
    record = open_record_window(window, lambda: window.ctx, reference)
    assert record is not None
    qtbot.waitUntil(record.isVisible)
    return record


def test_the_form_is_filled_in_from_the_stored_request(vocab, now):
    for sample in (HOUSING, HARM):
        req = replace(sample, primary_need=sample.needs[0])  # as stored: the primary need is set
        back, problems = read_request(form_values(req), FIXED_NOW.date())
        assert problems == []
        assert back == req


def test_amend_with_a_reason_adds_version_2_and_version_1_stays_viewable(
    leader_window, qtbot, db, reference
):
    page = leader_window.requests_page
    with qtbot.waitSignal(page.results_shown):
        leader_window.show_page(page)
    assert page.selected_reference() == reference and page.amend_button.isEnabled()

    def amend(dialog: AmendDialog) -> None:
        assert dialog.form.family.postcode.text() == "CV4 9PL"
        dialog.form.family.postcode.setText("CV2 1EQ")
        dialog.reason.setFocus()
        QTest.keyClicks(dialog.reason, "postcode misheard")
        QTest.keyClick(dialog.save_button, Qt.Key.Key_Space)  # the keyboard's button press

    when_modal([(AmendDialog, amend)])
    with qtbot.waitSignal(page.results_shown):
        page.amend_button.click()
    assert page.model.row_at(0).version == 2
    with db.read() as s:
        current, first = load_request(s, reference), load_request(s, reference, 1)
        history = records.versions(s, reference)
        actions = [(e.action, e.actor) for e in audit.entries(s, record_ref=reference)]
    assert (current.version, current.request.postcode, current.route.hub) == (
        2,
        "CV2 1EQ",
        "the_moat",
    )
    assert first.request.postcode == "CV4 9PL"
    assert [(v.version, v.reason) for v in history] == [(1, None), (2, "postcode misheard")]
    assert ("open_record", "test.leader") in actions and ("amend", "test.leader") in actions

    record = open_window(leader_window, qtbot, reference)
    assert record.versions.rowCount() == 2
    assert record.versions.index(1, VersionsModel.COL_REASON).data() == "postcode misheard"
    assert not record.notice.isVisible()
    record.table.setFocus()
    record.table.selectRow(0)
    with qtbot.waitSignal(record.shown_version) as shown:
        QTest.keyClick(record.table, Qt.Key.Key_Return)
    assert shown.args == [1]
    assert "CV4 9PL" in record.text.toPlainText()
    assert "earlier version" in record.notice.text() and record.notice.isVisibleTo(record)
    assert not record.amend_button.isEnabled()  # only the current version is amended
    with db.read() as s:
        last = audit.entries(s, record_ref=reference)[-1]
    assert (last.action, last.reason) == ("open_record", "version 1")
    record.close()


def test_amend_without_a_reason_is_refused_beside_the_field(leader_window, qtbot, db, reference):
    with leader_window.ctx.db.read() as s:
        stored = load_request(s, reference)
    dialog = AmendDialog(lambda: leader_window.ctx, stored, leader_window)
    qtbot.addWidget(dialog)
    dialog.form.story.text.setPlainText("synthetic: corrected")
    assert dialog.save() is False
    assert dialog.reason_error.message == "say why the request is being amended"
    assert dialog.reason_error.isVisibleTo(dialog)
    assert dialog.saved is None
    with db.read() as s:
        assert [v.version for v in records.versions(s, reference)] == [1]


def test_a_stale_amendment_says_so_keeps_the_typing_and_overwrites_nothing(
    leader_window, qtbot, db, rules, vocab, now, reference
):
    ctx = leader_window.ctx
    with ctx.db.read() as s:
        stale = load_request(s, reference)
    dialog = AmendDialog(lambda: ctx, stale, leader_window)
    qtbot.addWidget(dialog)
    dialog.form.story.text.setPlainText("synthetic: mine")
    dialog.reason.setText("my correction")
    with ctx.db.write() as s:  # a colleague amends it first
        records.amend(
            s, stale, replace(stale.request, narrative="synthetic: theirs"), reason="theirs",
            vocab=vocab, rules=rules, actor=LEADER, now=now,
        )  # fmt: skip
    assert dialog.save() is False
    assert "Someone else amended this request" in dialog.conflict.message
    assert (
        "version 2" in dialog.conflict.message and "kept in this dialog" in dialog.conflict.message
    )
    assert dialog.form.story.text.toPlainText() == "synthetic: mine"  # nothing typed is lost
    assert dialog.reason.text() == "my correction"
    with db.read() as s:
        current = load_request(s, reference)
        assert (current.version, current.request.narrative) == (2, "synthetic: theirs")
        assert [v.reason for v in records.versions(s, reference)] == [None, "theirs"]


def test_a_call_handler_sees_amend_disabled_and_why(window, qtbot, reference):
    record = open_window(window, qtbot, reference)
    assert not record.amend_button.isEnabled()
    assert (
        record.amend_button.toolTip()
        == "A call handler may not amend a request; ask a team leader."
    )
    record.close()


def test_the_versions_model_passes_the_model_tester(qtmodeltester, now):
    model = VersionsModel()
    model.set_rows(
        [
            records.VersionSummary(1, now, "test.handler", None),
            records.VersionSummary(2, now + timedelta(hours=1), "test.leader", "typo"),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0, VersionsModel.COL_REASON).data() == "first recorded"
    assert model.index(1, VersionsModel.COL_VERSION).data() == "2 (current)"


def test_alt_a_opens_the_amendment_and_escape_cancels_it(leader_window, qtbot, db, reference):
    from tests.ui.conftest import focused, press

    page = leader_window.requests_page
    with qtbot.waitSignal(page.results_shown):
        leader_window.show_page(page)
    qtbot.waitUntil(lambda: focused() is page.search)
    seen = []

    def cancel(dialog: AmendDialog) -> None:
        seen.append(dialog.windowTitle())
        QTest.keyClick(dialog, Qt.Key.Key_Escape)

    when_modal([(AmendDialog, cancel)])
    press(Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # a mnemonic clicks a moment later
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [f"Amend {reference} (version 1)"]
    with db.read() as s:
        assert [v.version for v in records.versions(s, reference)] == [1]


def test_the_record_view_offers_the_advice_sheet_to_a_call_handler(window, qtbot, reference):
    record = open_window(window, qtbot, reference)
    assert record.print_button.isEnabled()
    assert "advice sheet" in record.print_button.toolTip()
    record.close()
