"""The Services page, the quick search from the capture form (Ctrl+F), and the route panel
saying when a route's action needs a service that is not open: the real window, a real file."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tests.services.requests_data import LEADER
from tests.ui.conftest import focused
from tests.ui.forms import complete_values
from triage_app.services.directory_edit import edit_service
from triage_app.store.audit_models import AuditEntry
from triage_app.store.directory import load_entry
from ui.pages.service_edit import ServiceEditDialog
from ui.service_search import ServiceSearchDialog
from ui.services_view import ServicesModel

CIASS = "Coventry Independent Advice Service"


def services_page(window, qtbot):
    page = window.services_page
    window.show_page(page)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0)
    return page


def row_of(page, name: str) -> int:
    names = [page.model.row_at(r).entry.name for r in range(page.model.rowCount())]
    return names.index(name)


def cell(page, name: str, column: int) -> str:
    return page.model.index(row_of(page, name), column).data()


def test_hubs_and_partners_with_status_numbers_and_stale_marks(window, qtbot):
    page = services_page(window, qtbot)
    assert cell(page, "Pathways Family Hub", ServicesModel.COL_NUMBER) == "024 7697 8100"
    assert cell(page, CIASS, ServicesModel.COL_STATUS) == "active"
    assert cell(page, CIASS, ServicesModel.COL_NUMBER) == "none confirmed"
    assert "stale" in page.summary.text()
    page.table.selectRow(row_of(page, CIASS))
    text = page.detail.toPlainText()
    assert "Tell the caller:" in text and "Do not give out a number" in text
    page.query.setText("eviction")
    found = [page.model.row_at(r).entry.code for r in range(page.model.rowCount())]
    assert "housing" in found


def test_a_call_handler_cannot_change_an_entry_and_is_told_why(window, qtbot):
    page = services_page(window, qtbot)
    assert not page.edit_button.isEnabled()
    assert "team leader" in page.edit_button.toolTip()


def test_a_team_leader_confirms_a_number_and_it_may_be_given_out(window, qtbot, db):
    window.set_actor(LEADER)
    page = services_page(window, qtbot)
    page.table.selectRow(row_of(page, CIASS))
    page.table.setFocus()
    assert page.edit_button.isEnabled()

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ServiceEditDialog)
        dialog.values["phone"].setText("024 7600 9999")
        dialog.show_problems([])
        dialog.sources["phone"].setText("the service's own page, 16/03/2026")
        dialog.checked.setChecked(True)
        dialog.reason.setText("phoned them")
        dialog.save()

    QTimer.singleShot(0, fill)
    page.edit_button.click()
    assert cell(page, CIASS, ServicesModel.COL_NUMBER) == "024 7600 9999"
    assert "stale" not in cell(page, CIASS, ServicesModel.COL_CHECKED)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.table)
    assert "version 2" in page.detail.toPlainText() and "phoned them" in page.detail.toPlainText()
    with db.read() as s:
        assert load_entry(s, "ciass").phone.confirmed
        edits = s.execute(
            select(AuditEntry.record_ref).where(AuditEntry.action == "directory_edit")
        ).scalars()
        assert list(edits) == ["directory:ciass"]


def test_an_unsourced_number_is_kept_unconfirmed_and_not_given_out(window, qtbot, db, vocab, now):
    with db.write() as s:
        edit_service(s, LEADER, "ciass", {"phone": "024 7600 1234"}, now=now, vocab=vocab)
    page = services_page(window, qtbot)
    assert "unconfirmed" in cell(page, CIASS, ServicesModel.COL_NUMBER)
    page.table.selectRow(row_of(page, CIASS))
    assert "⚠ unconfirmed" in page.detail.toPlainText()


def test_a_paused_service_is_hidden_and_the_route_says_so(window, qtbot, db, vocab, now):
    with db.write() as s:
        edit_service(s, LEADER, "ciass", {"status": "paused"}, now=now, vocab=vocab)
    page = services_page(window, qtbot)
    names = [page.model.row_at(r).entry.name for r in range(page.model.rowCount())]
    assert CIASS not in names
    page.closed.setChecked(True)
    assert cell(page, CIASS, ServicesModel.COL_STATUS) == "paused"

    capture = window.capture
    window.show_page(capture)
    capture.reload_directory()
    capture.form.set_values(complete_values())  # money worries: signposted to CIASS
    capture.refresh_now()
    notices = capture.route_panel.services
    assert notices.isVisible()
    assert f"⚠ {CIASS} is paused and takes no referrals now" in notices.text()


def test_ctrl_f_finds_a_service_and_gives_the_keyboard_back(window, qtbot):
    capture = window.capture
    capture.form.set_values(complete_values())
    capture.form.family.phone.setFocus()
    seen: dict[str, object] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ServiceSearchDialog)
        seen["suggested"] = dialog.heading.text()
        seen["first"] = dialog.model.row_at(0).entry.name
        QTest.keyClicks(dialog.query, "food bank")
        seen["found"] = dialog.model.row_at(0).entry.code
        seen["tell"] = dialog.detail.toPlainText()
        dialog.reject()

    QTimer.singleShot(0, look)
    QTest.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert seen["suggested"] == "For what the caller has said so far:"
    assert seen["first"] == CIASS
    assert seen["found"] == "food_network"
    assert "Tell the caller:" in str(seen["tell"])
    qtbot.waitUntil(lambda: QApplication.focusWidget() is capture.form.family.phone)


def test_the_services_model_passes_the_model_tester(window, qtbot, qtmodeltester):
    page = services_page(window, qtbot)
    qtmodeltester.check(page.model)


def test_no_two_places_share_a_letter_on_the_services_page(window, qtbot):
    from tests.ui.walker import mnemonics as _mnemonics

    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    page = services_page(window, qtbot)
    clashes = {k: v for k, v in _mnemonics(window).items() if len(v) > 1}
    assert clashes == {}, clashes
    assert {"t", "p", "s", "c"} <= set(_mnemonics(window))
    assert page.edit_button.text() == "&Change this service…"
