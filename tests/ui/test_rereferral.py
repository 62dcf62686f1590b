"""The re-referral warning: earlier requests for the same child or family, and opening one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy import select

from triage_app.domain.request import Answers, Child, Family, TriageRequest
from triage_app.services.intake import take_request
from triage_app.store.audit_models import AuditEntry
from ui.record_view import RecordDialog
from ui.rereferral_panel import EarlierRequestsModel

EARLIER = TriageRequest(
    contact_method="telephone",
    source="self_referral",
    needs=("housing_rent",),
    consent="given",
    children=(Child(first_name="Zoe", last_name="Again", date_of_birth=date(2017, 4, 2)),),
    answers=Answers(False, False, False),
    postcode="CV2 1EQ",
    family=Family(first_name="Una", last_name="Again", phone="024 7600 0004"),
)


def save_earlier(db, vocab, rules, actor, when):
    with db.write() as s:
        return take_request(
            s, replace(EARLIER, received_at=when), vocab=vocab, rules=rules, actor=actor, now=when
        ).reference


def test_child_recognised_shows_earlier_requests_and_opens_one(
    window, db, vocab, rules, actor, now, qtbot
):
    ref = save_earlier(db, vocab, rules, actor, now - timedelta(days=40))
    save_earlier(db, vocab, rules, actor, now - timedelta(days=500))  # too long ago
    page = window.capture
    panel = page.rereferral
    page.form.children_list.add_child()
    row = page.form.children_list.rows[0]
    row.first_name.setText("zoe")
    row.last_name.setText("again")
    page.refresh_now()
    assert not panel.isVisible()  # not recognisable without the date of birth
    row.born.setText("02/04/2017")
    page.refresh_now()
    assert panel.isVisible()
    assert "1 earlier request" in panel.heading.text()
    model = panel.model
    assert model.rowCount() == 1
    cells = [model.index(0, c).data() for c in range(model.columnCount())]
    assert cells[model.COL_DATE] == (now - timedelta(days=40)).strftime("%d/%m/%Y")
    assert cells[model.COL_HUB] == "The Moat Family Hub"
    assert cells[model.COL_PATHWAY]
    assert cells[model.COL_REFERENCE] == ref

    panel.open_button.click()
    dialogs = window.findChildren(RecordDialog)
    assert len(dialogs) == 1 and ref in dialogs[0].windowTitle()
    text = dialogs[0].text.toPlainText()  # laid out as the form: first name, then surname
    assert "Parent or carer\nUna\n" in text and "Surname\nAgain\n" in text
    with db.read() as s:
        assert (
            s.execute(
                select(AuditEntry.record_ref).where(AuditEntry.action == "open_record")
            ).scalar_one()
            == ref
        )
    dialogs[0].close()


def test_family_recognised_by_phone(window, db, vocab, rules, actor, now):
    save_earlier(db, vocab, rules, actor, now - timedelta(days=3))
    page = window.capture
    page.form.family.phone.setText("02476000004")
    page.refresh_now()
    assert page.rereferral.model.rowCount() == 1
    assert page.rereferral.model.index(0, EarlierRequestsModel.COL_MATCHED).data() == "phone"


def test_models_pass_the_model_tester(qtmodeltester, vocab, window, db, rules, actor, now):
    from triage_app.services import drafts
    from triage_app.services.rereferral import EarlierRequest
    from ui.draft_dialog import DraftsModel

    model = EarlierRequestsModel(vocab)
    model.set_rows(
        [
            EarlierRequest("HH-0000-0001", now, "mosaic", "early_help", ("child",)),
            EarlierRequest("HH-0000-0002", now, None, "advice", ("phone", "surname and postcode")),
        ]
    )
    qtmodeltester.check(model)
    with db.write() as s:
        drafts.save_draft(s, None, {}, actor=window.ctx.actor, now=now)
        found = drafts.open_drafts(s, "freephone-1")
    drafts_model = DraftsModel(vocab)
    drafts_model.set_rows(found)
    qtmodeltester.check(drafts_model)
