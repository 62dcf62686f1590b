"""Run by test_drafts: the real window over a database file, typed into, then killed.

Usage: python -m tests.ui.draft_child DATABASE_PATH

Fills the form, waits for the autosave to commit, prints "saved <draft id>" and keeps running
until the test kills the process (SIGKILL: no clean-up of any kind runs).
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.conftest import FIXED_NOW, open_sqlite
from tests.ui.forms import child
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import load_rules
from triage_app.settings import DeskSettings
from ui.context import WindowContext
from ui.main_window import MainWindow

DESK = DeskSettings(kind="freephone", desk_name="freephone-1")


def main() -> None:
    app = QApplication(sys.argv[:1])
    db = open_sqlite(Path(sys.argv[1]))
    resources = resources_dir()
    vocab = load_vocabularies(resources)
    ctx = WindowContext(
        db=db,
        vocab=vocab,
        rules=load_rules(resources / "pathways", vocab),
        actor=Actor("test.handler"),
        desk=DESK,
        desk_configured=True,
        config_dir=Path(sys.argv[1]).parent / "config",
        resources=resources,
        clock=lambda: FIXED_NOW,
    ).with_desk(DESK)
    window = MainWindow(ctx)
    window.start()
    form = window.capture.form
    window.capture.autosave.saved.connect(lambda draft_id: print("saved", draft_id, flush=True))
    form.contact.source.set_code("education")
    form.contact.ref_name.setText("Ms Teacher")
    form.family.last_name.setText("Crashtest")
    form.family.phone.setText("024 7600 0003")
    form.children_list.add_child(child("Max", "Crashtest", "05/06/2016"))
    form.needs.picker.add("school_attendance")
    form.story.text.setPlainText("Not in school for three weeks.")
    form.safeguarding.answers["significant_harm"].set_value(False)
    app.exec()


if __name__ == "__main__":
    main()
