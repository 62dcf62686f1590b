"""The dialogs of a request's life: each control named, each Alt letter leading to one place,
Tab in the order of the fields, and a refusal shown beside the field it names."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from tests.ui.walker import letter as _letter
from triage_app.domain.life import OverrideView
from triage_app.errors import InvalidInput, Problem
from ui.outcome_dialogs import (
    AssignDialog,
    AttemptDialog,
    CloseDialog,
    DecideDialog,
    ReopenDialog,
    SettleDialog,
)
from ui.override_dialog import OverrideDialog

WAITING = OverrideView(
    1, datetime(2026, 3, 16), "a.worker", "signpost", "advice", "advice", "down", "why",
    "pending", None, None, None,
)  # fmt: skip
PATHWAYS = [("social_care", "Social care"), ("signpost", "Signpost"), ("advice", "Advice")]


def dialogs(vocab) -> list[QWidget]:
    return [
        CloseDialog("HH-0000-0001", [("advice_given", "Advice given")]),
        ReopenDialog("HH-0000-0001"),
        AttemptDialog("HH-0000-0001", [("telephone", "Telephone")]),
        SettleDialog("HH-0000-0001", "Call the school", [("done", "Done")]),
        AssignDialog("HH-0000-0001", [("k.worker", "K Worker")], None),
        DecideDialog("HH-0000-0001", WAITING, vocab, None),
        OverrideDialog(
            "HH-0000-0001", "signpost", PATHWAYS, lambda c: "down" if c == "advice" else "up"
        ),
    ]


@pytest.mark.parametrize("which", range(7))
def test_named_one_place_per_letter_and_tab_in_order(qtbot, vocab, which: int) -> None:
    dialog = dialogs(vocab)[which]
    qtbot.addWidget(dialog)
    if isinstance(dialog, OverrideDialog):
        dialog.pathway.setCurrentIndex(dialog.pathway.findData("advice"))  # approver shown
    dialog.show()
    qtbot.waitExposed(dialog)
    owners: dict[str, list[str]] = {}
    for w in (*dialog.findChildren(QLabel), *dialog.findChildren(QAbstractButton)):
        if w.isVisible() and (letter := _letter(w.text())):
            owners.setdefault(letter, []).append(w.text())
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    for field in dialog.fields:
        assert field.accessibleName(), field
    stops = [dialog.fields[0]]
    stops[0].setFocus()
    for _ in dialog.fields[1:]:
        stops.append(stops[-1].nextInFocusChain())
        while stops[-1].focusPolicy() == Qt.FocusPolicy.NoFocus or not stops[-1].isVisible():
            stops[-1] = stops[-1].nextInFocusChain()
    assert stops == dialog.fields


def test_a_refusal_is_shown_beside_its_field_and_the_dialog_stays(qtbot) -> None:
    dialog = CloseDialog("HH-0000-0001", [("advice_given", "Advice given")])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog._submit = lambda _a: (_ for _ in ()).throw(
        InvalidInput([Problem("reason", "say why it is closed")])
    )
    assert dialog.save() is False
    assert dialog.errors["reason"].text() == "⚠ Say why it is closed."
    assert dialog.reason.hasFocus() or dialog.reason.accessibleDescription().startswith("Problem")
    assert dialog.isVisible() and dialog.result() == 0
