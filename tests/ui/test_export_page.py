"""The Export page: what is waiting, exporting now, past batches; only for team leaders."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton
from sqlalchemy import select

from tests.export.export_data import TAKEN, save
from tests.ui.conftest import FREEPHONE_DESK
from tests.ui.signin_helpers import NEVER_MS, add_account, lockable_window, signed_in
from triage_app.domain.actor import Actor
from triage_app.export import BatchInfo
from triage_app.store.audit_models import AuditEntry
from triage_app.store.models import ExportBatch
from ui.pages.export_page import STILL_COUNTING, STOPPED, BatchesModel

TAKER = Actor(username="j.handler", role="call_handler", desk="freephone-1")


@pytest.fixture
def leader_window(db, qtbot, make_context):
    add_account(db, "t.leader", "team_leader")
    actor = signed_in(db, "t.leader", FREEPHONE_DESK)
    window = lockable_window(qtbot, make_context, actor, FREEPHONE_DESK, NEVER_MS)
    window.show_page(window.export_page)
    return window


def close_messages(window) -> list[str]:
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    texts = [b.text() for b in boxes]
    for b in boxes:
        b.close()
    return texts


def test_call_handler_sees_export_and_figures_disabled_with_the_reason(db, qtbot, make_context):
    add_account(db, "j.handler", "call_handler")
    actor = signed_in(db, "j.handler", FREEPHONE_DESK)
    window = lockable_window(qtbot, make_context, actor, FREEPHONE_DESK, NEVER_MS)
    for page, reason in (
        (
            window.export_page,
            "A call handler may not export to the central system; ask a team leader.",
        ),
        (window.figures_page, "A call handler may not see the monthly figures; ask a team leader."),
    ):
        index = window.tabs.indexOf(page)
        assert not window.tabs.isTabEnabled(index)
        assert window.tabs.tabToolTip(index) == reason
        assert not page.isEnabled()
    assert window.tabs.currentWidget() is window.capture
    save(db, TAKER, 2)
    window.export_page.refresh()  # even asked directly, it reads nothing
    assert window.export_page.model.rowCount() == 0
    assert not window.export_page.export_button.isEnabled()
    assert window.export_page.waiting.text().startswith("A call handler may not export")


def test_administrator_may_not_record_but_the_form_says_why(db, qtbot, make_context):
    add_account(db, "a.admin", "administrator")
    actor = signed_in(db, "a.admin", FREEPHONE_DESK, password="admin pass phrase 1")
    window = lockable_window(qtbot, make_context, actor, FREEPHONE_DESK, NEVER_MS)
    assert not window.tabs.isTabEnabled(window.tabs.indexOf(window.capture))
    assert not window.menus.save_action.isEnabled()
    assert window.menus.save_action.toolTip().startswith(
        "An administrator may not record a request"
    )
    assert window.menus.settings_action.isEnabled()  # desks are theirs to set up


def test_waiting_count_and_oldest(leader_window, db, qtbot):
    save(db, TAKER, 3)
    page = leader_window.export_page
    page.refresh()
    assert page.waiting.text() == "3 request versions waiting for the central system."
    assert page.oldest.text() == f"The oldest waiting was taken on 2 Mar 2026, {TAKEN:%H:%M}."


def test_a_long_waiting_list_is_counted_a_part_at_a_time_while_the_window_goes_on(
    leader_window, db, qtbot, tmp_path
):
    """The page says it is counting, the window can be used meanwhile, and the total and the
    oldest arrive once the last part is in; leaving the page stops the count."""
    save(db, TAKER, 5)
    page = leader_window.export_page
    page.count_part = 2
    page.refresh()
    assert page.waiting.text() == "Counting what is waiting for the central system: 2 so far…"
    assert page.oldest.text() == STILL_COUNTING  # its line kept: the buttons do not move
    buttons_at = page.export_button.geometry()
    qtbot.waitUntil(lambda: page.waiting.text().startswith("5 request versions waiting"))
    assert page.oldest.text() == f"The oldest waiting was taken on 2 Mar 2026, {TAKEN:%H:%M}."
    assert page.oldest.isVisible()
    assert page.export_button.geometry() == buttons_at

    page.refresh()
    leader_window.show_page(leader_window.requests_page)  # staff move on mid-count
    qtbot.wait(50)
    assert page.waiting.text().endswith("2 so far…")  # no count goes on behind their back
    leader_window.show_page(page)
    qtbot.waitUntil(lambda: page.waiting.text().startswith("5 request versions waiting"))

    page.refresh()
    assert page.export_to(tmp_path / "out")  # exporting mid-count: counted afresh after
    close_messages(page)
    qtbot.wait(50)
    assert page.waiting.text().startswith("Nothing is waiting")


def test_export_now_writes_a_batch_folder_and_the_table_shows_it(leader_window, db, tmp_path):
    save(db, TAKER, 3)
    page = leader_window.export_page
    out = tmp_path / "out"
    page._choose = lambda _parent, _caption, _start: out  # the folder staff pick
    page.export_now()

    with db.read() as s:
        batch = s.execute(select(ExportBatch)).scalars().one()
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "export")).scalars().one()
    assert (batch.record_count, batch.actor, entry.actor) == (3, "t.leader", "t.leader")
    folder = out / batch.id
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["record_count"] == 3
    assert len((folder / "requests.jsonl").read_text().splitlines()) == 3
    assert page.model.rowCount() == 1
    model = page.model
    assert model.data(model.index(0, BatchesModel.COL_BATCH)) == batch.id
    assert model.data(model.index(0, BatchesModel.COL_RECORDS)) == "3"
    assert model.data(model.index(0, BatchesModel.COL_BY)) == "t.leader"
    message = f"Exported 3 records as batch {batch.id}, in the folder {folder}."
    assert page.last_result.text() == message
    assert close_messages(page) == [message]
    assert page.waiting.text().startswith("Nothing is waiting")


def test_nothing_new_to_export(leader_window, db, tmp_path):
    page = leader_window.export_page
    assert page.export_to(tmp_path / "out")
    assert page.last_result.text().startswith("Nothing new to export")
    with db.read() as s:
        assert s.execute(select(ExportBatch)).first() is None


def test_cancelling_the_folder_choice_exports_nothing(leader_window, db):
    save(db, TAKER, 1)
    page = leader_window.export_page
    page._choose = lambda *_a: None
    page.export_now()
    with db.read() as s:
        assert s.execute(select(ExportBatch)).first() is None


def test_write_a_past_batch_again(leader_window, db, tmp_path):
    save(db, TAKER, 2)
    page = leader_window.export_page
    page.export_to(tmp_path / "first")
    close_messages(page)
    page.table.selectRow(0)
    batch = page.selected_batch()
    assert batch is not None
    again = tmp_path / "again"
    page._choose = lambda *_a: again
    page.write_again()
    original = (tmp_path / "first" / batch.batch_id / "requests.csv").read_bytes()
    assert (again / batch.batch_id / "requests.csv").read_bytes() == original
    assert (
        page.last_result.text()
        == f"Wrote batch {batch.batch_id} again, in the folder {again / batch.batch_id}."
    )
    with db.read() as s:
        actions = s.execute(
            select(AuditEntry.action).where(AuditEntry.record_ref == batch.batch_id)
        )
        assert sorted(actions.scalars()) == ["export", "export_again"]


def test_an_unwritable_folder_is_a_plain_message(leader_window, db, tmp_path):
    save(db, TAKER, 1)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    page = leader_window.export_page
    assert not page.export_to(blocker / "out")
    [text] = close_messages(page)
    assert text.startswith("cannot write to the folder") and "Traceback" not in text


def test_batches_model(qtmodeltester):
    model = BatchesModel()
    model.set_rows(
        [
            BatchInfo("20260316T103000Z-0a0b0c0d", TAKEN, "t.leader", 12, "1"),
            BatchInfo("20260301T090000Z-01020304", TAKEN, "t.leader", 0, "1"),
        ]
    )
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_a_call_handler_signing_in_after_a_team_leader_sees_none_of_it(leader_window, db, qtbot):
    save(db, TAKER, 2)
    window = leader_window
    window.export_page.refresh()
    window.show_page(window.figures_page)
    qtbot.waitUntil(lambda: window.figures_page.figures is not None, timeout=20_000)
    add_account(db, "j.handler", "call_handler")
    lock = window.screen_lock
    lock.switch_user()
    lock.screen.form.username.setText("j.handler")
    lock.screen.form.password.setText("correct horse battery")
    with qtbot.waitSignal(lock.unlocked):
        lock.screen.form.submit()
    assert window.tabs.currentWidget() is window.capture
    assert window.export_page.model.rowCount() == 0 and window.export_page.waiting.text() == ""
    assert window.figures_page.figures is None and window.figures_page.counts.rowCount() == 0
    assert not window.tabs.isTabEnabled(window.tabs.indexOf(window.figures_page))


@pytest.fixture
def small_chunks(leader_window):
    """Chunks of one record and progress shown at once: a long export, from a few records."""
    leader_window.export_page.chunk = 1
    leader_window.export_page.progress_after_ms = 0


def test_a_long_export_shows_its_progress(leader_window, db, tmp_path, small_chunks):
    save(db, TAKER, 4)
    page = leader_window.export_page
    seen: list[tuple[str, int, int]] = []
    running = True

    def look() -> None:  # while the export runs: what the team leader sees
        if not running:
            return
        dialog = page.findChild(QProgressDialog)
        if dialog is not None and dialog.isVisible():
            seen.append((dialog.labelText(), dialog.value(), dialog.maximum()))
        QTimer.singleShot(0, look)

    QTimer.singleShot(0, look)
    assert page.export_to(tmp_path / "out")
    running = False

    assert seen, "no progress was shown"
    assert seen[-1] == ("Exporting 4 request versions: 4 written.", 4, 4)
    assert page.last_result.text().startswith("Exported 4 records")
    assert not any(d.isVisible() for d in page.findChildren(QProgressDialog))


def test_stop_during_an_export_leaves_nothing_exported(leader_window, db, tmp_path, small_chunks):
    save(db, TAKER, 4)
    page = leader_window.export_page
    out = tmp_path / "out"

    pressed = []
    running = True

    def press_stop() -> None:  # as soon as the progress shows, as a team leader might
        if not running:
            return
        dialog = page.findChild(QProgressDialog)
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(0, press_stop)
            return
        (stop,) = dialog.findChildren(QPushButton)
        stop.click()
        pressed.append(dialog.value())

    QTimer.singleShot(0, press_stop)
    assert not page.export_to(out)
    running = False
    assert pressed and pressed[0] < 4  # pressed mid-export

    assert close_messages(page) == [STOPPED]
    assert [p.name for p in out.iterdir()] == []
    with db.read() as s:
        assert s.execute(select(ExportBatch)).first() is None
    assert page.export_to(out)  # a later export sends them all
    assert page.last_result.text().startswith("Exported 4 records")
