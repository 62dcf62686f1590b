"""The Qt application: who is typing at which desk, the theme, the main window.

The configuration is built once here and passed down as a :class:`~ui.context.WindowContext`;
nothing in the window reads the environment or a global.

Start-up: open the database; while it has no account at all, create the first administrator
(:class:`~ui.first_admin_dialog.FirstAdminDialog`); then sign in
(:class:`~ui.signin_dialog.SignInDialog`; Escape quits); then the main window as the person
who signed in. A ``--demo`` start signs in the demo team leader by itself.
``--exit-when-ready`` signs nobody in: it opens the window locked, with the sign-in screen
ready for typing, reports how long that took, and quits (smoke tests and the start-up
benchmark).
"""

from __future__ import annotations

import sys
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from triage_app.accounts.demo import ensure_demo_team_leader
from triage_app.accounts.users import StaffRecord
from triage_app.cli.context import CliContext
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.settings import DeskSettings, default_settings, load_desk_settings
from ui.context import WindowContext
from ui.first_admin_dialog import FirstAdminDialog, create_first_admin, needs_first_admin
from ui.lock import NOT_SIGNED_IN, LockSettings
from ui.main_window import MainWindow
from ui.signin_dialog import SignInDialog, sign_in_at_desk
from ui.startup import ms_since_process_start
from ui.theme import apply_theme


def acting_actor(ctx: CliContext, desk: DeskSettings) -> Actor | None:
    """Who is typing, at which desk: the ONE place the window learns it. None: they quit.

    The first administrator is created if there is no account yet; then staff sign in (the
    ``--user`` name, if given, is filled in). A ``--demo`` start is the demo team leader.
    The role is the account's; the desk and its hub are this PC's.
    """
    db = ctx.database()
    if ctx.config.demo:
        with db.write() as session:
            demo = ensure_demo_team_leader(session, ctx.now())
        return replace(demo, desk=desk.desk_name, hub=desk.hub or demo.hub)
    policy = ctx.config.accounts
    username = getattr(ctx.args, "user", None) or ""
    note = ""
    if needs_first_admin(db):
        hubs = ctx.vocab.hub.codes

        def create(name: str, shown: str, password: str) -> StaffRecord:
            return create_first_admin(
                db, name, shown, password, now=ctx.now(), policy=policy, known_hubs=hubs
            )

        created = FirstAdminDialog.ask(None, create)
        if created is None:
            return None
        username = created.username
        note = f"The administrator {created.username} has been created: sign in with it."

    def sign(name: str, password: str) -> Actor:
        return sign_in_at_desk(db, name, password, desk=desk, now=ctx.now(), policy=policy)

    return SignInDialog.ask(None, sign, username=username, note=note)


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


def window_context(
    ctx: CliContext, desk: DeskSettings, configured: bool, actor: Actor
) -> WindowContext:
    return WindowContext(
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
    )


def run(ctx: CliContext) -> int:
    """Open the window over the configured database; returns the exit status."""
    app = make_application()
    desk, configured, problem = desk_settings(ctx)
    apply_theme(app, high_contrast=desk.high_contrast)
    if ctx.args.exit_when_ready:
        actor = NOT_SIGNED_IN  # opens locked: the sign-in screen is what is ready
    else:
        if ctx.config.demo:
            fill_demo_if_empty(ctx)
        signed_in = acting_actor(ctx, desk)
        if signed_in is None:
            return 0
        actor = signed_in
    lock = LockSettings.for_desk(desk, ctx.config.environ, ctx.config.accounts)
    window = MainWindow(window_context(ctx, desk, configured, actor), lock=lock)
    if ctx.args.exit_when_ready:

        def report() -> None:
            print(f"ready in {ms_since_process_start()} ms", flush=True)
            app.quit()

        window.ready.connect(report)
    else:
        window.ready.connect(window.offer_drafts, Qt.ConnectionType.SingleShotConnection)
        if problem:
            window.ready.connect(
                lambda: QMessageBox.warning(window, "Settings", problem),
                Qt.ConnectionType.SingleShotConnection,
            )
    window.start()
    return app.exec()
