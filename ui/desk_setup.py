"""This desk's settings from the window: asked in a dialog, saved (audited), worked with at once.

What kind of desk this is (the freephone line, or a hub's reception) decides how a request
is taken and which hub it goes to, so a change takes effect without restarting: the window
works as the newly set-up desk from the next request on, and an untouched form starts again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from triage_app.accounts.desk import record_settings_change
from triage_app.settings import DeskSettings, describe, save_desk_settings
from ui.ops import run_op
from ui.settings_dialog import SettingsDialog

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def edit_settings(window: MainWindow) -> None:
    """Ask for this desk's settings; apply them if staff press OK."""
    ctx = window.ctx
    chosen = SettingsDialog.ask(
        window,
        ctx.desk,
        ctx.vocab,
        sources=ctx.desk_sources,
        database=(ctx.db.describe(), ctx.database_source),
    )
    if chosen is not None:
        window.apply_settings(chosen)


def apply_settings(window: MainWindow, desk: DeskSettings) -> None:
    """Save this desk's settings (audited) and work as the newly set-up desk from now on."""
    old = window.ctx.desk if window.ctx.desk_configured else None
    ctx = window.ctx.with_desk(desk)

    def op() -> None:
        save_desk_settings(ctx.config_dir, desk)
        with ctx.db.write() as session:
            record_settings_change(session, ctx.actor, old, desk, now=ctx.now())

    def done(_r: None) -> None:
        window.ctx = ctx
        window.desk_status.prompt.hide()
        window.look.apply()
        window.admin_page.refresh()
        capture = window.capture
        if not capture.has_unsaved() and capture.last_saved is None:
            capture.reset()
        window.show_desk()
        window.say(f"This desk is now: {describe(desk)}")

    run_op(window, op, done, title="Settings")
