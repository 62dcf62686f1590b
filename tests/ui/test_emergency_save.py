"""An emergency saved at once: contact method, source and the answer, with the 999 call."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtTest import QTest
from sqlalchemy import select

from tests.ui.conftest import focused, press
from tests.ui.forms import complete_values
from triage_app.store.audit_models import AuditEntry
from triage_app.store.stored import load_request


def test_save_emergency_now_with_only_source_and_the_answer(window, db, now, qtbot):
    page = window.capture
    page.form.contact.source.set_code("police")
    page.form.safeguarding.answers["immediate_danger"].yes.setFocus()
    press(Qt.Key.Key_Y)
    bar = page.emergency_save
    qtbot.waitUntil(bar.isVisible, timeout=200)
    assert bar.called_by.text() == window.ctx.actor.username  # the signed-in person
    assert bar.call().called_at == now  # now, unless changed
    called = now - timedelta(minutes=4)
    bar.called_at.setDateTime(QDateTime.fromSecsSinceEpoch(int(called.timestamp())))
    bar.police_reference.setText("WM-20260316-0042")
    bar.save_button.setFocus()
    press(Qt.Key.Key_Space)

    saved = page.last_saved
    assert saved is not None, page.route_panel.points.text()
    assert saved.route.pathway == "emergency"
    assert page.saved_box.isVisible() and not bar.isVisible()
    with db.read() as s:
        stored = load_request(s, saved.reference)
        actions = s.execute(
            select(AuditEntry.action).where(AuditEntry.record_ref == saved.reference)
        )
        audit = [a for (a,) in actions]
    req = stored.request
    assert (req.contact_method, req.source, req.needs) == ("telephone", "police", ())
    assert req.answers.immediate_danger is True
    assert req.consent is None
    assert req.emergency is not None
    assert req.emergency.called_at == called
    assert req.emergency.called_by == window.ctx.actor.username
    assert req.emergency.police_reference == "WM-20260316-0042"
    assert stored.route.pathway == "emergency" and "call_999" in stored.route.actions
    assert audit == ["create"]


def test_save_emergency_now_needs_the_source_and_who_called(window, db):
    page = window.capture
    page.form.safeguarding.answers["immediate_danger"].set_value(True)
    page.refresh_now()
    bar = page.emergency_save
    bar.called_by.clear()
    assert not page.save_emergency()
    assert bar.error.message == "say who called 999"
    bar.called_by.setText("A. Handler")
    assert not page.save_emergency()
    assert page.form.slot("source").message == "choose who is asking"
    assert page.last_saved is None


def test_a_refused_emergency_save_shows_only_what_stops_it(window):
    page = window.capture
    page.form.safeguarding.answers["immediate_danger"].set_value(True)
    page.refresh_now()
    assert not page.save_emergency()  # no source chosen
    page.refresh_now()
    assert page.form.slot("source").message == "choose who is asking"
    assert page.form.slot("consent").message == ""  # consent may wait for an emergency
    assert page.form.slot("needs").message == ""


def test_a_full_save_keeps_the_call_typed_in_the_bar(window, db):
    page = window.capture
    page.form.set_values(complete_values(answers={"immediate_danger": True}))
    page.refresh_now()
    page.emergency_save.police_reference.setFocus()
    QTest.keyClicks(page.emergency_save.police_reference, "WM-1")
    assert page.save()
    with db.read() as s:
        stored = load_request(s, page.last_saved.reference)
    assert stored.request.emergency is not None
    assert stored.request.emergency.police_reference == "WM-1"
    assert stored.request.emergency.called_by == window.ctx.actor.username


def test_a_full_save_records_the_call_the_bar_shows(window, db):
    """What the bar shows is what is saved: a 999 call on screen is never left off the record."""
    page = window.capture
    page.form.set_values(complete_values(answers={"immediate_danger": True}))
    page.refresh_now()
    shown = page.emergency_save.call()
    assert page.save()
    with db.read() as s:
        stored = load_request(s, page.last_saved.reference)
    assert stored.request.emergency == shown
    assert stored.request.emergency.called_by == window.ctx.actor.username


def test_tab_after_a_yes_goes_through_the_999_call_then_on(window, qtbot):
    page = window.capture
    bar = page.emergency_save
    page.form.safeguarding.answers["immediate_danger"].yes.setFocus()
    press(Qt.Key.Key_Y)
    qtbot.waitUntil(bar.isVisible, timeout=200)
    visited = []
    for _ in range(5):
        press(Qt.Key.Key_Tab)
        visited.append(focused().accessibleName())
    assert visited == [
        "When 999 was called",
        "Who called 999",
        "Police reference",
        "Save emergency now",
        "Is a child suffering, or likely to suffer, significant harm?: yes",
    ]
