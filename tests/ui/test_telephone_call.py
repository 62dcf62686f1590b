"""A telephone call taken by keyboard only, from the first field to the reference read out."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.ui.conftest import focused, press, tab, tab_to, type_text
from triage_app.store.audit_models import AuditEntry
from triage_app.store.stored import load_request

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_call_by_keyboard_alone(window, db, qtbot):
    page = window.capture
    assert focused() is page.form.contact.method
    assert page.form.contact.method.code() == "telephone"  # the freephone desk's default
    tab()
    assert focused().accessibleName() == "Who is asking (source)"
    type_text("Pa")  # "Parent or carer (self-referral)"
    tab()
    assert focused().accessibleName() == "Parent or carer's first name"  # no referrer to take
    type_text("Ann")
    tab()
    type_text("Testcase")
    tab()
    type_text("1 Example Road, Radford")
    tab()
    type_text("cv6 1hd")
    tab()
    type_text("024 7600 0002")
    tab_to("Preferred language")
    type_text("English")
    tab_to("Add a child")
    press(Qt.Key.Key_Space)
    assert focused().accessibleName() == "Child 1 first name"
    type_text("Lily")
    tab()
    type_text("Testcase")
    tab()
    type_text("03/11/2019")
    tab(2)
    assert focused().accessibleName() == "Child 1 gender"
    type_text("F")
    tab()
    type_text("White B")
    tab_to("Find a presenting need")
    type_text("money")
    press(Qt.Key.Key_Return)
    type_text("isol")
    press(Qt.Key.Key_Return)
    tab_to("What the family says, in their words")
    type_text("Struggling with bills since losing work; feels alone.")
    tab()
    assert focused().accessibleName().startswith("Is anyone in immediate danger")
    for _ in range(3):
        type_text("n")
        tab()
    assert focused().accessibleName() == "Consent to early help"
    type_text("G")
    press(Qt.Key.Key_S, CTRL)

    saved = page.last_saved
    assert saved is not None, page.route_panel.points.text()
    assert page.saved_box.isVisible()
    assert page.saved_box.reference.text() == saved.reference
    with db.read() as s:
        stored = load_request(s, saved.reference)
        audit = s.execute(select(AuditEntry.action, AuditEntry.record_ref)).all()
    req = stored.request
    assert (req.contact_method, req.source, req.consent) == ("telephone", "self_referral", "given")
    assert req.family.first_name == "Ann" and req.family.last_name == "Testcase"
    assert req.family.phone == "024 7600 0002" and req.postcode == "CV6 1HD"
    assert req.family.language == "English"
    assert req.children[0].date_of_birth == date(2019, 11, 3)
    assert (req.children[0].gender, req.children[0].ethnicity) == ("female", "white_british")
    assert req.needs == ("money_debt", "social_isolation")
    assert req.primary_need == "money_debt"
    assert req.narrative.startswith("Struggling with bills")
    assert (req.answers.immediate_danger, req.answers.significant_harm) == (False, False)
    assert req.answers.domestic_abuse_high_risk is False
    assert stored.author == "test.handler" and stored.desk == "freephone-1"
    assert stored.route.pathway == saved.route.pathway
    assert ("create", saved.reference) in audit

    # The next call: Ctrl+N gives a blank form with the focus on its first field.
    press(Qt.Key.Key_N, CTRL)
    assert page.last_saved is None and not page.saved_box.isVisible()
    assert page.form.values()["family"]["last_name"] == ""
    assert focused() is page.form.contact.method
