"""The follow-up queue in the real window over a real database file: open work only, by due
time, overdue said in words, counts that mean something, the filters, taking and assigning,
and a request's record opened from it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from tests.services.requests_data import HARM, HOUSING, LEADER, MISSING, save
from tests.services.test_concerns_store import CALL, EMERGENCY
from tests.ui.conftest import RECEPTION_DESK, focused, press
from tests.ui.signin_helpers import add_account, when_modal
from tests.ui.walker import mnemonics as _mnemonics
from triage_app.services.actions import settle_action
from triage_app.services.followup import (
    ASSIGNED_TO_ME,
    EVERYTHING,
    UNASSIGNED,
    QueueRow,
    followup_queue,
)
from triage_app.services.outcomes import close_request
from ui.outcome_dialogs import AssignDialog
from ui.pages.followup_page import FollowUpPage, QueueModel
from ui.pages.version_history import RecordWindow

REASON = "advice given on the phone"


def go_to_followup(window, qtbot) -> FollowUpPage:
    page = window.followup_page
    with qtbot.waitSignal(page.rows_shown):
        press(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: focused() is page.table)
    return page


def listed(page: FollowUpPage) -> list[str]:
    return [page.model.row_at(i).reference for i in range(page.model.rowCount())]


def show(page: FollowUpPage, qtbot, scope: str) -> list[str]:
    with qtbot.waitSignal(page.rows_shown):
        page.scope_buttons[scope].click()
    return listed(page)


@pytest.fixture
def stored(db, rules, vocab, now):
    """At Mosaic: an overdue housing request, one due today (harm), and one closed."""
    refs = {
        "housing": save(db, rules, vocab, HOUSING, received=now - timedelta(days=10)),
        "harm": save(db, rules, vocab, HARM, received=now, hub="mosaic"),
        "closed": save(db, rules, vocab, MISSING, received=now - timedelta(days=1), hub="mosaic"),
    }
    with db.write() as s:
        for step in ("report_missing_to_police", "return_home_interview"):  # settled first
            settle_action(s, refs["closed"], step, state="done", actor=LEADER, now=now)
        close_request(
            s, refs["closed"], outcome="advice_given", reason=REASON, actor=LEADER, now=now,
            vocab=vocab,
        )  # fmt: skip
    return refs


@pytest.fixture
def reception(make_window):
    return make_window(RECEPTION_DESK)


def test_open_work_only_by_due_time_with_counts(reception, qtbot, stored):
    page = go_to_followup(reception, qtbot)
    assert page.scope_buttons["mine_and_hub"].isChecked()  # the default: own and hub's
    assert listed(page) == [stored["housing"], stored["harm"]]  # overdue first; closed gone
    model = page.model
    assert model.index(0, QueueModel.COL_STATUS).data() == "OVERDUE"
    assert model.index(1, QueueModel.COL_STATUS).data() == "due today"
    assert model.index(1, QueueModel.COL_DUE).data() == "by the end of Mon 16/03/2026"
    bold = model.index(0, QueueModel.COL_REFERENCE).data(Qt.ItemDataRole.FontRole)
    assert bold is not None and bold.bold()
    spoken = model.index(0, QueueModel.COL_HUB).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.endswith("(overdue)")
    counts = page.counts.text().replace("<b>", "").replace("</b>", "")
    assert counts == "2 open requests: 1 overdue, 1 due today, 2 unassigned."


def test_the_filters_mine_unassigned_and_all(make_window, qtbot, db, rules, vocab, now, stored):
    elsewhere = save(db, rules, vocab, MISSING, received=now, hub="the_moat")  # their own
    window = make_window(RECEPTION_DESK)
    page = go_to_followup(window, qtbot)
    assert elsewhere not in listed(page)
    assert show(page, qtbot, ASSIGNED_TO_ME) == []
    assert "Nothing open here" in page.counts.text()
    assert set(show(page, qtbot, UNASSIGNED)) == {stored["housing"], stored["harm"], elsewhere}
    assert set(show(page, qtbot, EVERYTHING)) == {stored["housing"], stored["harm"], elsewhere}


def test_taking_a_request_makes_it_mine(make_window, qtbot, db, stored):
    add_account(db, "test.handler", "receptionist", hub="mosaic")  # the window's user
    reception = make_window(RECEPTION_DESK)
    page = go_to_followup(reception, qtbot)
    page.table.selectRow(1)
    assert page.take_button.isEnabled() and not page.assign_button.isEnabled()
    assert "team leader" in page.assign_button.toolTip()
    with qtbot.waitSignal(page.rows_shown):
        press(Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert page.model.row_at(1).assigned_to == reception.ctx.actor.username
    assert page.model.index(1, QueueModel.COL_WORKER).data() == reception.ctx.actor.username
    assert "1 unassigned" in page.counts.text()
    assert show(page, qtbot, ASSIGNED_TO_ME) == [stored["harm"]]
    assert not page.take_button.isEnabled()  # already someone's


def test_a_team_leader_assigns_to_a_named_worker(make_window, qtbot, db, stored):
    add_account(db, "k.worker", "receptionist", hub="mosaic")
    window = make_window(RECEPTION_DESK)
    window.set_actor(replace(LEADER, hub="mosaic"))
    page = go_to_followup(window, qtbot)
    page.table.selectRow(0)
    assert page.assign_button.isEnabled()

    def assign(dialog: AssignDialog) -> None:
        dialog.worker.setCurrentIndex(dialog.worker.findData("k.worker"))
        dialog.save_button.click()

    when_modal([(AssignDialog, assign)])
    with qtbot.waitSignal(page.rows_shown):
        page.assign_button.click()
    assert page.model.row_at(0).assigned_to == "k.worker"
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)  # back where it was
    with db.read() as s:
        queue = followup_queue(s, actor=LEADER, now=window.ctx.now(), scope=EVERYTHING)
    assert {r.reference: r.assigned_to for r in queue.rows}[stored["housing"]] == "k.worker"


def test_enter_opens_the_request_with_its_life(reception, qtbot, stored):
    go_to_followup(reception, qtbot)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(reception.findChildren(RecordWindow)))
    (record,) = reception.findChildren(RecordWindow)
    assert stored["housing"] in record.windowTitle()
    assert record.life.close_button.isEnabled()
    record.close()


def test_the_list_is_read_a_page_at_a_time(reception, qtbot, db, rules, vocab, now):
    for i in range(130):
        save(db, rules, vocab, HOUSING, received=now - timedelta(minutes=i), hub="mosaic")
    page = go_to_followup(reception, qtbot)
    assert page.model.rowCount() == 100 and page.model.canFetchMore()
    assert "130 open requests" in page.counts.text()
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: page.model.rowCount() == 130)
    assert not page.model.canFetchMore()


def test_the_model_passes_the_model_tester(qtmodeltester, vocab, now):
    model = QueueModel(vocab)
    rows = [
        QueueRow("HH-0000-0001", "open", "social_care", None, "mosaic", now, now, None, 1, 0),
        QueueRow("HH-0000-0002", "in_progress", "advice", "signpost", None, now, None, "k", 0, 1),
    ]
    model.now = now
    model.start(lambda offset, limit: rows[offset : offset + limit])
    qtmodeltester.check(model)
    assert model.index(1, QueueModel.COL_DUE).data() == "no time set"
    assert model.index(1, QueueModel.COL_PATHWAY).data().endswith("(overridden)")
    assert model.index(1, QueueModel.COL_STATUS).data().startswith("Incomplete; ")


def test_an_emergency_saved_partial_shows_as_incomplete(window, qtbot, db, rules, vocab, now):
    partial = save(db, rules, vocab, replace(EMERGENCY, emergency=CALL), received=now)
    window.set_actor(LEADER)
    page = go_to_followup(window, qtbot)
    show(page, qtbot, EVERYTHING)
    [i] = [i for i in range(page.model.rowCount()) if page.model.row_at(i).reference == partial]
    assert page.model.index(i, QueueModel.COL_STATUS).data().startswith("Incomplete; ")


def test_every_alt_letter_on_the_queue_page_leads_to_one_place(reception, qtbot, stored):
    page = go_to_followup(reception, qtbot)
    owners = _mnemonics(reception)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    assert {"m", "b", "u", "a", "w", "o", "t", "s", "l"} <= set(owners)
    with qtbot.waitSignal(page.rows_shown):
        press(Qt.Key.Key_U, Qt.KeyboardModifier.AltModifier)
    assert page.scope() == UNASSIGNED
    press(Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert focused() is page.table
    for button in page.findChildren(QAbstractButton):
        if button.objectName() != "qt_tableview_cornerbutton":  # Qt's own, not focusable
            assert button.accessibleName(), button.text()
