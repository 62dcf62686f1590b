"""Each step of a request's life, from the window: its dialog, then its service, in one transaction.

:class:`LifeSteps` opens the dialog (``ui.outcome_dialogs``, ``ui.override_dialog``) with the
choices the core offers and gives it the function that saves: the service call in one write
session. A downward override approved on the spot is two calls in that one transaction (the
override asked for, then the approving team leader's decision), after the team leader has
signed in through the accounts service, so a wrong password is counted and audited as at the
sign-in screen; if either call is refused, nothing is saved.

Signals:
    saved(): a step was saved; what is shown should be read again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from triage_app.accounts.desk import sign_in_at_desk
from triage_app.accounts.signin_errors import SignInFailed
from triage_app.domain.actor import Actor
from triage_app.domain.life import DOWN, OverrideView, RequestLife
from triage_app.errors import InvalidInput, Problem
from triage_app.services.actions import settle_action, states_open_to
from triage_app.services.contact import add_note, record_attempt
from triage_app.services.outcomes import close_request, outcome_choices, reopen_request
from triage_app.services.overrides import decide_override, override_pathway
from ui.context import WindowContext
from ui.life_tables import STATE_LABELS, action_label
from ui.ops import run_op
from ui.outcome_dialogs import (
    AttemptAnswer,
    AttemptDialog,
    CloseAnswer,
    CloseDialog,
    DecideAnswer,
    DecideDialog,
    ReasonAnswer,
    ReopenDialog,
    SettleAnswer,
    SettleDialog,
)
from ui.override_dialog import OverrideAnswer, OverrideDialog

Context = Callable[[], WindowContext]


class LifeSteps(QObject):
    saved = Signal()

    def __init__(self, parent: QWidget, context: Context, reference: str) -> None:
        super().__init__(parent)
        self._parent = parent
        self._context = context
        self.reference = reference
        self.life: RequestLife | None = None

    def _write(self, step: Callable[[Any], object]) -> object:
        """Run ``step(session)`` in one write transaction of the current context's database."""
        with self._context().db.write() as session:
            return step(session)

    def _done(self, saved: bool) -> None:
        if saved:
            self.saved.emit()

    # --- status --------------------------------------------------------------------------

    def close(self) -> None:
        ctx, ref = self._context(), self.reference
        dialog = CloseDialog(ref, list(outcome_choices(ctx.vocab)), self._parent)

        def submit(a: CloseAnswer) -> object:
            return self._write(
                lambda s: close_request(
                    s,
                    ref,
                    outcome=a.outcome or "",
                    reason=a.reason,
                    mash_decision=a.mash_decision or None,
                    actor=ctx.actor,
                    now=ctx.now(),
                    vocab=ctx.vocab,
                )
            )

        self._done(dialog.run(submit))

    def reopen(self) -> None:
        ctx, ref = self._context(), self.reference

        def submit(a: ReasonAnswer) -> object:
            return self._write(
                lambda s: reopen_request(s, ref, reason=a.reason, actor=ctx.actor, now=ctx.now())
            )

        self._done(ReopenDialog(ref, self._parent).run(submit))

    # --- contact -------------------------------------------------------------------------

    def attempt(self) -> None:
        ctx, ref = self._context(), self.reference
        methods = [(t.code, t.label) for t in ctx.vocab.attempt_method]

        def submit(a: AttemptAnswer) -> object:
            if a.method is None or a.reached is None:
                missing = "method" if a.method is None else "reached"
                what = "how the family was tried" if a.method is None else "whether they answered"
                raise InvalidInput([Problem(missing, f"say {what}")])
            return self._write(
                lambda s: record_attempt(
                    s,
                    ref,
                    method=a.method or "",
                    reached=bool(a.reached),
                    note=a.note or None,
                    actor=ctx.actor,
                    now=ctx.now(),
                    vocab=ctx.vocab,
                )
            )

        self._done(AttemptDialog(ref, methods, self._parent).run(submit))

    def add_note(self, text: str, field: QWidget) -> None:
        """Add what is typed in ``field`` as a note; the field is cleared once it is saved."""
        ctx, ref = self._context(), self.reference

        def op() -> object:
            return self._write(lambda s: add_note(s, ref, text, actor=ctx.actor, now=ctx.now()))

        def done(result: object) -> None:
            clear = getattr(field, "clear", None)
            if callable(clear):
                clear()
            field.setFocus()
            self._done(True)

        run_op(self._parent, op, done, title="The note was not added")

    # --- actions -------------------------------------------------------------------------

    def settle(self, action: str) -> None:
        ctx, ref = self._context(), self.reference
        results = [(code, STATE_LABELS[code]) for code in states_open_to(ctx.actor, action)]
        dialog = SettleDialog(ref, action_label(ctx.rules, action), results, self._parent)

        def submit(a: SettleAnswer) -> object:
            return self._write(
                lambda s: settle_action(
                    s,
                    ref,
                    action,
                    state=a.state or "",
                    note=a.note or None,
                    actor=ctx.actor,
                    now=ctx.now(),
                )
            )

        self._done(dialog.run(submit))

    # --- overrides -----------------------------------------------------------------------

    def override(self) -> None:
        ctx, ref, life = self._context(), self.reference, self.life
        if life is None:
            return
        standing, rank = life.final_pathway, ctx.rules.rank
        pathways = [(t.code, t.label) for t in ctx.vocab.pathway]
        dialog = OverrideDialog(
            ref,
            standing,
            pathways,
            lambda code: "up" if rank[code] < rank[standing] else "down",
            self._parent,
        )

        def submit(a: OverrideAnswer) -> object:
            approver = self._approver(a) if a.approver else None

            def step(s: Any) -> OverrideView:
                asked = override_pathway(
                    s,
                    ref,
                    chosen=a.pathway or "",
                    reason=a.reason,
                    actor=ctx.actor,
                    now=ctx.now(),
                    rules=ctx.rules,
                )
                if approver is None or asked.direction != DOWN:
                    return asked
                return decide_override(
                    s, ref, asked.id, approve=True, actor=approver, now=ctx.now(), rules=ctx.rules
                )

            return self._write(step)

        self._done(dialog.run(submit))

    def _approver(self, a: OverrideAnswer) -> Actor:
        """The approving team leader, signed in at this desk by the accounts service."""
        ctx = self._context()
        if not a.password:
            raise InvalidInput([Problem("password", "the approving team leader's password")])
        try:
            return sign_in_at_desk(
                ctx.db, a.approver, a.password, desk=ctx.desk, now=ctx.now(), policy=ctx.accounts
            )
        except SignInFailed as e:
            raise InvalidInput([Problem("password", str(e))]) from None

    def decide(self, waiting: OverrideView) -> None:
        ctx, ref = self._context(), self.reference
        dialog = DecideDialog(ref, waiting, ctx.vocab, self._parent)

        def submit(a: DecideAnswer) -> object:
            return self._write(
                lambda s: decide_override(
                    s,
                    ref,
                    waiting.id,
                    approve=a.approve,
                    note=a.note or None,
                    actor=ctx.actor,
                    now=ctx.now(),
                    rules=ctx.rules,
                )
            )

        self._done(dialog.run(submit))
