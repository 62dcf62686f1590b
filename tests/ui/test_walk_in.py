"""A family walks in at a hub's reception with two children; the sheet is printed for them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.ui.conftest import RECEPTION_DESK, press, tab_to, type_text
from tests.ui.forms import child
from triage_app.store.audit_models import AuditEntry
from triage_app.store.models import RequestVersion
from triage_app.store.stored import load_request

CTRL = Qt.KeyboardModifier.ControlModifier


def test_walk_in_with_two_children_at_reception(make_window, db, sheets_dir, qtbot):
    window = make_window(RECEPTION_DESK)
    page = window.capture
    form = page.form
    assert form.contact.method.code() == "face_to_face"
    assert not page.call_timer.text()  # no call timer at a reception desk
    form.contact.source.set_code("self_referral")
    form.family.first_name.setText("Bea")
    form.family.last_name.setText("Walkin")
    form.family.postcode.setText("CV7 9ZZ")  # outside the postcode table: the desk's hub applies
    form.family.interpreter.setChecked(True)
    form.family.language.setText("Polish")
    form.children_list.add_child(child("Tom", "Walkin", "01/02/2015", gender="male"))
    form.children_list.add_child(child("", "", "", unborn=True))
    assert [r.age.text() for r in form.children_list.rows] == ["Age 11", "Unborn"]
    form.needs.picker.add("pregnancy_new_baby")
    form.needs.picker.add("child_behaviour")
    form.needs.picker.set_primary("child_behaviour")
    assert "★ primary" in form.needs.picker.chosen.item(1).text()
    for answer in form.safeguarding.answers.values():
        answer.set_value(False)
    form.consent.consent.set_code("given")
    page.refresh_now()
    assert page.route_panel.current is not None
    assert page.route_panel.current.hub == "mosaic"
    assert "Mosaic" in page.route_panel.hub.text()

    window.activateWindow()
    tab_to("Consent to early help")
    press(Qt.Key.Key_P, CTRL)  # save and print

    saved = page.last_saved
    assert saved is not None
    assert (sheets_dir / f"{saved.reference}.pdf").read_bytes().startswith(b"%PDF")
    with db.read() as s:
        stored = load_request(s, saved.reference)
        row = s.execute(select(RequestVersion)).scalar_one()
        actions = s.execute(select(AuditEntry.action)).scalars().all()
    req = stored.request
    assert req.contact_method == "face_to_face"
    assert [(c.first_name, c.unborn) for c in req.children] == [("Tom", False), (None, True)]
    assert req.family.interpreter and req.family.language == "Polish"
    assert req.primary_need == "child_behaviour"
    assert stored.route.hub == "mosaic" and not row.hub_chosen_by_staff
    assert stored.desk == "mosaic-reception"
    assert actions == ["create", "print_sheet"]


def test_staff_can_choose_another_hub(make_window, db):
    page = make_window(RECEPTION_DESK).capture
    page.form.family.postcode.setText("CV7 9ZZ")
    page.form.family.hub.set_code("harmony")
    page.form.needs.picker.add("money_debt")
    page.refresh_now()
    assert page.route_panel.current.hub == "harmony"


def test_typing_a_pick_list_finds_by_part_of_a_label(window):
    combo = window.capture.form.contact.source
    combo.setFocus()
    type_text("loc")
    assert combo.code() == "local_authority"
