"""Details copied from an earlier request: filled into the form and marked until confirmed.

Which details are copied, and the children's ages for today, are the core's
(:mod:`triage_app.domain.copying`); here they are put into the form's values and each
copied field is marked ("❐ copied", a dashed border, and said to screen readers) until the
handler edits it or confirms the lot with the caller. The marks live in the form's values
(``copied``: where from, and the fields still to confirm), so a draft keeps them.

Signals:
    CopiedNotice.confirm_requested: "Confirmed with the caller" was pressed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from triage_app.domain.copying import CopiedChild, CopiedDetails
from ui.capture.reading import empty_child

MARK = "❐ copied"
#: Said of a copied field to screen readers until it is confirmed.
DESCRIPTION = "Copied from {reference}: confirm with the caller"

_FAMILY_TEXT = ("first_name", "last_name", "address", "phone", "email", "language")


def _born_text(copied: CopiedChild) -> str:
    child = copied.child
    if child.unborn:
        return ""
    if child.date_of_birth is not None:
        return child.date_of_birth.strftime("%d/%m/%Y")
    return str(child.age_years) if child.age_years is not None else ""


def _child_values(copied: CopiedChild) -> dict[str, Any]:
    child = copied.child
    return {
        **empty_child(),
        "first_name": child.first_name or "",
        "last_name": child.last_name or "",
        "born": _born_text(copied),
        "unborn": child.unborn,
        "gender": child.gender,
        "ethnicity": child.ethnicity,
        "send": child.send,
    }


def notes_of(details: CopiedDetails) -> list[str]:
    """What to ask about the copied children beyond confirming them: a baby born since."""
    return [
        f"Child {n} was unborn on {c.unborn_on:%d/%m/%Y}: ask whether the baby has been born."
        for n, c in enumerate(details.children, start=1)
        if c.unborn_on is not None
    ]


def with_copied(values: dict[str, Any], details: CopiedDetails) -> dict[str, Any]:
    """The form's ``values`` with the family and children replaced by ``details``.

    Everything else typed so far (how they got in touch, who is asking, needs, concerns,
    answers, consent, what they say) is kept as it was.
    """
    fam = details.family
    family = dict(values.get("family") or {})
    family.update({name: getattr(fam, name) or "" for name in _FAMILY_TEXT})
    family.update(
        postcode=details.postcode or "",
        interpreter=fam.interpreter,
        withhold_address=fam.withhold_address,
    )
    return {
        **values,
        "family": family,
        "hub": details.hub,
        "children": [_child_values(c) for c in details.children],
        "children_unknown": details.children_unknown,
        "copied": {
            "from": details.reference,
            "received": details.received_at.strftime("%d/%m/%Y"),
            "pending": list(details.fields),
            "notes": notes_of(details),
        },
    }


def copied_from(values: dict[str, Any]) -> str | None:
    """The earlier request the form's details were copied from, if any."""
    copied = values.get("copied") or {}
    return copied.get("from") or None


class CopiedNotice(QFrame):
    """Above the family: where the details came from, what is still to confirm, and a button."""

    confirm_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("copiedNotice")
        self.text = QLabel()
        self.text.setWordWrap(True)
        # No mnemonic: every letter is taken on this page; Tab reaches it before the family.
        self.confirm = QPushButton("Confirmed with the caller")
        self.confirm.setAccessibleName("Copied details confirmed with the caller")
        self.confirm.setToolTip("Every detail still marked ❐ copied has been checked with them")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.confirm)
        self.confirm.clicked.connect(self.confirm_requested)
        self.hide()

    def show_state(
        self, reference: str | None, received: str, pending: list[str], notes: list[str]
    ) -> None:
        """Say where the details came from and which are still to confirm (or hide)."""
        if reference is None:
            self.hide()
            return
        where = f"Details copied from {reference} (received {received})"
        if pending:
            text = f"❐ {where}. Still to confirm with the caller: {', '.join(pending)}."
            text = " ".join([text, *notes])
        else:
            text = f"{where}: all confirmed with the caller."
        self.text.setText(text)
        self.setAccessibleName(text)
        self.confirm.setVisible(bool(pending))
        self.show()
