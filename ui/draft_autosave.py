"""The form's draft: written a moment after each change, closed when staff throw it away.

A draft is written so a crash or power cut loses nothing. Each save is its own committed
transaction (SQLite ``synchronous=FULL``): once :attr:`DraftAutosave.saved` has been emitted,
the draft survives the process being killed.

Signals:
    saved(str): a draft was written (its id).
    failed(str): a draft could not be written (a plain message; typing carries on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from triage_app.errors import TriageError
from triage_app.services import drafts
from ui.context import WindowContext
from ui.ops import run_op

#: Quiet time after the last keystroke before the draft is written (milliseconds).
AUTOSAVE_DELAY_MS = 700


class DraftAutosave(QObject):
    saved = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        widget: QWidget,
        context: Callable[[], WindowContext],
        values: Callable[[], dict[str, Any]],
        delay_ms: int = AUTOSAVE_DELAY_MS,
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._context = context
        self._values = values
        self.draft_id: str | None = None
        self.active = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_now)

    def schedule(self) -> None:
        """Called on every change; the write happens once typing pauses."""
        if self.active:
            self._timer.start()

    @property
    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.save_now()

    def save_now(self) -> None:
        if not self.active:
            return
        ctx = self._context()
        payload = self._values()
        draft_id = self.draft_id

        def op() -> str:
            with ctx.db.write() as session:
                return drafts.save_draft(session, draft_id, payload, actor=ctx.actor, now=ctx.now())

        def done(new_id: str) -> None:
            self.draft_id = new_id
            self.saved.emit(new_id)

        def error(e: TriageError) -> bool:
            if isinstance(e, drafts.DraftClosed):
                self.draft_id = None  # closed elsewhere: the next change starts a new draft
            self.failed.emit(f"The draft could not be kept: {e}")
            return True

        run_op(self._widget, op, done, error)

    def attach(self, draft_id: str | None) -> None:
        """Carry on with an existing draft (restored), or start afresh (None)."""
        self._timer.stop()
        self.draft_id = draft_id
        self.active = True

    def stop(self) -> None:
        """The form was saved or discarded: no more writes until :meth:`attach`."""
        self._timer.stop()
        self.active = False

    def discard(self, reason: str) -> None:
        """Staff threw the typing away: stop, and close the draft with their reason (audited).

        A draft already closed elsewhere needs nothing more.
        """
        draft_id = self.draft_id
        self.stop()
        if draft_id is None:
            return
        ctx = self._context()

        def op() -> None:
            with ctx.db.write() as session:
                drafts.discard_draft(
                    session, draft_id, actor=ctx.actor, now=ctx.now(), reason=reason
                )

        def closed(e: TriageError) -> bool:
            return isinstance(e, drafts.DraftClosed)

        run_op(self._widget, op, lambda _r: None, closed)
