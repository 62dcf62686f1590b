"""The Qt application: who is typing at which desk, the theme, the main window.

The configuration is built once here and passed down as a :class:`~ui.context.WindowContext`;
nothing in the window reads the environment or a global.

Start-up: the sign-in screen (:class:`~ui.signin_dialog.SignInDialog`; Escape quits) is shown
first, and the database is opened behind it (:mod:`ui.opening`): staff can type while it
opens, and signing in waits for it if they are quicker. While the database has no account
at all, the first administrator is created first
(:class:`~ui.first_admin_dialog.FirstAdminDialog`). Then the main window opens as the person
who signed in. A ``--demo`` start fills the demo database if it is empty and signs in the
demo team leader by itself.

``--exit-when-ready`` signs nobody in: it reports how long the sign-in screen took to be
ready for typing, then waits for the database to open and builds the main window (locked),
so it exits 0 only when all of that worked (smoke tests and the start-up benchmark).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from triage_app.cli.context import CliContext
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.settings import DeskSettings, default_settings, load_desk_settings
from ui.opening import Background
from ui.qt_libraries import qt_start_problem
from ui.signin_dialog import SignInDialog
from ui.startup import ms_since_process_start
from ui.theme import apply_theme

if TYPE_CHECKING:
    from triage_app.accounts.users import StaffRecord
    from ui.main_window import MainWindow


@dataclass(frozen=True)
class Opened:
    """What the worker thread found once the database was open."""

    needs_first_admin: bool


def open_for_window(ctx: CliContext) -> Opened:
    """Open (and if need be upgrade) the database and load the vocabularies and rules.

    Runs on the worker thread of :class:`~ui.opening.Background`; touches no widget.
    """
    from triage_app.accounts.users import needs_first_administrator  # noqa: PLC0415

    db = ctx.database()
    _ = ctx.vocab, ctx.rules
    with db.read() as session:
        first = needs_first_administrator(session)
    return Opened(needs_first_admin=first)


def acting_actor(
    ctx: CliContext, desk: DeskSettings, opening: Background[Opened] | None = None
) -> Actor | None:
    """Who is typing, at which desk: the ONE place the window learns it. None: they quit.

    The sign-in screen is shown at once and the database opened behind it (``opening``, made
    here when not given). If the database has no account yet, the first administrator is
    created before anyone signs in (the ``--user`` name, if given, is filled in). A
    ``--demo`` start is the demo team leader. The role is the account's; the desk and its hub
    are this PC's.
    """
    from triage_app.accounts.desk import sign_in_at_desk  # noqa: PLC0415

    opening = opening or Background(lambda: open_for_window(ctx), name="opening")
    if ctx.config.demo:
        opening.result()
        return demo_actor(ctx, desk)
    policy = ctx.config.accounts

    def sign(name: str, password: str, new_password: str | None = None) -> Actor:
        opening.result()  # quicker than the database: wait for it, still showing the screen
        return sign_in_at_desk(
            ctx.database(),
            name,
            password,
            desk=desk,
            now=ctx.now(),
            policy=policy,
            new_password=new_password,
        )

    dialog = SignInDialog(sign, username=getattr(ctx.args, "user", None) or "")
    ended: list[int] = []
    dialog.finished.connect(ended.append)
    dialog.setModal(True)  # modal from the start: exec() below keeps it so, without a flicker
    dialog.show()
    dialog.form.focus_first()
    opening.start_when_idle()  # once the screen is up and can be typed in
    try:
        if opening.result().needs_first_admin and not ended:
            dialog.hide()
            created = ask_first_admin(ctx)
            if created is None:
                return None
            dialog.set_note(f"The administrator {created} has been created: sign in with it.")
            dialog.form.reset(created)
        if not ended:
            dialog.exec()
        return dialog.actor if dialog.result() == SignInDialog.DialogCode.Accepted else None
    finally:
        dialog.close()  # also when the database could not be opened
        dialog.deleteLater()


def ask_first_admin(ctx: CliContext) -> str | None:
    """The first administrator's user name, once created; None if they quit instead."""
    from ui.first_admin_dialog import FirstAdminDialog, create_first_admin  # noqa: PLC0415

    db = ctx.database()
    hubs = ctx.vocab.hub.codes
    policy = ctx.config.accounts

    def create(name: str, shown: str, password: str) -> StaffRecord:
        return create_first_admin(
            db, name, shown, password, now=ctx.now(), policy=policy, known_hubs=hubs
        )

    created = FirstAdminDialog.ask(None, create)
    return created.username if created is not None else None


def demo_actor(ctx: CliContext, desk: DeskSettings) -> Actor:
    """A ``--demo`` start: the demo team leader, at this PC's desk."""
    from triage_app.accounts.demo import ensure_demo_team_leader  # noqa: PLC0415

    with ctx.database().write() as session:
        demo = ensure_demo_team_leader(session, ctx.now())
    return replace(demo, desk=desk.desk_name, hub=desk.hub or demo.hub)


