"""Where each problem with the form is shown: the 999 call's in its bar, the rest in the form.

Both the full save and the emergency quick save show the core's problems this way, so the
split between the bar and the form is stated once here.
"""

from __future__ import annotations

from triage_app.errors import Problem
from ui.capture.emergency_save import EmergencySaveBar
from ui.capture.fields import ErrorLabel
from ui.capture.form import CaptureForm

#: Problems with the 999 call (``emergency``, ``emergency.called_by`` …) are the bar's.
EMERGENCY_FIELD = "emergency"


def place(form: CaptureForm, bar: EmergencySaveBar, problems: list[Problem]) -> list[ErrorLabel]:
    """Each problem beside its field; returns the labels shown, the bar's first."""
    call = [p.message for p in problems if p.field.split(".")[0] == EMERGENCY_FIELD]
    if call:
        bar.error.show_problem("; ".join(dict.fromkeys(call)))
    else:
        bar.error.clear_problem()
    rest = [p for p in problems if p.field.split(".")[0] != EMERGENCY_FIELD]
    labels = form.show_problems(rest)
    return [bar.error, *labels] if call else labels


def focus(form: CaptureForm, bar: EmergencySaveBar, label: ErrorLabel) -> None:
    """The keyboard to the field a problem label belongs to."""
    if label is bar.error:
        bar.called_by.setFocus()
    else:
        form.focus_problem(label)
