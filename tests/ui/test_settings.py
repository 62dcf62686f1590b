"""Desk settings: stored per PC, checked, audited when changed; the window follows them."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.ui.conftest import RECEPTION_DESK
from triage_app.errors import TriageError
from triage_app.settings import (
    DeskSettings,
    check_desk_settings,
    load_desk_settings,
    save_desk_settings,
)
from triage_app.store.models import AuditEntry
from ui.settings_dialog import SettingsDialog


def test_settings_round_trip_and_damage(tmp_path):
    assert load_desk_settings(tmp_path) is None
    save_desk_settings(tmp_path, RECEPTION_DESK)
    assert load_desk_settings(tmp_path) == RECEPTION_DESK
    (tmp_path / "desk.json").write_text("{not json")
    with pytest.raises(TriageError, match="damaged"):
        load_desk_settings(tmp_path)


def test_a_reception_desk_needs_a_known_hub(vocab):
    fields = [p.field for p in check_desk_settings(DeskSettings("reception", None, "x"), vocab)]
    assert fields == ["hub"]
    assert check_desk_settings(DeskSettings("reception", "nowhere", "x"), vocab)[0].field == "hub"
    assert check_desk_settings(DeskSettings("freephone", None, " "), vocab)[0].field == "desk_name"


def test_dialog_refuses_until_valid(qtbot, vocab):
    dialog = SettingsDialog(DeskSettings("freephone", None, "pc-1"), vocab)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("reception"))
    dialog.buttons.accepted.emit()
    assert dialog.error.isVisibleTo(dialog) and "hub" in dialog.error.message
    dialog.hub.setCurrentIndex(dialog.hub.findData("harmony"))
    assert dialog.settings() == DeskSettings("reception", "harmony", "pc-1")
    assert dialog.problems() == []


def test_first_start_prompts_then_applying_settings_is_audited(make_window, db, tmp_path):
    window = make_window(configured=False)
    assert window.desk_prompt.isVisible()
    window.apply_settings(RECEPTION_DESK)
    assert not window.desk_prompt.isVisible()
    assert load_desk_settings(tmp_path / "config") == RECEPTION_DESK
    assert window.ctx.actor.hub == "mosaic" and window.ctx.actor.role == "receptionist"
    assert window.capture.form.contact.method.code() == "face_to_face"  # the blank form follows
    assert "Mosaic" in window._desk_label.text()
    with db.read() as s:
        entry = s.execute(select(AuditEntry)).scalar_one()
    assert entry.action == "settings_change" and entry.reason.startswith("not set up →")


def test_high_contrast_palette(make_window, qapp):
    from PySide6.QtGui import QPalette

    window = make_window()
    window.apply_settings(DeskSettings("freephone", None, "freephone-1", high_contrast=True))
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert qapp.property("highContrast") is True
    window.apply_settings(DeskSettings("freephone", None, "freephone-1"))
    assert qapp.property("highContrast") is False
