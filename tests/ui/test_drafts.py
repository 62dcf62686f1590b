"""Drafts in the window: kept as typed, offered back after the process is killed, discarded
only deliberately (and recorded), closed when the request is saved."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.ui.forms import complete_values
from triage_app.services import drafts
from triage_app.store.audit_models import AuditEntry
from triage_app.store.draft_models import Draft
from ui.draft_dialog import DISCARD, RESTORE, DiscardDialog, DraftChoice, DraftsDialog

ROOT = Path(__file__).resolve().parents[2]
#: Only a guard against a hung child process, never a measure of speed.
CHILD_GUARD_SECONDS = 120


def read_line(proc: subprocess.Popen[str]) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        ready = selector.select(CHILD_GUARD_SECONDS)
    assert ready, "the window process never reported its draft"
    return proc.stdout.readline().strip()


def test_draft_survives_sigkill_and_is_offered_back(sqlite_path, db, make_window, monkeypatch):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.ui.draft_child", str(sqlite_path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = read_line(proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
    assert line.startswith("saved "), line
    draft_id = line.split()[1]

    offered: list[list[drafts.DraftSummary]] = []

    def ask(_parent, found, _vocab):
        offered.append(found)
        return DraftChoice(RESTORE, found[0].draft_id)

    monkeypatch.setattr(DraftsDialog, "ask", staticmethod(ask))
    window = make_window()
    window.offer_drafts()

    assert [d.draft_id for d in offered[0]] == [draft_id]
    values = window.capture.form.values()
    assert values["source"] == "education"
    assert values["referrer"]["name"] == "Ms Teacher"
    assert values["family"]["last_name"] == "Crashtest"
    assert values["children"][0]["born"] == "05/06/2016"
    assert values["needs"] == ["school_attendance"]
    assert values["narrative"] == "Not in school for three weeks."
    assert values["answers"]["significant_harm"] is False
    assert values["answers"]["immediate_danger"] is None
    assert window.capture.autosave.draft_id == draft_id

    # Finishing and saving it closes the draft in the same transaction.
    window.capture.form.set_values(
        complete_values(source="education", referrer={"name": "Ms Teacher"})
    )
    assert window.capture.save()
    with db.read() as s:
        assert s.execute(select(Draft.status)).scalar_one() == drafts.SAVED
        assert drafts.open_drafts(s, "freephone-1") == []


def test_autosave_writes_after_typing_and_new_request_discards_deliberately(
    window, db, qtbot, monkeypatch
):
    page = window.capture
    with qtbot.waitSignal(page.autosave.saved):
        page.form.family.last_name.setText("Draftly")
    with db.read() as s:
        (found,) = drafts.open_drafts(s, "freephone-1")
    assert found.payload["family"]["last_name"] == "Draftly"
    assert found.author == "test.handler"

    # Ctrl+N with unsaved typing asks first; saying no keeps everything.
    monkeypatch.setattr(DiscardDialog, "ask", staticmethod(lambda _parent: None))
    window.menus.new_action.trigger()
    assert page.form.values()["family"]["last_name"] == "Draftly"

    reason = "The caller rang off before giving enough to record"
    monkeypatch.setattr(DiscardDialog, "ask", staticmethod(lambda _parent: reason))
    window.menus.new_action.trigger()
    assert page.form.values()["family"]["last_name"] == ""
    with db.read() as s:
        row = s.execute(select(Draft)).scalar_one()
        entry = s.execute(
            select(AuditEntry).where(AuditEntry.action == "discard_draft")
        ).scalar_one()
    assert row.status == drafts.DISCARDED and "Draftly" not in str(row.payload)
    assert (entry.record_ref, entry.reason) == (found.draft_id, reason)


def test_discarding_an_offered_draft(window, db, actor, now, monkeypatch):
    with db.write() as s:
        draft_id = drafts.save_draft(
            s, None, {"family": {"last_name": "Gone"}}, actor=window.ctx.actor, now=now
        )
    answers = iter([DraftChoice(DISCARD, draft_id, "Typed in error or a duplicate"), None])
    monkeypatch.setattr(DraftsDialog, "ask", staticmethod(lambda *_a: next(answers)))
    window.offer_drafts()
    with db.read() as s:
        assert s.execute(select(Draft.status)).scalar_one() == drafts.DISCARDED


def test_drafts_dialog_lists_and_chooses(qtbot, db, now, vocab, window, monkeypatch):
    with db.write() as s:
        drafts.save_draft(
            s,
            None,
            {"family": {"last_name": "Listed"}, "children": [{}], "needs": ["homelessness"]},
            actor=window.ctx.actor,
            now=now,
        )
        found = drafts.open_drafts(s, "freephone-1")
    dialog = DraftsDialog(found, vocab, window)
    qtbot.addWidget(dialog)
    text = dialog.model.index(0, dialog.model.COL_SUMMARY).data()
    assert text == "Listed, 1 child, Homelessness"
    dialog.restore_button.click()
    assert dialog.choice == DraftChoice(RESTORE, found[0].draft_id)
    monkeypatch.setattr(DiscardDialog, "ask", staticmethod(lambda _p: None))
    dialog.choice = None
    dialog.discard_button.click()  # the confirmation said no: nothing chosen
    assert dialog.choice is None


def test_closing_the_window_keeps_the_draft(window, db):
    window.capture.form.family.last_name.setText("Closing")
    window.close()
    with db.read() as s:
        (found,) = drafts.open_drafts(s, "freephone-1")
    assert found.payload["family"]["last_name"] == "Closing"


def test_key_for_no(window):
    answer = window.capture.form.safeguarding.answers["immediate_danger"]
    answer.yes.setFocus()
    from PySide6.QtTest import QTest

    QTest.keyClick(answer.yes, Qt.Key.Key_Y)
    assert answer.value() is True
    QTest.keyClick(answer.yes, Qt.Key.Key_N)
    assert answer.value() is False
