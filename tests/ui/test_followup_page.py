"""The Follow-up page in the real window over a real database file: open actions most urgent
first, overdue said in words, the desk's hub or all hubs, and ticking one done by keyboard."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select

from tests.services.requests_data import HANDLER, HARM, HOUSING, MISSING, RECEPTION, save
from tests.services.test_concerns_store import CALL, EMERGENCY
from tests.ui.conftest import RECEPTION_DESK, focused, press
from tests.ui.signin_helpers import when_modal
from triage_app.services.followup import COMPLETE_REQUEST, FollowUpRow, due_at
from triage_app.store import audit
from triage_app.store.models import ActionRow, RequestVersion
from ui.pages.followup_page import ConfirmDone, FollowUpModel, FollowUpPage


def go_to_followup(window, qtbot) -> FollowUpPage:
    page = window.followup_page
    with qtbot.waitSignal(page.rows_shown):
        press(Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: focused() is page.table)
    return page


def listed(page: FollowUpPage) -> list[tuple[str, str]]:
    model = page.model
    return [(model.row_at(i).reference, model.row_at(i).action) for i in range(model.rowCount())]


@pytest.fixture
def stored(db, rules, vocab, now):
    return {
        "housing": save(db, rules, vocab, HOUSING, received=now - timedelta(days=10)),
        "harm": save(db, rules, vocab, HARM, received=now),
    }


def test_most_urgent_first_and_overdue_in_words(window, qtbot, stored):
    page = go_to_followup(window, qtbot)
    rows = listed(page)
    assert rows[0] == (stored["harm"], "mash_referral")  # social care before signposting
    assert rows[-2:] == [(stored["housing"], "refer_housing"), (stored["housing"], "refer_ciass")]
    model = page.model
    first, last = 0, model.rowCount() - 1
    assert model.index(first, FollowUpModel.COL_STATUS).data() == "due today"
    assert model.index(first, FollowUpModel.COL_DUE).data() == "by the end of Mon 16/03/2026"
    assert model.index(last, FollowUpModel.COL_STATUS).data() == "OVERDUE"
    bold = model.index(last, FollowUpModel.COL_ACTION).data(Qt.ItemDataRole.FontRole)
    assert bold is not None and bold.bold()
    spoken = model.index(last, FollowUpModel.COL_ACTION).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.endswith("(overdue)")
    assert page.summary.text() == f"{len(rows)} actions to do, 2 overdue."


def test_space_marks_the_chosen_action_done_after_confirming(window, qtbot, db, stored):
    page = go_to_followup(window, qtbot)
    before = len(listed(page))
    assert listed(page)[0] == (stored["harm"], "mash_referral")

    def confirm(box: QWidget) -> None:
        assert "Refer to Children's Social Care" in box.text()
        QTest.keyClick(box, Qt.Key.Key_Return)  # the default button: Mark done

    when_modal([(ConfirmDone, confirm)])
    with qtbot.waitSignal(page.rows_shown):
        press(Qt.Key.Key_Space)
    assert (stored["harm"], "mash_referral") not in listed(page)
    assert len(listed(page)) == before - 1
    window.activateWindow()  # the desktop does this when the box closes; offscreen does not
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)  # back where it was
    with db.read() as s:
        row = s.execute(
            select(ActionRow)
            .join(RequestVersion, RequestVersion.id == ActionRow.version_id)
            .where(ActionRow.action == "mash_referral", RequestVersion.is_current)
        ).scalar_one()
        entries = audit.entries(s, record_ref=stored["harm"])
    assert row.done_by == "test.handler" and row.done_at is not None
    assert [(e.action, e.reason) for e in entries][-1] == ("action_done", "mash_referral")


def test_cancelling_records_nothing(window, qtbot, db, stored):
    page = go_to_followup(window, qtbot)
    before = listed(page)
    when_modal([(ConfirmDone, lambda box: QTest.keyClick(box, Qt.Key.Key_Escape))])
    page.done_button.click()
    assert listed(page) == before
    with db.read() as s:
        assert s.execute(select(ActionRow).where(ActionRow.done_at.is_not(None))).first() is None
        assert "action_done" not in [e.action for e in audit.entries(s)]


def test_this_hub_or_all_hubs(make_window, qtbot, db, rules, vocab, now):
    mosaic = save(db, rules, vocab, HOUSING, received=now, actor=RECEPTION)  # a colleague's
    moat = save(db, rules, vocab, MISSING, received=now, actor=HANDLER)  # their own, elsewhere
    window = make_window(RECEPTION_DESK)
    page = go_to_followup(window, qtbot)
    assert page.this_hub.isChecked()
    assert {ref for ref, _a in listed(page)} == {mosaic}
    with qtbot.waitSignal(page.rows_shown):
        page.all_hubs.click()
    assert {ref for ref, _a in listed(page)} == {mosaic, moat}


def test_the_freephone_desk_has_no_hub_of_its_own(window, qtbot, stored):
    page = go_to_followup(window, qtbot)
    assert page.all_hubs.isChecked() and not page.this_hub.isEnabled()
    assert "freephone" in page.this_hub.toolTip()


def test_enter_opens_the_request(window, qtbot, stored):
    from ui.pages.version_history import RecordWindow

    go_to_followup(window, qtbot)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.findChildren(RecordWindow)))
    (record,) = window.findChildren(RecordWindow)
    assert stored["harm"] in record.windowTitle()
    record.close()


def test_the_model_passes_the_model_tester(qtmodeltester, vocab, rules, now):
    received = now - timedelta(days=3)
    model = FollowUpModel(vocab, rules)
    model.set_rows(
        [
            FollowUpRow(
                "HH-0000-0001",
                "mash_referral",
                "social_care",
                "mosaic",
                received,
                "the same working day",
                due_at(received, "the same working day"),
                True,
            ),
            FollowUpRow("HH-0000-0002", "own_code", "advice", None, now, None, None, False),
        ],
        now,
    )
    qtmodeltester.check(model)
    assert model.index(1, FollowUpModel.COL_ACTION).data() == "own_code"
    assert model.index(1, FollowUpModel.COL_DUE).data() == "no time set"


def test_an_emergency_saved_partial_shows_as_incomplete(window, qtbot, db, rules, vocab, now):
    partial = save(db, rules, vocab, replace(EMERGENCY, emergency=CALL), received=now)
    page = go_to_followup(window, qtbot)
    model = page.model
    mine = [i for i in range(model.rowCount()) if model.row_at(i).reference == partial]
    assert mine
    for i in mine:
        assert model.index(i, FollowUpModel.COL_STATUS).data().startswith("Incomplete; ")
    complete = [i for i in mine if model.row_at(i).action == COMPLETE_REQUEST]
    assert len(complete) == 1
    assert model.index(complete[0], FollowUpModel.COL_ACTION).data() == (
        "Complete the request (amend it)"
    )
    page.table.selectRow(complete[0])
    with qtbot.waitSignal(page.status) as said:
        press(Qt.Key.Key_Space)  # completed by amending it, not ticked done: no question asked
    assert "amending" in said.args[0]
    assert (partial, COMPLETE_REQUEST) in listed(page)