def desk_settings(ctx: CliContext) -> tuple[DeskSettings, bool, str | None]:
    """This PC's desk (or the first-start default), whether it was set up, and any problem."""
    try:
        found = load_desk_settings(ctx.config.config_dir)
    except TriageError as e:
        return default_settings(), False, str(e)
    return (found, True, None) if found else (default_settings(), False, None)


def make_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Here to Help")
    app.setApplicationDisplayName("Here to Help")
    return app


def fill_demo_if_empty(ctx: CliContext) -> None:
    """A first ``--demo`` start fills the demo database, showing progress as it goes."""
    from triage_app.demo.fill import DEMO_START_REQUESTS, fill_demo, is_empty  # noqa: PLC0415

    db = ctx.database()
    if not is_empty(db):
        return
    dialog = QProgressDialog("Making synthetic demo requests…", "", 0, DEMO_START_REQUESTS)
    dialog.setWindowTitle("Here to Help — demo data")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(0)
    dialog.show()

    def progress(done: int) -> None:
        dialog.setValue(done)
        QApplication.processEvents()

    fill_demo(
        db,
        resources=ctx.resources,
        rules=ctx.rules,
        now=ctx.now(),
        count=DEMO_START_REQUESTS,
        progress=progress,
    )
    dialog.close()


def open_main_window(
    ctx: CliContext, desk: DeskSettings, configured: bool, actor: Actor
) -> MainWindow:
    """The main window over the open database, working as ``actor`` (locked if nobody)."""
    from ui.context import WindowContext  # noqa: PLC0415 - the window's modules load after sign-in
    from ui.lock import LockSettings  # noqa: PLC0415
    from ui.main_window import MainWindow  # noqa: PLC0415

    context = WindowContext(
        db=ctx.database(),
        vocab=ctx.vocab,
        rules=ctx.rules,
        actor=actor,
        desk=desk,
        desk_configured=configured,
        config_dir=ctx.config.config_dir,
        resources=ctx.resources,
        clock=ctx.config.clock,
        demo=ctx.config.demo,
        accounts=ctx.config.accounts,
    )
    lock = LockSettings.for_desk(desk, ctx.config.environ, ctx.config.accounts)
    return MainWindow(context, lock=lock)


def report_when_ready(
    app: QApplication,
    ctx: CliContext,
    desk: DeskSettings,
    configured: bool,
    opening: Background[Opened],
) -> int:
    """``--exit-when-ready``: print when the sign-in screen can be typed in, then check the rest.

    The figure is the time to the screen staff first type into. The database is then opened
    and the main window built and shown (locked, nobody signed in); the exit status is 0 only
    when all of that worked. Errors propagate as in a normal start.
    """
    dialog = SignInDialog(lambda _name, _password, _new=None: Actor(username=""))  # never sent
    dialog.show()
    dialog.form.focus_first()

    def ready() -> None:
        dialog.activateWindow()
        dialog.form.focus_first()
        print(f"ready in {ms_since_process_start()} ms", flush=True)

    QTimer.singleShot(0, ready)
    opening.start_when_idle()
    opening.result()
    dialog.close()
    from ui.lock import NOT_SIGNED_IN  # noqa: PLC0415 - after the figure is taken

    window = open_main_window(ctx, desk, configured, NOT_SIGNED_IN)
    window.ready.connect(app.quit)
    window.start()
    app.exec()
    window.close()
    return 0


def show_start_problem(error: TriageError) -> None:
    """A database that cannot be opened is said in a message box, not only on the console."""
    box = QMessageBox(
        QMessageBox.Icon.Critical, "Here to Help", f"{error}", QMessageBox.StandardButton.Ok
    )
    box.setAccessibleName("Here to Help cannot start")
    box.exec()


def run(ctx: CliContext) -> int:
    """Open the window over the configured database; returns the exit status."""
    problem = qt_start_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    app = make_application()
    desk, configured, problem = desk_settings(ctx)
    apply_theme(app, high_contrast=desk.high_contrast)
    opening = Background(lambda: open_for_window(ctx), name="opening")
    try:
        if ctx.args.exit_when_ready:
            return report_when_ready(app, ctx, desk, configured, opening)
        if ctx.config.demo:
            opening.result()
            fill_demo_if_empty(ctx)
        actor = acting_actor(ctx, desk, opening)
        if actor is None:
            return 0
        window = open_main_window(ctx, desk, configured, actor)
    except TriageError as e:
        if not ctx.args.exit_when_ready:
            show_start_problem(e)
        raise
    finally:
        opening.join()  # leaving early: never while the database is being opened or upgraded
    window.ready.connect(window.offer_drafts, Qt.ConnectionType.SingleShotConnection)
    if problem:
        window.ready.connect(
            lambda: QMessageBox.warning(window, "Settings", problem),
            Qt.ConnectionType.SingleShotConnection,
        )
    window.start()
    return app.exec()
