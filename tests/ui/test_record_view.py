"""The read-only record: every captured detail on screen as the form lays it out, the record
printed for the file (previewed, saved, read back, audited), and room for one more panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from sqlalchemy import select

from tests.services.requests_data import EVERYTHING, save
from tests.sheets.pdfread import read_sheet
from tests.ui.test_sheet_preview import while_previewing
from triage_app.services.record_print import PRINT_RECORD
from triage_app.store.audit_models import AuditEntry
from ui.pages.version_history import RecordWindow, open_record_window

SHOWN = (
    "Referrermarker", "Orgmarker School", "024 7600 0666", "teacher@example.org",
    "Parentmarker", "024 7600 0555", "family@example.org", "Languagemarker",
    "Interpreter needed", "Primary need", "Housing or rent",
    "Kidmarker", "Female", "White Irish", "SEND",
    "Neglect: basic needs not met", "Children in the household, ages not known yet",
    "Callermarker", "PR-4242", "Narrativemarker said",
)  # fmt: skip


def open_record(window, qtbot, db, vocab, rules, now) -> RecordWindow:
    reference = save(db, rules, vocab, EVERYTHING, received=now)
    record = open_record_window(window, lambda: window.ctx, reference)
    assert record is not None
    qtbot.waitUntil(record.isVisible)
    return record


def test_every_captured_detail_is_on_screen_and_the_address_withheld(
    window, qtbot, db, vocab, rules, now
):
    record = open_record(window, qtbot, db, vocab, rules, now)
    text = record.text.toPlainText()
    for shown in SHOWN:
        assert shown in text, shown
    assert "Addressmarker" not in text and "CV2 1EQ" not in text
    assert "Address\twithheld" in text or "Address withheld" in " ".join(text.split())
    # In the form's order: contact, family, children, needs, concerns, what they say, questions.
    order = ["Contact", "Family", "Child or young person 1", "Presenting needs",
             "Safeguarding concerns", "What they say", "Safeguarding questions", "Consent",
             "Route"]  # fmt: skip
    places = [text.index(f"\n{title}\n") for title in order]
    assert places == sorted(places)
    record.close()


def test_the_record_is_printed_for_the_file_and_audited(
    window, qtbot, db, vocab, rules, now, tmp_path
):
    record = open_record(window, qtbot, db, vocab, rules, now)
    path = tmp_path / "record.pdf"
    saved = while_previewing(qtbot, lambda dialog: (dialog.windowTitle(), dialog.save_to(path)))
    record.activateWindow()
    qtbot.waitUntil(record.isActiveWindow)
    record.record_button.setFocus()
    QTest.keyClick(record.record_button, Qt.Key.Key_Space)
    assert saved == [("Record for the file — preview", True)]
    pdf = read_sheet(path.read_bytes()).text
    for shown in SHOWN:
        assert shown in pdf, shown
    with db.read() as s:
        entries = s.execute(
            select(AuditEntry.record_ref, AuditEntry.reason).where(
                AuditEntry.action == PRINT_RECORD
            )
        ).all()
    assert [tuple(e) for e in entries] == [(record.stored.reference, "version 1")]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is record.record_button)
    record.close()


def test_one_more_panel_goes_below_the_record_and_above_the_buttons(
    window, qtbot, db, vocab, rules, now
):
    record = open_record(window, qtbot, db, vocab, rules, now)
    panel = QLabel("Status and notes")
    record.add_panel(panel)
    qtbot.waitUntil(panel.isVisible)
    assert record.text.y() < panel.y() < record.buttons.y()
    record.close()
