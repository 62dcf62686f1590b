"""Where and as whom the window works: the status bar's desk, staff and database.

With them, the prompt above the pages while this PC's desk is not set up. Apart from the
window's composition because it changes on its own occasions: a desk set up
(``ui.desk_setup``) and someone else signing in (``ui.window_signin``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar

from triage_app.accounts.roles import role_label
from triage_app.domain.actor import Actor
from ui.context import WindowContext
from ui.lock import signed_in_actor
from ui.permissions import why_not


def desk_prompt_text(actor: Actor) -> str:
    """The first-start prompt, true for whoever reads it: only an administrator sets desks up."""
    first = "This PC has not been set up yet, so it works as the freephone line. "
    if why_not(actor, "manage_desks") is None:
        return first + (
            "If it is a hub's reception, set it up in File ▸ Settings for this desk (Ctrl+,) "
            "or on the Administration page."
        )
    return first + "If it is a hub's reception, ask an administrator to set it up."


class DeskStatus:
    def __init__(self, bar: QStatusBar, ctx: WindowContext) -> None:
        self.desk = QLabel()
        self.staff = QLabel()
        self.database = QLabel(f"Database: {ctx.db.describe()}")
        for label in (self.desk, self.staff, self.database):
            bar.addPermanentWidget(label)
        #: Shown above the pages by the window until the desk is set up.
        self.prompt = QLabel()
        self.prompt.setObjectName("deskPrompt")
        self.prompt.setWordWrap(True)
        self.prompt.setVisible(not ctx.desk_configured)

    def show(self, ctx: WindowContext) -> None:
        """The desk and who is signed in, and the prompt as true for them."""
        desk = ctx.desk
        where = (
            f"Reception, {ctx.vocab.hub.label(desk.hub or '')}"
            if desk.kind == "reception" and desk.hub and desk.hub in ctx.vocab.hub
            else "Freephone line"
        )
        self.desk.setText(f"Desk: {where} ({desk.desk_name})")
        actor = signed_in_actor(ctx.actor)
        self.staff.setText(
            f"Signed in: {actor.username} ({role_label(actor.role)})" if actor else "Not signed in"
        )
        self.prompt.setText(desk_prompt_text(ctx.actor))
