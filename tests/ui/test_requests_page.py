"""The Requests page in the real window over a real database file: search as you type, filters,
opening a request read-only (audited), by keyboard alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.services.requests_data import HANDLER, HARM, HOUSING, LEADER, MISSING, save
from tests.ui.conftest import RECEPTION_DESK, focused, press, type_text
from triage_app.services.search import RequestRow
from triage_app.store import audit
from ui.pages.requests_page import RequestsModel, RequestsPage
from ui.pages.version_history import RecordWindow


@pytest.fixture
def stored(db, rules, vocab, now):
    """Three requests taken at the freephone desk by the window's own user."""
    return {
        "housing": save(db, rules, vocab, HOUSING, received=now - timedelta(hours=1)),
        "harm": save(db, rules, vocab, HARM, received=now - timedelta(days=1)),
        "missing": save(db, rules, vocab, MISSING, received=now - timedelta(days=2)),
    }


def go_to_requests(window, qtbot) -> RequestsPage:
    page = window.requests_page
    with qtbot.waitSignal(page.results_shown):
        press(Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is page
    qtbot.waitUntil(lambda: focused() is page.search)
    return page


def shown(page: RequestsPage) -> list[str]:
    model = page.model
    return [model.row_at(i).reference for i in range(model.rowCount())]


def test_the_page_opens_on_todays_and_recent_requests(window, qtbot, stored):
    page = go_to_requests(window, qtbot)
    assert shown(page) == [stored["housing"], stored["harm"], stored["missing"]]
    assert page.summary.text() == "3 requests received today and in the last 7 days."


def test_typing_a_surname_without_its_accents_shows_its_request(window, qtbot, stored):
    page = go_to_requests(window, qtbot)
    with qtbot.waitSignal(page.results_shown):
        type_text("nunez")  # one search after the typing pauses, not one a key
    assert shown(page) == [stored["housing"]]
    model = page.model
    assert model.index(0, RequestsModel.COL_FAMILY).data() == "Ñúñez, A."
    assert model.index(0, RequestsModel.COL_PATHWAY).data() == "Signpost to a partner"
    assert page.summary.text() == "1 request found."
    with qtbot.waitSignal(page.results_shown):
        type_text("l")  # "nunezl": no name, nor one that sounds like it ("nunezx" would)
    assert shown(page) == []
    assert page.summary.text().startswith("No requests match")


def test_keyboard_only_search_then_open_read_only_is_audited(window, qtbot, db, stored):
    page = go_to_requests(window, qtbot)
    with qtbot.waitSignal(page.results_shown):
        type_text("07700 900123")
        press(Qt.Key.Key_Return)  # Enter searches at once
    press(Qt.Key.Key_Down)
    assert focused() is page.table
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(window.findChildren(RecordWindow)))
    (record,) = window.findChildren(RecordWindow)
    assert stored["harm"] in record.windowTitle() and "read-only" in record.windowTitle()
    assert "Kowalski" in record.text.toPlainText()
    with db.read() as s:
        opened = [
            e for e in audit.entries(s, record_ref=stored["harm"]) if e.action == "open_record"
        ]
    assert [(e.actor, e.reason) for e in opened] == [("test.handler", None)]
    record.close()


def test_filters_by_hub_pathway_and_date(window, qtbot, stored):
    page = go_to_requests(window, qtbot)
    with qtbot.waitSignal(page.results_shown):
        page.hub.setCurrentIndex(page.hub.findData("the_moat"))
    assert shown(page) == [stored["missing"]]
    with qtbot.waitSignal(page.results_shown):
        page.hub.setCurrentIndex(0)
    with qtbot.waitSignal(page.results_shown):
        page.pathway.setCurrentIndex(page.pathway.findData("social_care"))
    assert shown(page) == [stored["harm"]]
    with qtbot.waitSignal(page.results_shown):
        page.clear()
    assert len(shown(page)) == 3 and focused() is page.search
    with qtbot.waitSignal(page.results_shown):
        page.received_from.setText("16/03/2026")
    assert shown(page) == [stored["housing"]]


def test_a_reception_desk_starts_on_its_hub_and_sees_its_hub(
    make_window, qtbot, db, rules, vocab, now
):
    theirs = save(db, rules, vocab, HOUSING, received=now, actor=LEADER)  # routed to mosaic
    save(db, rules, vocab, MISSING, received=now, actor=LEADER)  # the_moat: not theirs
    window = make_window(RECEPTION_DESK)
    page = go_to_requests(window, qtbot)
    assert page.hub.currentData() == "mosaic"
    assert shown(page) == [theirs]
    with qtbot.waitSignal(page.results_shown):
        page.hub.setCurrentIndex(0)  # all hubs: still only what a receptionist may see
    assert shown(page) == [theirs]


def test_amend_is_for_team_leaders_and_says_why(window, qtbot, stored):
    page = go_to_requests(window, qtbot)
    assert not page.amend_button.isEnabled()
    assert page.amend_button.toolTip() == (
        "A call handler may not amend a request; ask a team leader."
    )
    with qtbot.waitSignal(page.results_shown):
        window.set_actor(LEADER)
        window.show_page(page)
    assert page.amend_button.isEnabled()


def test_every_control_can_be_reached_by_tab_and_is_named(window, qtbot, stored):
    page = go_to_requests(window, qtbot)
    reached = []
    for _ in range(12):
        reached.append(focused())
        press(Qt.Key.Key_Tab)
    for control in (
        page.search,
        page.hub,
        page.pathway,
        page.received_from,
        page.received_to,
        page.clear_button,
        page.table,
        page.open_button,
    ):
        assert control in reached, control.accessibleName()
        assert control.accessibleName() or control.text()
    assert QApplication.activeModalWidget() is None


def test_the_model_passes_the_model_tester(qtmodeltester, vocab, now):
    model = RequestsModel(vocab)
    model.set_rows(
        [
            RequestRow(
                "HH-0000-0001", now, "mosaic", "early_help", "housing_rent", "Doe, J.", 2, 1, 3
            ),
            RequestRow("HH-0000-0002", now, None, "advice", None, "—", 0, 2, 0),
        ]
    )
    qtmodeltester.check(model)
    assert model.index(1, RequestsModel.COL_HUB).data() == "—"
    assert model.index(0, RequestsModel.COL_NEED).data() == "Housing or rent"


def test_front_door_staff_see_only_what_they_may(window, qtbot, db, rules, vocab, now):
    mine = save(db, rules, vocab, HOUSING, received=now, actor=HANDLER)
    save(db, rules, vocab, HARM, received=now, actor=LEADER)  # someone else's, no hub in common
    page = go_to_requests(window, qtbot)
    assert shown(page) == [mine]


def test_a_date_that_is_not_a_date_is_said_plainly(window, qtbot, stored):
    page = go_to_requests(window, qtbot)
    page.received_from.setText("32/13/2026")
    page.refresh()
    assert page.summary.text() == "⚠ Type the dates as dd/mm/yyyy (or leave them empty)."
    with qtbot.waitSignal(page.results_shown):
        page.received_from.setText("2026-03-15")
        page.refresh()
    assert shown(page) == [stored["housing"], stored["harm"]]
