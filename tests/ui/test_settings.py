"""Desk settings: stored per PC, checked, audited when changed; the window follows them."""

from __future__ import annotations

import argparse
from dataclasses import replace

import pytest
from sqlalchemy import select

from tests.ui.conftest import RECEPTION_DESK
from triage_app.cli.context import CliContext
from triage_app.config import AppConfig
from triage_app.errors import TriageError
from triage_app.settings import (
    DeskSettings,
    check_desk_settings,
    load_desk_settings,
    save_desk_settings,
)
from triage_app.site_config import DEFAULT, SITE, USER, SiteConfig
from triage_app.store.audit_models import AuditEntry
from ui.app import desk_settings
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
    assert window.desk_status.prompt.isVisible()
    window.apply_settings(RECEPTION_DESK)
    assert not window.desk_status.prompt.isVisible()
    assert load_desk_settings(tmp_path / "config") == RECEPTION_DESK
    assert window.ctx.actor.hub == "mosaic" and window.ctx.actor.role == "receptionist"
    assert window.capture.form.contact.method.code() == "face_to_face"  # the blank form follows
    assert "Mosaic" in window.desk_status.desk.text()
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


def test_what_it_set_for_this_pc_beats_the_users_own_settings(tmp_path, resources):
    save_desk_settings(tmp_path / "config", DeskSettings("freephone", None, "my-pc", True))
    site = SiteConfig(path=tmp_path / "site.toml", desk={"kind": "reception", "hub": "mosaic"})
    config = AppConfig(
        database=str(tmp_path / "x.sqlite"),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources,
        site=site,
    )
    start = desk_settings(CliContext(config, argparse.Namespace()))
    assert start.desk == DeskSettings("reception", "mosaic", "my-pc", True)
    assert (start.configured, start.own) == (True, True)


def test_settings_say_where_each_setting_came_from(qtbot, vocab, make_context):
    site = SiteConfig(desk={"kind": "reception", "hub": "mosaic"})
    ctx = replace(make_context(RECEPTION_DESK), site=site, database_source=SITE)
    dialog = SettingsDialog(
        ctx.desk, vocab, sources=ctx.desk_sources, database=("desks.example", SITE)
    )
    qtbot.addWidget(dialog)
    shown = {name: label.text() for name, label in dialog.sources.items()}
    assert shown == {
        "kind": f"({SITE})",
        "hub": f"({SITE})",
        "desk_name": f"({USER})",
        "high_contrast": f"({USER})",
        "database": f"({SITE})",
    }
    assert not dialog.kind.isEnabled() and not dialog.hub.isEnabled()  # IT's, not the user's
    assert dialog.desk_name.isEnabled() and dialog.high_contrast.isEnabled()
    first_start = SettingsDialog(
        RECEPTION_DESK, vocab, sources=SiteConfig().desk_sources(own_set_up=False)
    )
    qtbot.addWidget(first_start)
    assert {label.text() for label in first_start.sources.values()} == {f"({DEFAULT})"}
