"""The "New request" page: the form, the live route beside it, and what saving needs.

Wiring only: layouts live in the section modules, the route worked out as staff type in
:mod:`ui.capture.live_route`, rules in ``triage_app``. Every service call goes through
:func:`ui.ops.run_op`.

Signals:
    saved(str): a request was saved (its reference).
    status(str): a short message for the status bar.
    open_record_requested(str): staff asked to open an earlier request (its reference).
    details_copied(str): an earlier request's details were filled in (its reference).
    refreshed: the route panel shows what is typed now.
    sheet_printed(str): an advice sheet was printed or saved (the printer or the file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from triage_app.domain.copying import CopiedDetails
from triage_app.domain.request import TriageRequest
from triage_app.errors import InvalidInput, Problem, TriageError
from triage_app.services import drafts
from triage_app.services.copy_details import copy_details
from triage_app.services.intake import Saved, take_request
from triage_app.settings import FREEPHONE
from ui.capture.call_timer import CallTimer
from ui.capture.copied import copied_from, with_copied
from ui.capture.earlier import EarlierLookup
from ui.capture.emergency_save import EmergencySaveBar, read_emergency
from ui.capture.form import CaptureForm
from ui.capture.live_route import LiveRoute
from ui.capture.points import age_text
from ui.capture.problem_places import focus, place
from ui.capture.reading import empty_values, has_content
from ui.capture.saved_reference import SavedReference
from ui.context import WindowContext
from ui.draft_autosave import DraftAutosave
from ui.draft_dialog import DiscardDialog
from ui.ops import run_op
from ui.rereferral_panel import RereferralPanel
from ui.route_panel import EMERGENCY, EmergencyBanner, RoutePanel
from ui.sheet_output import SheetOutput, hand_over_sheet
from ui.split import SharedSplitter

#: Quiet time after a keystroke before the route is worked out again (milliseconds).
REFRESH_DELAY_MS = 150
#: The route panel's share of the page's width, until staff move the handle.
SIDE_SHARE = 0.38


class CapturePage(QWidget):
    saved = Signal(str)
    status = Signal(str)
    open_record_requested = Signal(str)
    details_copied = Signal(str)
    refreshed = Signal()
    sheet_printed = Signal(str)

    def __init__(
        self,
        context: Callable[[], WindowContext],
        *,
        sheet_output: SheetOutput | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName("New request")
        self._context = context
        self._sheet_output = sheet_output
        ctx = context()
        self.banner = EmergencyBanner()
        self.emergency_save = EmergencySaveBar()
        self.saved_box = SavedReference()
        self.form = CaptureForm(
            ctx.vocab, lambda v: age_text(v, self.live.today()), search=ctx.search_words
        )
        self.route_panel = RoutePanel(ctx.vocab, ctx.rules)
        self.rereferral = RereferralPanel(ctx.vocab)
        self._lay_out()
        self.autosave = DraftAutosave(self, context, self.form.values)
        self.autosave.failed.connect(self.status)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh_now)
        self._blank: dict[str, Any] = {}
        self._saved: Saved | None = None
        self._show_problems_live = False
        self.earlier = EarlierLookup(self, context, self.rereferral)
        self.live = LiveRoute(self, context, self.form, self.earlier)
        self.form.changed.connect(self._changed)
        # A yes answer or a concern shows its route and banner at once, not after the pause.
        self.form.safeguarding.changed.connect(self._urgent_changed)
        self.form.concerns.changed.connect(self._urgent_changed)
        self.emergency_save.save_requested.connect(self.save_emergency)
        # Answered yes to immediate danger, Tab goes next to the 999 call and its quick save.
        danger = self.form.safeguarding.answers["immediate_danger"]
        self.form.follow(danger.no, self.emergency_save.focus_chain())
        self.rereferral.open_requested.connect(self.open_record_requested)
        self.rereferral.use_requested.connect(self.use_details)
        self.reset()

    def _lay_out(self) -> None:
        """The banner and quick save across the top; the form, and beside it the panels."""
        self.call_timer = CallTimer()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.rereferral)
        side_layout.addWidget(self.route_panel, 1)
        self.splitter = SharedSplitter(SIDE_SHARE)
        self.splitter.addWidget(self.form)
        self.splitter.addWidget(side)
        header = QHBoxLayout()
        header.addStretch(1)
        header.addWidget(self.call_timer)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(self.emergency_save)
        layout.addWidget(self.saved_box)
        layout.addLayout(header)
        layout.addWidget(self.splitter, 1)

    # --- state ---------------------------------------------------------------------------

    def blank_values(self) -> dict[str, Any]:
        """A new form at this desk: the contact method is the desk's; nothing else is chosen."""
        values = empty_values()
        values["contact_method"] = self._context().desk.contact_method
        return values

    @property
    def last_saved(self) -> Saved | None:
        return self._saved

    def has_unsaved(self) -> bool:
        return self._saved is None and has_content(self.form.values(), self._blank)

    def reset(self, values: dict[str, Any] | None = None, draft_id: str | None = None) -> None:
        """A fresh form (or a restored draft's values), ready for typing."""
        self._saved = None
        self._show_problems_live = False
        self.emergency_save.withdraw()
        self.autosave.stop()
        self._blank = self.blank_values()
        self.form.set_editable(True)
        self.form.clear_problems()
        self.form.set_values(values or self._blank)
        self.autosave.attach(draft_id)
        self.saved_box.hide()
        self.earlier.reset()
        self.call_timer.clear()
        if values is not None:
            self._start_call_timer()
        self.refresh_now()
        self.form.verticalScrollBar().setValue(0)
        self.status.emit("")  # a new call: the last one's "Saved as …" no longer applies

    def focus_first_field(self) -> None:
        self.form.first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    # --- live route and re-referral ------------------------------------------------------

    def _changed(self) -> None:
        if self._saved is not None:
            return
        self._start_call_timer()
        if has_content(self.form.values(), self._blank):
            self.autosave.schedule()
        self._refresh_timer.start()

    def _urgent_changed(self) -> None:
        if self._saved is None and not self.form.signalsBlocked():
            self.refresh_now()

    def _start_call_timer(self) -> None:
        if self._context().desk.kind == FREEPHONE:
            self.call_timer.start()

    def reload_directory(self) -> None:
        """The directory changed: read it again for the next route."""
        self.live.forget_directory()
        self.refresh_now()

    def refresh_now(self) -> None:
        self._refresh_timer.stop()
        self.earlier.look(self.form.values(), self._saved.reference if self._saved else None)
        problems, route, req = self.live.assessment()
        asks = self.live.asks(problems, route, req, saved=self._saved is not None)
        self.route_panel.show_route(route, asks, self.live.notices)
        if route is not None and route.pathway == EMERGENCY:
            self.banner.show_for(self.live.action_labels(route.actions))
        else:
            self.banner.hide()
        if req.answers.immediate_danger is True and self._saved is None:
            ctx = self._context()
            self.emergency_save.offer(ctx.now(), ctx.actor.username)
        else:
            self.emergency_save.hide()
        if self._show_problems_live:
            place(self.form, self.emergency_save, problems)
        self.refreshed.emit()

    # --- an earlier request's details ----------------------------------------------------

    def use_details(self, reference: str) -> None:
        """Fill the family and children from an earlier request, marked until confirmed.

        A saved form makes way for a new request first; on an unsaved one, only the family
        and children are replaced, and what else was typed stays.
        """
        ctx = self._context()

        def op() -> CopiedDetails:
            with ctx.db.write() as session:
                return copy_details(session, reference, actor=ctx.actor, now=ctx.now())

        run_op(self, op, self._fill_copied, title="Use these details")

    def _fill_copied(self, details: CopiedDetails) -> None:
        if self._saved is not None:
            self.reset()
        self.form.set_values(with_copied(self.form.values(), details))
        self.refresh_now()
        self.form.ensureWidgetVisible(self.form.copied_notice)
        self.form.copied_notice.confirm.setFocus()
        self.status.emit(
            f"Details of {details.reference} filled in: confirm each one marked ❐ with the caller."
        )
        self.details_copied.emit(details.reference)

    # --- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        """Check everything at once; save, or show each problem beside its field."""
        if self._saved is not None:
            self.status.emit(f"Already saved as {self._saved.reference}. Ctrl+N for the next.")
            return True
        problems, _route, req = self.live.assessment()
        if problems:
            self._show(problems)
            return False
        if req.answers.immediate_danger is True:  # the call the bar shows is the call saved
            req = replace(req, emergency=self.emergency_save.call())
        return self._store(req, require_answers=True, show=self._show)

    def save_emergency(self) -> bool:
        """Save at once what is known of an emergency, with its 999 call; complete it later.

        Needs only the contact method, the source and the immediate-danger answer; the needs,
        the other answers and consent may wait (contract rule 10, decided by the core).
        """
        if self._saved is not None:
            return True
        req, problems = read_emergency(
            self.form.values(), self.emergency_save.call(), self.live.today()
        )
        if problems:
            self._show_emergency_problems(problems)
            return False
        req = self.live.with_earlier(req)
        return self._store(req, require_answers=False, show=self._show_emergency_problems)

    def _store(
        self,
        req: TriageRequest,
        *,
        require_answers: bool,
        show: Callable[[list[Problem]], None],
    ) -> bool:
        """Save ``req`` and close its draft in one transaction; ``show`` the core's refusal."""
        ctx = self._context()
        self.autosave.flush()
        draft_id = self.autosave.draft_id
        req = replace(req)  # the values as read, nothing from widgets inside the operation
        source = copied_from(self.form.values())

        def op() -> Saved:
            now = ctx.now()
            with ctx.db.write() as session:
                saved = take_request(
                    session,
                    req,
                    vocab=ctx.vocab,
                    rules=ctx.rules,
                    actor=ctx.actor,
                    now=now,
                    require_answers=require_answers,
                    copied_from=source,
                )
                if draft_id is not None:
                    drafts.mark_saved(session, draft_id, now=now)
            return saved

        def invalid(e: TriageError) -> bool:
            if isinstance(e, InvalidInput):
                show(list(e.problems))
                return True
            return False

        return run_op(self, op, self._after_save, invalid, title="The request was not saved")

    def _show_emergency_problems(self, problems: list[Problem]) -> None:
        """Only what stops the emergency being saved: not everything the full form will need."""
        labels = place(self.form, self.emergency_save, problems)
        self.status.emit("The emergency was not saved: see the form.")
        if labels:
            focus(self.form, self.emergency_save, labels[0])

    def _show(self, problems: list[Problem]) -> None:
        self._show_problems_live = True
        labels = place(self.form, self.emergency_save, problems)
        n = len(labels)
        self.status.emit(
            f"Not saved: {n} thing{'s' if n != 1 else ''} to fix, each shown beside its field."
        )
        if labels:
            focus(self.form, self.emergency_save, labels[0])
        self.refresh_now()

    def _after_save(self, saved: Saved) -> None:
        self._saved = saved
        self.emergency_save.hide()
        self.autosave.stop()
        self.call_timer.stop()
        self._show_problems_live = False
        self.form.clear_problems()
        self.form.set_editable(False)
        label = self.route_panel.pathway_label(saved.route.pathway)
        self.saved_box.show_reference(saved.reference, label)
        self.saved_box.copy.setFocus()
        self.status.emit(f"Saved as {saved.reference}.")
        self.saved.emit(saved.reference)

    def new_request(self) -> bool:
        """Start the next request; unsaved typing is only thrown away when staff confirm it."""
        if self.has_unsaved():
            reason = DiscardDialog.ask(self)
            if reason is None:
                return False
            self.autosave.discard(reason)
        self.reset()
        self.focus_first_field()
        return True

    def save_and_print(self) -> None:
        """Save (if not yet saved), then preview the advice sheet to print or save as PDF."""
        if self._saved is None and not self.save():
            return
        assert self._saved is not None
        reference = self._saved.reference
        handed = hand_over_sheet(self, self._context, reference, output=self._sheet_output)
        for each in handed:
            self.sheet_printed.emit(each.where)
        done = {each.how for each in handed}
        self.status.emit(
            f"Advice sheet for {reference} {' and '.join(sorted(done))}."
            if done
            else f"The advice sheet for {reference} was not printed or saved."
        )
