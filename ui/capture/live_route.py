"""The route beside the form, worked out again as staff type, and what it asks them to check.

Held apart from the page so the page only wires typing, saving and the panels: this reads the
form into a request, asks the core for the route against the services directory (read on the
first route, kept till it changes) and gathers the lines the route panel shows above the route
(questions to ask now, out of hours, an address outside the areas, copied details to confirm,
what saving still needs). Every rule is ``triage_app``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from triage_app.domain.directory import Directory
from triage_app.domain.request import TriageRequest
from triage_app.errors import Problem
from triage_app.services.directory import all_services
from triage_app.services.intake import (
    assess,
    out_of_hours_notice,
    outside_areas_notice,
    questions,
)
from ui.capture.earlier import EarlierLookup
from ui.capture.form import CaptureForm
from ui.capture.points import before_saving
from ui.capture.reading import read_request
from ui.context import WindowContext
from ui.ops import run_op


class LiveRoute:
    def __init__(
        self,
        owner: QWidget,
        context: Callable[[], WindowContext],
        form: CaptureForm,
        earlier: EarlierLookup,
    ) -> None:
        self._owner = owner  # the parent of any error dialog
        self._context = context
        self._form = form
        self._earlier = earlier
        self._directory: Directory | None = None
        #: The directory's notices for the last route (a paused service, a waiting list).
        self.notices: tuple[str, ...] = ()

    def today(self) -> date:
        return self._context().now().date()

    def assessment(self) -> tuple[list[Problem], Any, Any]:
        """(every problem, the route or None, the request) for what is typed now."""
        ctx = self._context()
        req, read_problems = read_request(self._form.values(), self.today())
        req = self.with_earlier(req)
        result = assess(
            req,
            vocab=ctx.vocab,
            rules=ctx.rules,
            desk_hub=ctx.actor.hub,
            now=ctx.now(),
            require_answers=True,
            directory=self.directory(),
        )
        self.notices = tuple(n.message for n in result.notices)
        return read_problems + list(result.problems), result.route, req

    def directory(self) -> Directory:
        """The services directory as last read (read now if not yet); empty if unreadable."""
        if self._directory is None:
            ctx = self._context()

            def op() -> Directory:
                with ctx.db.read() as session:
                    return all_services(session)

            found: list[Directory] = []
            run_op(self._owner, op, found.append, title="Services")
            self._directory = found[0] if found else Directory()
        return self._directory

    def forget_directory(self) -> None:
        """The directory changed: the next route reads it again."""
        self._directory = None

    def with_earlier(self, req: TriageRequest) -> TriageRequest:
        """The request with contract rule 13's count of the earlier requests found."""
        when = req.received_at or self._context().now()
        return replace(req, earlier_requests=self._earlier.count(when))

    def asks(
        self, problems: list[Problem], route: Any, req: TriageRequest, *, saved: bool
    ) -> list[str]:
        """The lines above the route: what to ask or check now, then what saving needs.

        Once the request is saved, copied details are no longer there to confirm.
        """
        now = self._context().now()
        asks = [f"Ask now: {q}" for q in questions(req, now)]
        if route is not None and (late := out_of_hours_notice(req, route, now)):
            asks.append(f"Out of hours: {late}")
        if away := outside_areas_notice(req, self._context().rules):
            asks.append(f"Check the address: {away}")
        confirm = [] if saved else self._to_confirm()
        return asks + confirm + before_saving(problems, req, self.today())

    def _to_confirm(self) -> list[str]:
        marks = self._form.copy_marks
        pending = marks.pending_words()
        if marks.reference is None or not pending:
            return []
        line = f"Copied from {marks.reference}, confirm with the caller: {', '.join(pending)}"
        return [line, *marks.notes]

    def action_labels(self, actions: tuple[str, ...]) -> list[str]:
        """The actions as staff read them (a code the rules do not name shows as itself)."""
        rules = self._context().rules
        return [rules.actions[a].label if a in rules.actions else a for a in actions]
