"""Using an earlier request's details: the family and children filled in, marked until
confirmed with the caller, and the two requests linked both ways once the new one is saved."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tests.ui.conftest import press, type_text
from triage_app.domain.actor import Actor
from triage_app.domain.request import Answers, Child, Family, Referrer, TriageRequest
from triage_app.services.intake import take_request
from triage_app.store.audit_models import AuditEntry
from triage_app.store.stored import load_request
from ui.pages.version_history import RecordWindow

EARLIER = TriageRequest(
    contact_method="email",
    source="education",
    needs=("housing_rent",),
    consent="given",
    children=(
        Child(
            first_name="Mia", last_name="Copyton", date_of_birth=date(2016, 6, 1), gender="female"
        ),
        Child(unborn=True),
    ),
    answers=Answers(False, False, False),
    postcode="CV2 1EQ",
    family=Family(
        first_name="Rae",
        last_name="Copyton",
        address="12 Synthetic Close",
        phone="024 7600 0077",
        email="rae@example.org",
        language="Polish",
        interpreter=True,
    ),
    referrer=Referrer(name="A Teacher", organisation="A School"),
    narrative="Said then, not now.",
    concerns=("neglect",),
)


def save_earlier(db, vocab, rules, when) -> str:
    actor = Actor(username="test.handler", role="call_handler", desk="freephone-1")
    with db.write() as s:
        req = replace(EARLIER, received_at=when)
        return take_request(s, req, vocab=vocab, rules=rules, actor=actor, now=when).reference


def caller_rings_again(window, qtbot):
    """The handler types the family's phone; the panel finds the earlier request."""
    page = window.capture
    page.form.family.phone.setFocus()
    type_text("02476000077")
    qtbot.waitUntil(page.rereferral.isVisible)
    return page


def test_use_these_details_fills_family_and_children_and_marks_them(
    window, db, vocab, rules, now, qtbot
):
    ref = save_earlier(db, vocab, rules, now - timedelta(days=90))
    page = caller_rings_again(window, qtbot)
    with qtbot.waitSignal(page.details_copied):
        press(Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)  # a mnemonic clicks a moment later
    form, values = page.form, page.form.values()

    assert values["family"]["last_name"] == "Copyton"
    assert values["family"]["address"] == "12 Synthetic Close"
    assert values["family"]["language"] == "Polish" and values["family"]["interpreter"]
    assert [c["first_name"] for c in values["children"]] == ["Mia", ""]
    assert values["children"][1]["unborn"]
    assert form.children_list.rows[0].age.text() == "Age 9"  # for today, from the birth date
    # The new conversation is asked afresh: nothing of what was said then.
    assert values["needs"] == [] and values["concerns"] == []
    assert values["narrative"] == "" and values["source"] is None
    assert set(values["answers"].values()) == {None}
    assert values["referrer"]["name"] == ""

    notice = form.copied_notice
    assert notice.isVisible() and ref in notice.text.text()
    assert "surname" in notice.text.text() and "child 1" in notice.text.text()
    assert "❐ copied" in form.family.labels["family.last_name"].text()
    assert "❐ copied" in form.children_list.rows[0].title.text()
    assert QApplication.focusWidget() is notice.confirm
    assert f"Copied from {ref}, confirm with the caller" in page.route_panel.points.text()
    unborn_then = (now - timedelta(days=90)).strftime("%d/%m/%Y")
    assert f"Child 2 was unborn on {unborn_then}: ask whether the baby" in notice.text.text()

    # Editing a copied detail confirms it; the others stay marked.
    form.family.phone.setFocus()
    form.family.phone.selectAll()
    type_text("07700 900077")
    assert "❐" not in form.family.labels["family.phone"].text()
    assert "family.phone" not in form.values()["copied"]["pending"]
    assert "family.last_name" in form.values()["copied"]["pending"]

    # A draft keeps the marks.
    kept = form.values()
    form.set_values(kept)
    assert form.values()["copied"] == kept["copied"]

    notice.confirm.click()
    assert form.values()["copied"]["pending"] == []
    assert "❐" not in form.family.labels["family.last_name"].text()
    assert "all confirmed" in notice.text.text()

    with db.read() as s:
        copied = s.execute(
            select(AuditEntry.record_ref).where(AuditEntry.action == "copy_details")
        ).scalar_one()
    assert copied == ref


def test_saving_links_the_two_requests_both_ways(window, db, vocab, rules, now, qtbot):
    ref = save_earlier(db, vocab, rules, now - timedelta(days=30))
    page = caller_rings_again(window, qtbot)
    page.rereferral.use_button.click()
    values = page.form.values()
    values.update(
        contact_method="telephone",
        source="self_referral",
        needs=["money_debt"],
        consent="given",
        answers=dict.fromkeys(values["answers"], False),
    )
    page.form.set_values(values)
    assert page.save()
    new_ref = page.last_saved.reference
    with db.read() as s:
        new, old = load_request(s, new_ref), load_request(s, ref)
    assert new.links.copied_from == ref
    assert old.links.copied_into == (new_ref,)
    assert new.request.family.email == "rae@example.org"
    assert new.request.needs == ("money_debt",)


def test_use_these_details_from_the_record_window(window, db, vocab, rules, now, qtbot):
    ref = save_earlier(db, vocab, rules, now - timedelta(days=30))
    page = caller_rings_again(window, qtbot)
    page.rereferral.open_button.click()
    record = next(w for w in window.findChildren(RecordWindow) if w.isVisible())
    assert record.use_button.isEnabled()
    record.use_button.click()
    qtbot.waitUntil(lambda: not record.isVisible())
    assert page.form.values()["copied"]["from"] == ref
    assert page.form.family.first_name.text() == "Rae"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is page.form.copied_notice.confirm)
