"""A request's life in the real record window over a real database file: closing it with an
outcome, a contact attempt, a note, settling an action, overrides up and down (a downward one
approved by a second person signing in, never below the safety floor)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from tests.services.requests_data import HARM, HOUSING, LEADER, save
from tests.ui.signin_helpers import PASSWORD, add_account, when_modal
from tests.ui.walker import letter as _letter
from triage_app.services.life_view import request_life
from triage_app.services.outcomes import close_request
from triage_app.store import audit
from ui.life_form import LifeForm
from ui.outcome_dialogs import (
    AttemptDialog,
    CloseDialog,
    DecideDialog,
    ReopenDialog,
    SettleDialog,
)
from ui.override_dialog import OverrideDialog
from ui.pages.version_history import RecordWindow, open_record_window
from ui.record_life import LifePanel


@pytest.fixture
def reference(db, rules, vocab, now):
    return save(db, rules, vocab, HOUSING, received=now - timedelta(days=1))


def open_life(window, qtbot, reference) -> tuple[RecordWindow, LifePanel]:
    record = open_record_window(window, lambda: window.ctx, reference)
    assert record is not None
    qtbot.waitUntil(record.isVisible)
    record.activateWindow()
    qtbot.waitUntil(record.isActiveWindow)
    return record, record.life


def life_of(db, window, reference):
    with db.write() as s:
        return request_life(s, reference, actor=window.ctx.actor, now=window.ctx.now())


def type_into(widget, text: str) -> None:
    widget.setFocus()
    QTest.keyClicks(widget, text)


def choose(box, code: str) -> None:
    box.setCurrentIndex(box.findData(code))


def save_with_keyboard(dialog: LifeForm) -> None:
    QTest.keyClick(dialog.save_button, Qt.Key.Key_Space)


@pytest.fixture(params=["late", "first"])
def activation(request, monkeypatch):
    """Whether the record window is active again before the change is shown, or only after.

    Which comes first depends on the desktop and the machine's load; the focus must land
    in the same place either way.
    """
    if request.param == "first":
        from ui.focus_return import FocusReturn

        give_back = FocusReturn._give_back

        def and_activate(self, dialog):
            give_back(self, dialog)
            for _ in range(5):
                QApplication.processEvents()

        monkeypatch.setattr(FocusReturn, "_give_back", and_activate)
    return request.param


def test_closing_needs_an_outcome_and_a_reason_then_closes_and_settles_its_actions(
    window, qtbot, db, reference, activation
):
    record, life = open_life(window, qtbot, reference)
    life.close_button.setFocus()
    seen: dict[str, str] = {}

    def empty(dialog: CloseDialog) -> None:
        save_with_keyboard(dialog)  # nothing chosen: refused, beside the field, still open
        seen["problem"] = dialog.errors["outcome"].text()
        seen["open"] = str(dialog.isVisible())
        choose(dialog.outcome, "advice_given")
        type_into(dialog.reason, "Money advice given on the phone; nothing more needed")
        save_with_keyboard(dialog)

    when_modal([(CloseDialog, empty)])
    with qtbot.waitSignal(record.shown_version):
        QTest.keyClick(life.close_button, Qt.Key.Key_Space)
    assert seen["problem"].startswith("⚠") and seen["open"] == "True"
    stored = life_of(db, window, reference)
    assert (stored.status, stored.outcome) == ("closed", "advice_given")
    assert all(a.state is not None for a in stored.actions)  # closing settles the rest
    assert "Closed" in life.state.text() and "Advice and information given" in life.state.text()
    assert not life.close_button.isEnabled() and life.reopen_button.isEnabled()
    assert "Money advice given" in life.history.text(life.history.row_at(0), 3)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is life.history_table)  # Close is off
    assert f"version {stored.version} of {stored.version}" in record.windowTitle()


def test_a_contact_attempt_is_logged_quickly_and_moves_the_request_on(window, qtbot, db, reference):
    record, life = open_life(window, qtbot, reference)

    def attempt(dialog: AttemptDialog) -> None:
        assert dialog.method.hasFocus()
        QTest.keyClick(dialog.method, Qt.Key.Key_Down)  # telephone → text message
        QTest.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
        QTest.keyClick(dialog.reached_no, Qt.Key.Key_Space)
        type_into(dialog.note, "no reply")
        QTest.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        save_with_keyboard(dialog)

    when_modal([(AttemptDialog, attempt)])
    with qtbot.waitSignal(record.shown_version):
        life.attempt_button.click()
    stored = life_of(db, window, reference)
    [made] = stored.attempts
    assert (made.method, made.reached, made.note, made.by) == (
        "text_message",
        False,
        "no reply",
        "test.handler",
    )
    assert stored.status == "in_progress"
    assert life.history.text(life.history.row_at(0), 2) == "Attempt: Text message, not reached"


def test_a_note_is_added_stamped_and_kept_read_only(window, qtbot, db, reference):
    record, life = open_life(window, qtbot, reference)
    QTest.keyClick(record, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert life.note.hasFocus()
    QTest.keyClicks(life.note, "Mum asked for a call after 3pm")
    QTest.keyClick(record, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: life.history.rowCount() == 1)
    [note] = life_of(db, window, reference).notes
    assert (note.author, note.text) == ("test.handler", "Mum asked for a call after 3pm")
    assert life.note.toPlainText() == "" and life.note.hasFocus()
    row = life.history.row_at(0)
    assert (row.by, row.what, row.words) == ("test.handler", "Note", note.text)
    assert not life.history.flags(life.history.index(0, 3)) & Qt.ItemFlag.ItemIsEditable
    with db.read() as s:
        assert "note_added" in [e.action for e in audit.entries(s, record_ref=reference)]


def test_an_action_is_settled_with_a_note(window, qtbot, db, reference):
    _record, life = open_life(window, qtbot, reference)
    life.actions_table.setFocus()
    life.actions_table.selectRow(0)
    first = life.action_rows.row_at(0).action

    def settle(dialog: SettleDialog) -> None:
        choose(dialog.state, "could_not_be_done")
        type_into(dialog.note, "the family moved away")
        save_with_keyboard(dialog)

    when_modal([(SettleDialog, settle)])
    life.settle_button.click()
    qtbot.waitUntil(lambda: life.action_rows.row_at(0).state is not None)
    [settled] = [a for a in life_of(db, window, reference).actions if a.action == first]
    assert (settled.state, settled.note, settled.settled_by) == (
        "could_not_be_done",
        "the family moved away",
        "test.handler",
    )
    assert life.action_rows.text(life.action_rows.row_at(0), 1) == "Could not be done"


def test_an_upward_override_needs_only_a_reason(window, qtbot, db, reference):
    record, life = open_life(window, qtbot, reference)

    def upward(dialog: OverrideDialog) -> None:
        choose(dialog.pathway, "social_care")
        assert "Upward" in dialog.way.text() and not dialog.approver.isVisible()
        type_into(dialog.reason, "Mum now says the children were hit")
        save_with_keyboard(dialog)

    when_modal([(OverrideDialog, upward)])
    with qtbot.waitSignal(record.shown_version):
        life.override_button.click()
    stored = life_of(db, window, reference)
    assert (stored.recommended_pathway, stored.final_pathway) == ("signpost", "social_care")
    assert "recommended: Signpost" in life.state.text()


def test_a_downward_override_needs_a_second_person_a_team_leader(window, qtbot, db, reference):
    add_account(db, "t.leader", "team_leader")
    add_account(db, "c.handler", "call_handler")
    record, life = open_life(window, qtbot, reference)
    seen: list[str] = []

    def downward(dialog: OverrideDialog) -> None:
        choose(dialog.pathway, "advice")
        assert "Downward" in dialog.way.text() and dialog.approver.isVisible()
        type_into(dialog.reason, "Housing advice is the help they want")
        type_into(dialog.approver, "c.handler")  # signs in, but may not approve
        type_into(dialog.password, PASSWORD)
        save_with_keyboard(dialog)
        seen.append(dialog.problem.text())
        assert dialog.password.text() == ""  # never kept after a refusal
        dialog.approver.clear()
        type_into(dialog.approver, "t.leader")
        type_into(dialog.password, "not the password")
        save_with_keyboard(dialog)
        seen.append(dialog.errors["password"].text())
        type_into(dialog.password, PASSWORD)
        save_with_keyboard(dialog)

    when_modal([(OverrideDialog, downward)])
    with qtbot.waitSignal(record.shown_version):
        life.override_button.click()
    assert "team leader" in seen[0]
    assert seen[1].startswith("⚠")
    stored = life_of(db, window, reference)
    [override] = stored.overrides
    assert (override.direction, override.state, override.decided_by) == (
        "down",
        "approved",
        "t.leader",
    )
    assert stored.final_pathway == "advice"
    newest = [life.history.row_at(i) for i in range(2)]
    assert [(r.by, r.what) for r in newest] == [
        ("t.leader", "Override approved (asked by test.handler)"),
        (
            "test.handler",
            "Pathway downward: Signpost to a partner → Advice and information (approved)",
        ),
    ]


def test_no_override_goes_below_the_safety_floor(window, qtbot, db, rules, vocab, now):
    harm = save(db, rules, vocab, HARM, received=now - timedelta(hours=2))
    add_account(db, "t.leader", "team_leader")
    _record, life = open_life(window, qtbot, harm)
    seen: list[str] = []

    def below(dialog: OverrideDialog) -> None:
        choose(dialog.pathway, "early_help")
        assert "Downward" in dialog.way.text()
        type_into(dialog.reason, "the family would rather")
        type_into(dialog.approver, "t.leader")
        type_into(dialog.password, PASSWORD)
        save_with_keyboard(dialog)
        seen.append(dialog.errors["pathway"].text())
        dialog.reject()

    when_modal([(OverrideDialog, below)])
    life.override_button.click()
    assert seen[0].startswith("⚠") and seen[0] != "⚠ "
    stored = life_of(db, window, harm)
    assert stored.overrides == () and stored.final_pathway == "social_care"


def test_every_alt_letter_of_the_record_window_leads_to_one_place(window, qtbot, reference):
    record, _life = open_life(window, qtbot, reference)

    owners: dict[str, list[str]] = {}
    for w in (*record.findChildren(QLabel), *record.findChildren(QAbstractButton)):
        if w.isVisible() and (letter := _letter(w.text())):
            owners.setdefault(letter, []).append(w.text())
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    assert {"o", "r", "l", "h", "t", "e", "n", "d", "y"} <= set(owners)


def test_a_closed_request_is_reopened_with_a_reason_and_its_closing_kept(
    window, qtbot, db, vocab, now, reference
):
    with db.write() as s:
        close_request(
            s, reference, outcome="family_declined", reason="Mum said no thanks",
            actor=window.ctx.actor, now=now, vocab=vocab,
        )  # fmt: skip
    record, life = open_life(window, qtbot, reference)
    assert not life.close_button.isEnabled() and "is closed" in life.close_button.toolTip()

    def reopen(dialog: ReopenDialog) -> None:
        type_into(dialog.reason, "Mum called back: she would like the help now")
        save_with_keyboard(dialog)

    when_modal([(ReopenDialog, reopen)])
    with qtbot.waitSignal(record.shown_version):
        QTest.keyClick(record, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    stored = life_of(db, window, reference)
    assert stored.status == "open"
    assert [(c.from_status, c.to_status) for c in stored.status_changes][-2:] == [
        ("open", "closed"),
        ("closed", "open"),
    ]
    assert [life.history.row_at(i).what for i in range(2)] == ["Closed → Open", "Open → Closed"]


def test_every_control_of_the_panel_has_a_name(window, qtbot, reference):
    _record, life = open_life(window, qtbot, reference)
    for widget in life.findChildren(QWidget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisible():
            if widget.isWindow() or widget.parent() is None:
                continue
            named = widget.accessibleName() or (
                isinstance(widget, QAbstractButton) and widget.text()
            )
            assert named, widget


def test_a_downward_override_left_waiting_is_decided_by_a_team_leader_later(
    window, qtbot, db, reference
):
    record, life = open_life(window, qtbot, reference)

    def ask(dialog: OverrideDialog) -> None:
        choose(dialog.pathway, "advice")
        type_into(dialog.reason, "Advice was all they wanted")
        save_with_keyboard(dialog)

    when_modal([(OverrideDialog, ask)])
    with qtbot.waitSignal(record.shown_version):
        life.override_button.click()
    assert "waiting for a team leader" in life.state.text()
    assert not life.decide_button.isVisible() or not life.decide_button.isEnabled()
    record.close()
    window.set_actor(LEADER)
    record, life = open_life(window, qtbot, reference)
    assert life.decide_button.isVisible() and life.decide_button.isEnabled()

    def decide(dialog: DecideDialog) -> None:
        assert "Advice was all they wanted" in dialog.intro.text()
        type_into(dialog.note, "Agreed")
        save_with_keyboard(dialog)

    when_modal([(DecideDialog, decide)])
    with qtbot.waitSignal(record.shown_version):
        QTest.keyClick(record, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    [override] = life_of(db, window, reference).overrides
    assert (override.state, override.decided_by, override.decision_note) == (
        "approved",
        LEADER.username,
        "Agreed",
    )
    assert not life.decide_button.isVisible()
