"""Work behind the sign-in screen: done on another thread, waited for without freezing."""

from __future__ import annotations

import argparse
import threading

import pytest
from PySide6.QtCore import QTimer

from triage_app.cli.context import CliContext
from triage_app.config import AppConfig
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from ui.app import show_notes_on
from ui.opening import Background
from ui.signin_dialog import SignInDialog


def test_the_window_keeps_handling_events_while_it_waits(qtbot):
    gate = threading.Event()
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    QTimer.singleShot(150, gate.set)
    work = Background(lambda: (gate.wait(30), threading.current_thread().name)[1], name="opening")

    assert work.result() == "opening"  # ran on its own thread
    timer.stop()
    assert len(ticks) >= 5  # the GUI thread's timers ran during the wait


def test_an_error_in_the_work_is_raised_where_the_result_is_asked_for(qtbot):
    def fail() -> None:
        raise TriageError("the database is newer than this program")

    work = Background(fail)
    with pytest.raises(TriageError, match="newer"):
        work.result()
    assert work.is_done()


def test_work_scheduled_for_when_idle_starts_once_the_event_loop_runs(qtbot):
    started = threading.Event()
    work = Background(started.set)
    work.start_when_idle()
    assert not started.is_set()  # nothing runs before the screen is drawn
    with qtbot.waitSignal(work.finished):
        pass
    assert started.is_set()
    work.result()  # already done: returns at once


def test_a_desk_waiting_for_another_desks_upgrade_is_told_on_the_sign_in_screen(
    qtbot, tmp_path, resources
):
    """The note comes from the thread opening the database; the screen shows it."""
    said: list[str] = []
    config = AppConfig(
        database=str(tmp_path / "x.sqlite"),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources,
    )
    ctx = CliContext(config, argparse.Namespace(), notify=said.append)
    dialog = SignInDialog(lambda *_: Actor(username=""))
    qtbot.addWidget(dialog)
    show_notes_on(ctx, dialog)
    waiting = "another desk is upgrading x.sqlite to this version's schema; waiting"
    worker = threading.Thread(target=ctx.notify, args=(waiting,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: dialog.note.text() == waiting)
    assert said == [waiting]
