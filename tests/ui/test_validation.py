"""Saving checks everything at once: each problem beside its field; nothing typed is lost."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from tests.ui.conftest import focused, press
from tests.ui.forms import child, complete_values
from triage_app.domain.dates import HOW_TO_TYPE_BIRTH
from triage_app.store.models import Request

CTRL = Qt.KeyboardModifier.ControlModifier


def shown(page) -> dict[str, str]:
    """Accessible name of each field with a problem → the problem shown beside it."""
    labels = [lbl for lbl in page.form._shown if lbl.isVisible()]
    return {(lbl.field.accessibleName() if lbl.field else "form"): lbl.message for lbl in labels}


def test_every_problem_beside_its_field_and_nothing_lost(window, db):
    page = window.capture
    form = page.form
    form.contact.method.set_code(None)
    form.family.last_name.setText("Keepme")
    form.story.text.setPlainText("Words that must survive a failed save.")
    form.children_list.add_child(child("Ada", "Keepme", "31/02/2020"))
    form.children_list.add_child(child("Bo", "Keepme", "soon"))
    form.children_list.add_child(child("Cy", "Keepme", ""))
    form.children_list.add_child(child("Di", "Keepme", "01/01/2030"))
    before = form.values()

    press(Qt.Key.Key_S, CTRL)

    problems = shown(page)
    assert problems == {
        "Contact method": "choose how they got in touch",
        "Who is asking (source)": "choose who is asking",
        "Consent to early help": (
            "ask whether the family consents to early help, and record the answer"
        ),
        # One message each: what is wrong with what was typed, not also that an age is missing.
        "Child 1 date of birth or age": "is not a real date: there is no 31/2/2020",
        "Child 2 date of birth or age": HOW_TO_TYPE_BIRTH,
        "Child 3 date of birth or age": "give an age, a date of birth or unborn",
        "Child 4 date of birth or age": "is in the future",
        "Find a presenting need": "at least one presenting need is required",
        "Is anyone in immediate danger right now?": "ask this question and record the answer",
        "Is a child suffering, or likely to suffer, significant harm?": (
            "ask this question and record the answer"
        ),
        "Is there domestic abuse assessed as high risk (e.g. DASH)?": (
            "ask this question and record the answer"
        ),
    }
    # Each field says what is wrong to a screen reader too, and the focus is on the first.
    assert form.contact.source.accessibleDescription() == "Problem: choose who is asking"
    assert focused() is form.contact.method
    assert form.values() == before
    assert page.last_saved is None
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Request)).scalar_one() == 0
    assert "to fix" in window.statusBar().currentMessage()
    # The panel lists them too, in words.
    assert "Consent: ask whether" in page.route_panel.points.text()


def test_a_fixed_field_loses_its_message_and_then_it_saves(window, db):
    page = window.capture
    page.form.set_values(complete_values(consent=None))
    assert not page.save()
    assert "Consent to early help" in shown(page)
    page.form.consent.consent.set_code("refused")
    page.refresh_now()
    assert shown(page) == {}
    assert page.save()


def test_age_outside_the_range_is_pointed_out_but_not_refused(window):
    page = window.capture
    page.form.set_values(complete_values(children=[child("Old", "Enough", "01/01/2000")]))
    page.refresh_now()
    row = page.form.children_list.rows[0]
    assert row.age.text().startswith("Age 26 — outside the ages the hubs serve")
    assert "Child 1 is 26: outside the ages" in page.route_panel.points.text()
    row.send.setChecked(True)  # SEND: the hubs work with them to 24 — still outside at 26
    page.refresh_now()
    assert "outside" in row.age.text()
    assert page.save()


def test_unanswered_safeguarding_is_never_defaulted(window):
    form = window.capture.form
    assert all(a.value() is None for a in form.safeguarding.answers.values())
    assert not any(
        a.yes.isChecked() or a.no.isChecked() for a in form.safeguarding.answers.values()
    )
    assert form.consent.consent.code() is None
