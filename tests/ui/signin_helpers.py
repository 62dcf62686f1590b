"""Staff accounts and a signed-in, lockable main window for the sign-in, lock and team pages.

Accounts are made with the accounts service at a cheaper scrypt cost; every name and
password is made up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from tests.conftest import FIXED_NOW, as_their_owners_left_them
from triage_app.accounts.desk import sign_in_at_desk
from triage_app.accounts.policy import AccountPolicy
from triage_app.accounts.users import add_user
from triage_app.domain.actor import Actor
from triage_app.settings import DeskSettings
from triage_app.store.database import Database
from ui.lock import LockSettings
from ui.main_window import MainWindow

#: scrypt at 2**10: the same code path as the service's 2**15, a thirty-second of the work.
CHEAP = AccountPolicy(scrypt_n=2**10, max_failures=3)
PASSWORD = "correct horse battery"
ADMIN_PASSWORD = "admin pass phrase 1"
#: Long enough that no test meets the idle lock unless it asks for it.
NEVER_MS = 3_600_000
HUBS = ("pathways", "mosaic", "aspire", "woodside", "the_moat", "park_edge", "harmony")


def add_account(
    db: Database,
    username: str,
    role: str,
    *,
    password: str = PASSWORD,
    hub: str | None = None,
    now: datetime = FIXED_NOW,
) -> None:
    """An account, added by an administrator (created first if there is none)."""
    with db.write() as s:
        from triage_app.accounts.users import needs_first_administrator

        if needs_first_administrator(s):
            add_user(
                s,
                None,
                username="a.admin",
                role="administrator",
                password=ADMIN_PASSWORD,
                now=now,
                policy=CHEAP,
                known_hubs=HUBS,
            )
    if username == "a.admin":
        return
    admin = Actor(username="a.admin", role="administrator", desk="office")
    with db.write() as s:
        as_their_owners_left_them(s, now)
        add_user(
            s,
            admin,
            username=username,
            role=role,
            password=password,
            now=now,
            policy=CHEAP,
            known_hubs=HUBS,
            hub=hub,
        )
        as_their_owners_left_them(s, now)


def signed_in(db: Database, username: str, desk: DeskSettings, password: str = PASSWORD) -> Actor:
    """Sign in as the window would at ``desk`` (audited like any sign-in)."""
    return sign_in_at_desk(db, username, password, desk=desk, now=FIXED_NOW, policy=CHEAP)


def lockable_window(
    qtbot, make_context: Callable[..., object], actor: Actor, desk: DeskSettings, idle_ms: int
) -> MainWindow:
    """The real main window, signed in as ``actor``, that locks after ``idle_ms`` idle."""
    ctx = replace(make_context(desk), actor=actor, accounts=CHEAP)  # type: ignore[type-var]
    window = MainWindow(ctx, sheet_output=lambda *_a: None, lock=LockSettings(CHEAP, idle_ms))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready):
        window.start()
    return window


def team_leader_on(
    db: Database, qtbot, make_context: Callable[..., object], desk: DeskSettings
) -> MainWindow:
    """The real window with a team leader ("t.leader") signed in at ``desk``, never locking."""
    add_account(db, "t.leader", "team_leader")
    actor = signed_in(db, "t.leader", desk)
    return lockable_window(qtbot, make_context, actor, desk, NEVER_MS)


def when_modal(steps: list[tuple[type, Callable[[QWidget], None]]]) -> None:
    """Run each step on its dialog once that dialog is the active modal window (its exec())."""

    asked = [0]

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        mine = steps and isinstance(widget, steps[0][0])
        if mine and not widget.isActiveWindow() and asked[0] < 20:
            asked[0] += 1
            widget.activateWindow()  # the desktop does this for a new dialog; offscreen may not
        elif steps and isinstance(widget, steps[0][0]):
            _kind, step = steps.pop(0)
            asked[0] = 0
            try:
                step(widget)
            except BaseException:
                steps.clear()
                # never leave a test hanging in exec(); pytest-qt reports the exception
                if isinstance(widget, QDialog):
                    widget.done(QDialog.DialogCode.Rejected)
                else:
                    widget.close()
                raise
        if steps:
            QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
