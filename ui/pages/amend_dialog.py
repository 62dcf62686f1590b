"""Amending a request: the capture form filled in from the stored version, and a reason.

Saving adds a version through :func:`triage_app.services.records.amend`; the version it
started from stays readable. If someone else amended the request meanwhile, nothing is
saved, the dialog stays open with what was typed, and says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from triage_app.domain.dates import birth_text
from triage_app.domain.request import TriageRequest
from triage_app.errors import InvalidInput, Problem, TriageError
from triage_app.services import records
from triage_app.services.intake import Saved
from triage_app.store.requests import VersionConflict
from triage_app.store.stored import StoredRequest
from ui.capture.fields import ErrorLabel
from ui.capture.form import CaptureForm
from ui.capture.points import age_text
from ui.capture.reading import ANSWER_NAMES, empty_child, empty_values, read_request
from ui.context import WindowContext
from ui.ops import run_op
from ui.record_view import emergency_text

REASON_FIELD = "reason"
CONFLICT_MESSAGE = (
    "Someone else amended this request while you had it open (it is now version {latest}). "
    "Nothing was saved over theirs. Your changes are kept in this dialog: copy what you need, "
    "close it, and reopen the request to see theirs."
)


def _text(value: str | None) -> str:
    return value or ""


def form_values(req: TriageRequest) -> dict[str, Any]:
    """The capture form's values (a draft's shape) for a stored request."""
    values = empty_values()
    fam, ref = req.family, req.referrer
    values.update(
        contact_method=req.contact_method,
        source=req.source,
        hub=req.hub,
        needs=list(req.needs),
        primary_need=req.primary_need,
        narrative=_text(req.narrative),
        answers={n: getattr(req.answers, n) for n in ANSWER_NAMES},
        consent=req.consent,
        no_contact_reason=req.no_contact_reason,
        concerns=list(req.concerns),
        children_unknown=req.children_unknown,
    )
    if ref is not None:
        values["referrer"] = {
            k: _text(getattr(ref, k)) for k in ("name", "organisation", "phone", "email")
        }
    values["family"] = {
        **{
            k: _text(getattr(fam, k))
            for k in ("first_name", "last_name", "address", "phone", "email", "language")
        },
        "postcode": _text(req.postcode),
        "interpreter": fam.interpreter,
        "withhold_address": fam.withhold_address,
    }
    children = []
    for c in req.children:
        born = birth_text(c.date_of_birth, c.age_years, estimated=c.date_of_birth_estimated)
        children.append(
            {
                **empty_child(),
                "first_name": _text(c.first_name),
                "last_name": _text(c.last_name),
                "born": born,
                "unborn": c.unborn,
                "gender": c.gender,
                "ethnicity": c.ethnicity,
                "send": c.send,
            }
        )
    values["children"] = children
    return values


class AmendDialog(QDialog):
    """The stored request in the capture form, a required reason, and Save.

    Signals:
        QDialog's accepted / rejected; :attr:`saved` holds the result once accepted.
    """

    def __init__(
        self,
        context: Callable[[], WindowContext],
        stored: StoredRequest,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.stored = stored
        self.saved: Saved | None = None
        ctx = context()
        title = f"Amend {stored.reference} (version {stored.version})"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        today = ctx.now().date()
        self.form = CaptureForm(ctx.vocab, lambda v: age_text(v, today), search=ctx.search_words)
        self.form.setAccessibleName(f"Request {stored.reference}")
        self.form.set_values(form_values(stored.request))
        self.emergency = QLabel(emergency_text(stored) or "")
        self.emergency.setObjectName("formHint")
        self.emergency.setWordWrap(True)
        self.emergency.setVisible(stored.request.emergency is not None)
        self.conflict = ErrorLabel()
        self.conflict.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # read out when it appears
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the amendment")
        self.reason.setPlaceholderText("e.g. postcode misheard; child's date of birth corrected")
        self.reason.setMaxLength(500)
        self.reason_error = ErrorLabel()
        self.reason_error.field = self.reason
        reason_label = QLabel("&Reason for the amendment:")
        reason_label.setBuddy(self.reason)
        reason_form = QFormLayout()
        reason_form.addRow(reason_label, self.reason)
        reason_form.addRow("", self.reason_error)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton("Sa&ve amendment")
        self.save_button.setAutoDefault(False)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        note = QLabel(
            "Saving adds a new version with your reason; the earlier version stays readable."
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.conflict)
        layout.addWidget(self.emergency)
        layout.addWidget(self.form, 1)
        layout.addWidget(note)
        layout.addLayout(reason_form)
        layout.addWidget(buttons)
        self.form.apply_tab_order()
        QWidget.setTabOrder(self.form.focus_chain()[-1], self.reason)
        QWidget.setTabOrder(self.reason, self.save_button)
        self.resize(900, 700)

    def show_problems(self, problems: list[Problem]) -> None:
        """Each problem beside its field: the reason's beside the reason."""
        reason = [p.message for p in problems if p.field == REASON_FIELD]
        others = [p for p in problems if p.field != REASON_FIELD]
        self.form.show_problems(others)
        if reason:
            self.reason_error.show_problem("; ".join(reason))
        else:
            self.reason_error.clear_problem()
        if reason and not others:
            self.reason.setFocus()
        elif others:
            self.form.focus_problem(self.form.slot(others[0].field))

    def save(self) -> bool:
        """Save the amendment; True once it is stored (the dialog then closes)."""
        self.conflict.clear_problem()
        values = self.form.values()
        req, problems = read_request(values, self._context().now().date())
        before = self.stored.request
        if before.emergency is not None and not values.get("consent"):
            # An emergency saved at once may still lack consent: the core decides (rule 10).
            problems = [p for p in problems if p.field != "consent"]
            req = replace(req, consent=None)
        if problems:
            self.show_problems(problems)
            return False
        # Not on the form, kept as they were: SEND on the request, the 999 call.
        req = replace(req, send=before.send, emergency=before.emergency)
        ctx, stored, reason = self._context(), self.stored, self.reason.text()

        def op() -> Saved:
            with ctx.db.write() as session:
                return records.amend(
                    session,
                    stored,
                    req,
                    reason=reason,
                    vocab=ctx.vocab,
                    rules=ctx.rules,
                    actor=ctx.actor,
                    now=ctx.now(),
                )

        def known(e: TriageError) -> bool:
            if isinstance(e, InvalidInput):
                self.show_problems(list(e.problems))
                return True
            if isinstance(e, VersionConflict):
                self._conflict()
                return True
            return False

        return run_op(self, op, self._saved, known, title="The amendment was not saved")

    def _conflict(self) -> None:
        ctx, reference = self._context(), self.stored.reference

        def latest() -> int:
            with ctx.db.read() as session:
                return records.versions(session, reference)[-1].version

        run_op(
            self,
            latest,
            lambda n: self.conflict.show_problem(CONFLICT_MESSAGE.format(latest=n)),
        )
        self.conflict.setFocus()

    def _saved(self, saved: Saved) -> None:
        self.saved = saved
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        context: Callable[[], WindowContext],
        stored: StoredRequest,
    ) -> Saved | None:
        """Amend ``stored``; the new version once saved, or ``None`` if cancelled."""
        dialog = cls(context, stored, parent)
        dialog.exec()
        return dialog.saved
