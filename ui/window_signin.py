"""Someone signing in at the window after a lock: the window works as them from then on.

Apart from the window's composition because it touches every part of it: the status bar,
what the role may use, the page they land on, their own look, the form and the drafts.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from triage_app.domain.actor import Actor
from ui.lock import signed_in_actor

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def switch_actor(window: MainWindow, actor: Actor) -> None:
    """Work as ``actor`` from now on; someone else starts on a clean form.

    The previous person's unsaved form was written as their draft when the window
    locked (:meth:`MainWindow.keep_draft`); it stays open at this desk and is offered next
    start.
    """
    was = signed_in_actor(window.ctx.actor)
    window.ctx = replace(window.ctx, actor=actor)
    window.show_desk()
    same = was is not None and was.username == actor.username
    if not same:
        window.capture.reset()
    window.apply_permissions()
    if same:
        return
    window.land()
    window.look.load()
    window.capture.focus_first_field()
    if was is None:
        window.offer_drafts()
    else:
        window.statusBar().showMessage(
            f"Signed in as {actor.username}. Anything {was.username} had not saved is "
            "kept as their draft at this desk.",
            15000,
        )
    window.user_changed.emit()
