"""Signing in to the window: the first administrator, refusals in plain words, the demo start,
and a window that opens locked for ``--exit-when-ready``."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tests.conftest import FIXED_NOW
from tests.ui.conftest import FREEPHONE_DESK, RECEPTION_DESK
from tests.ui.signin_helpers import (
    CHEAP,
    NEVER_MS,
    PASSWORD,
    add_account,
    lockable_window,
    signed_in,
    when_modal,
)
from triage_app.accounts.desk import sign_in_at_desk
from triage_app.accounts.users import disable_user
from triage_app.cli.context import CliContext
from triage_app.config import AppConfig
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.store.access_models import Staff
from triage_app.store.audit_models import AuditEntry
from ui.app import Opened, acting_actor, open_for_window
from ui.first_admin_dialog import FirstAdminDialog
from ui.lock import NOT_SIGNED_IN
from ui.opening import Background
from ui.signin_dialog import SignInDialog

ADMIN_PASS = "a long admin pass phrase"


@pytest.fixture
def cli_context(sqlite_path: Path, tmp_path: Path, resources: Path):
    def make(*, demo: bool = False, user: str | None = None) -> CliContext:
        config = AppConfig(
            database=str(sqlite_path),
            data_dir=tmp_path / "data",
            config_dir=tmp_path / "config",
            resources=resources,
            demo=demo,
            clock=lambda: FIXED_NOW,
            accounts=CHEAP,
        )
        return CliContext(config, argparse.Namespace(user=user, exit_when_ready=False))

    made: list[CliContext] = []
    yield lambda **kw: made.append(make(**kw)) or made[-1]
    for ctx in made:
        ctx.close()


def audit(db, action: str) -> list[AuditEntry]:
    with db.read() as s:
        query = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list(s.execute(query).scalars())


def dialog_signer(db, desk=FREEPHONE_DESK):
    return lambda name, password: sign_in_at_desk(
        db, name, password, desk=desk, now=FIXED_NOW, policy=CHEAP
    )


def test_first_start_creates_an_administrator_then_signs_in(db, cli_context, qtbot):
    ctx = cli_context()

    def mistype(dialog: FirstAdminDialog) -> None:
        dialog.fill("a.admin", "A Admin", ADMIN_PASS, "not the same")
        assert not dialog.try_create()
        assert "differ" in dialog.errors["password_again"].message
        dialog.fill("a.admin", "A Admin", "short", "short")
        assert not dialog.try_create()  # the accounts service's rule, shown beside its field
        assert "at least 10 characters" in dialog.errors["password"].message
        dialog.fill("a.admin", "A Admin", ADMIN_PASS, ADMIN_PASS)
        QTest.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    def sign(dialog: SignInDialog) -> None:
        assert dialog.form.username.text() == "a.admin"  # filled in for them
        assert QApplication.focusWidget() is dialog.form.password
        QTest.keyClicks(dialog.form.password, ADMIN_PASS)
        QTest.keyClick(dialog.form.password, Qt.Key.Key_Return)

    when_modal([(FirstAdminDialog, mistype), (SignInDialog, sign)])
    actor = acting_actor(ctx, FREEPHONE_DESK)

    assert actor == Actor("a.admin", "administrator", FREEPHONE_DESK.desk_name, None)
    with db.read() as s:
        staff = s.execute(select(Staff)).scalars().one()
        assert (staff.username, staff.display_name, staff.role) == (
            "a.admin",
            "A Admin",
            "administrator",
        )
    [added] = audit(db, "user_added")
    assert added.reason == "first administrator"
    [entry] = audit(db, "sign_in")
    assert (entry.actor, entry.desk) == ("a.admin", FREEPHONE_DESK.desk_name)


def test_quitting_the_first_start_creates_nothing(db, cli_context, qtbot):
    when_modal([(FirstAdminDialog, lambda d: QTest.keyClick(d, Qt.Key.Key_Escape))])
    assert acting_actor(cli_context(), FREEPHONE_DESK) is None
    with db.read() as s:
        assert s.execute(select(Staff)).first() is None


def test_escape_at_sign_in_quits(db, cli_context, qtbot):
    add_account(db, "j.handler", "call_handler")
    when_modal([(SignInDialog, lambda d: QTest.keyClick(d, Qt.Key.Key_Escape))])
    assert acting_actor(cli_context(), FREEPHONE_DESK) is None
    assert audit(db, "sign_in") == []


def test_user_option_fills_in_the_name(db, cli_context, qtbot):
    add_account(db, "r.desk", "receptionist", hub="mosaic")

    def sign(dialog: SignInDialog) -> None:
        assert dialog.form.username.text() == "r.desk"
        dialog.form.password.setText(PASSWORD)
        dialog.form.submit()

    when_modal([(SignInDialog, sign)])
    actor = acting_actor(cli_context(user="r.desk"), RECEPTION_DESK)
    assert actor == Actor("r.desk", "receptionist", "mosaic-reception", "mosaic")


def test_wrong_password_is_refused_in_plain_words_and_audited(db, qtbot):
    add_account(db, "j.handler", "call_handler")
    dialog = SignInDialog(dialog_signer(db))
    qtbot.addWidget(dialog)
    dialog.form.username.setText("j.handler")
    dialog.form.password.setText("not the password")
    assert not dialog.try_sign_in("j.handler", "not the password")
    assert dialog.form.error.message == "Wrong user name or password."
    assert dialog.form.password.text() == ""  # cleared, ready to type again
    assert dialog.actor is None and dialog.result() != dialog.DialogCode.Accepted
    [failed] = audit(db, "sign_in_failed")
    assert (failed.actor, failed.reason) == ("j.handler", "wrong password")
    assert "not the password" not in (failed.reason or "")


def test_empty_fields_are_pointed_out_not_sent(db, qtbot):
    dialog = SignInDialog(dialog_signer(db))
    qtbot.addWidget(dialog)
    dialog.form.submit()
    assert dialog.form.error.message == "Type your user name."
    dialog.form.username.setText("j.handler")
    dialog.form.submit()
    assert dialog.form.error.message == "Type your password."
    assert audit(db, "sign_in_failed") == []


def test_lockout_says_until_when(db, qtbot):
    add_account(db, "j.handler", "call_handler")
    dialog = SignInDialog(dialog_signer(db))
    qtbot.addWidget(dialog)
    for _ in range(CHEAP.max_failures):
        dialog.try_sign_in("j.handler", "wrong password!")
    until = (FIXED_NOW + CHEAP.lockout).astimezone().strftime("%H:%M")
    assert f"locked until {until}" in dialog.form.error.message
    assert not dialog.try_sign_in("j.handler", PASSWORD)  # the right one, but locked
    assert f"locked until {until}" in dialog.form.error.message
    assert audit(db, "sign_in_failed")[-1].reason == "account locked"


def test_disabled_account_is_refused(db, qtbot):
    add_account(db, "j.handler", "call_handler")
    admin = Actor("a.admin", "administrator", "office")
    with db.write() as s:
        disable_user(s, admin, "j.handler", now=FIXED_NOW)
    dialog = SignInDialog(dialog_signer(db))
    qtbot.addWidget(dialog)
    assert not dialog.try_sign_in("j.handler", PASSWORD)
    assert "disabled" in dialog.form.error.message


def test_demo_start_signs_in_the_demo_team_leader(db, cli_context, qtbot):
    actor = acting_actor(cli_context(demo=True), FREEPHONE_DESK)
    assert actor is not None
    assert (actor.username, actor.role, actor.desk) == (
        "demo.leader",
        "team_leader",
        FREEPHONE_DESK.desk_name,
    )
    [entry] = audit(db, "sign_in")
    assert entry.reason == "demo start"
    assert QApplication.activeModalWidget() is None  # no dialog asked anything


def test_status_bar_names_who_is_signed_in(db, qtbot, make_context):
    add_account(db, "t.leader", "team_leader")
    actor = signed_in(db, "t.leader", FREEPHONE_DESK)
    window = lockable_window(qtbot, make_context, actor, FREEPHONE_DESK, NEVER_MS)
    assert window.desk_status.staff.text() == "Signed in: t.leader (team leader)"


def test_exit_when_ready_window_opens_locked_ready_to_type(db, qtbot, make_context):
    """Nobody signed in: the sign-in screen is up, its first field has the focus."""
    window = lockable_window(qtbot, make_context, NOT_SIGNED_IN, FREEPHONE_DESK, NEVER_MS)
    lock = window.screen_lock
    assert lock is not None and lock.is_locked
    assert QApplication.focusWidget() is lock.screen.form.username
    assert not window.capture.isVisible()
    add_account(db, "j.handler", "call_handler")
    QTest.keyClicks(lock.screen.form.username, "j.handler")
    QTest.keyClick(lock.screen.form.username, Qt.Key.Key_Return)
    QTest.keyClicks(lock.screen.form.password, PASSWORD)
    with qtbot.waitSignal(lock.unlocked):
        QTest.keyClick(lock.screen.form.password, Qt.Key.Key_Return)
    assert window.ctx.actor.username == "j.handler"
    qtbot.waitUntil(window.capture.isVisible)


def test_staff_type_and_sign_in_while_the_database_is_still_opening(db, cli_context, qtbot):
    """The sign-in screen comes first; a quick typist's sign-in waits for the database."""
    add_account(db, "j.handler", "call_handler")
    ctx = cli_context()
    gate = threading.Event()

    def slow_open() -> Opened:
        assert gate.wait(30)
        return open_for_window(ctx)

    opening = Background(slow_open)

    def sign(dialog: SignInDialog) -> None:
        assert not opening.is_done()  # still opening, and the screen takes typing
        assert QApplication.focusWidget() is dialog.form.username
        QTest.keyClicks(dialog.form.username, "j.handler")
        QTest.keyClick(dialog.form.username, Qt.Key.Key_Return)
        QTest.keyClicks(dialog.form.password, PASSWORD)
        QTimer.singleShot(200, gate.set)  # the database opens while sign-in waits for it
        QTest.keyClick(dialog.form.password, Qt.Key.Key_Return)

    when_modal([(SignInDialog, sign)])
    actor = acting_actor(ctx, FREEPHONE_DESK, opening)

    assert actor == Actor("j.handler", "call_handler", FREEPHONE_DESK.desk_name, None)
    [entry] = audit(db, "sign_in")
    assert entry.actor == "j.handler"


def test_a_database_that_cannot_open_ends_the_start_with_its_reason(cli_context, qtbot):
    def fail() -> Opened:
        raise TriageError("the database file is damaged")

    with pytest.raises(TriageError, match="damaged"):
        acting_actor(cli_context(), FREEPHONE_DESK, Background(fail))
    assert QApplication.activeModalWidget() is None  # no sign-in screen left behind
