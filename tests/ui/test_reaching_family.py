"""Early help is not saved without a way to reach the family, or the reason there is none."""

from __future__ import annotations

from tests.ui.forms import child, complete_values
from triage_app.domain.reach import MESSAGE
from triage_app.store.stored import load_request

#: Domestic abuse with a seven-year-old: early help (contract rule 5). Postcode only.
ABUSE = complete_values(
    needs=["domestic_abuse"],
    primary_need="domestic_abuse",
    children=[child("Ada", "Testcase", "03/11/2018")],
)


def test_one_message_then_a_reason_lets_it_be_saved_and_is_kept(window, db):
    page = window.capture
    page.form.set_values(ABUSE)
    assert not page.save()
    family = page.form.family
    assert family.slots["no_contact_reason"].message == MESSAGE
    assert "Reaching the family: " + MESSAGE in page.route_panel.points.text()
    family.no_contact.set_code("anonymous")
    assert page.save()
    with db.read() as s:
        stored = load_request(s, page.last_saved.reference).request
    assert stored.no_contact_reason == "anonymous"
    assert page.last_saved.route.pathway == "early_help"


def test_a_phone_number_is_enough(window):
    page = window.capture
    page.form.set_values(ABUSE)
    page.form.family.phone.setText("07700 900111")
    assert page.save()


def test_an_emergency_saved_at_once_is_never_held_up(window):
    page = window.capture
    values = complete_values(
        needs=["domestic_abuse"], children=[child("Ada", "Testcase", "03/11/2018")]
    )
    values["answers"]["immediate_danger"] = True
    page.form.set_values(values)
    page.refresh_now()
    page.emergency_save.called_by.setText("A. Handler")
    assert page.save_emergency()
    assert page.last_saved.route.pathway == "emergency"
