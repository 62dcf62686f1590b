"""What was being typed at this desk when the program last closed, offered back at start.

A dropped call, a crash or a power cut loses nothing: the form is kept as a draft as it is
typed (``ui.draft_autosave``). When someone signs in at the desk, its open drafts are listed
(``ui.draft_dialog``): one is restored onto the form, discarded with a reason (audited), or
kept to be offered again next start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from triage_app.domain.counts import counted
from triage_app.services import drafts
from ui.capture.reading import upgrade_payload
from ui.draft_dialog import DISCARD, RESTORE, DraftsDialog
from ui.ops import run_op

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def offer_drafts(window: MainWindow) -> None:
    """List the desk's open drafts and do what staff choose with one (see the module)."""
    ctx = window.ctx

    def op() -> list[drafts.DraftSummary]:
        with ctx.db.read() as session:
            return drafts.open_drafts(session, ctx.actor.desk)

    run_op(window, op, lambda found: _offer(window, found))


def _offer(window: MainWindow, found: list[drafts.DraftSummary]) -> None:
    if not found:
        return
    choice = DraftsDialog.ask(window, found, window.ctx.vocab)
    if choice is None:
        window.statusBar().showMessage(
            f"{counted(len(found), 'unsaved request')} kept; they will be offered again "
            "next start.",
            15000,
        )
        return
    ctx = window.ctx
    if choice.action == RESTORE:

        def load() -> drafts.DraftSummary:
            with ctx.db.write() as session:
                return drafts.load_draft(session, choice.draft_id, actor=ctx.actor, now=ctx.now())

        run_op(window, load, lambda draft: _restore(window, draft))
    elif choice.action == DISCARD:

        def discard() -> None:
            with ctx.db.write() as session:
                drafts.discard_draft(
                    session,
                    choice.draft_id,
                    actor=ctx.actor,
                    now=ctx.now(),
                    reason=choice.reason,
                )

        run_op(window, discard, lambda _r: window.offer_drafts())


def _restore(window: MainWindow, draft: drafts.DraftSummary) -> None:
    capture = window.capture
    if capture.has_unsaved():
        capture.autosave.flush()  # what is on screen stays a draft of its own
    window.show_page(capture)
    capture.reset(upgrade_payload(draft.payload), draft_id=draft.draft_id)
    capture.focus_first_field()
    window.statusBar().showMessage(
        "The unsaved request is back; carry on where you left off.", 10000
    )
