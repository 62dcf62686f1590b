"""Every page and every dialog of the window, walked (``tests/ui/walker.py``): each Alt+letter
leads to one place, every control has a name, and the focus comes back after every dialog."""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QDialog, QWidget

import ui
from tests.services.requests_data import HARM, HOUSING, save
from tests.ui.conftest import FREEPHONE_DESK
from tests.ui.forms import complete_values
from tests.ui.walker import Seen, Walker
from triage_app.domain.actor import Actor
from triage_app.services import drafts
from ui.capture.page import CapturePage
from ui.main_window import MainWindow
from ui.pages.followup_page import FollowUpPage

#: The roles that see different pages and dialogs (the front door sees a team leader's less).
ROLES = ("team_leader", "administrator")
#: Shown before the window exists, or on its lock screen, where nobody was typing.
BEFORE_THE_WINDOW = {"SignInDialog", "FirstAdminDialog", "NewPasswordDialog"}
#: Opened only from a state the walk does not reach (a closed request, a waiting override, a
#: chosen action, a chosen directory entry, a staff account, a person signed in with an
#: account of their own): their own tests open them (tests/ui/test_life_dialogs.py,
#: test_record_life.py, test_services_page.py, test_admin_page.py, test_preferences.py).
NEEDS_A_STATE = {
    "DecideDialog",
    "ReopenDialog",
    "SettleDialog",
    "ServiceEditDialog",
    "RoleDialog",
    "PreferencesDialog",
}
#: One walk per role, shared by the tests below (what was found, as plain text).
_WALKS: dict[str, list[Seen]] = {}


def dialog_kinds() -> list[str]:
    """Every dialog class the window's code defines, found by importing the ``ui`` package."""
    for module in pkgutil.walk_packages(ui.__path__, "ui."):
        importlib.import_module(module.name)
    found, pending = set(), list(QDialog.__subclasses__())
    while pending:
        kind = pending.pop()
        pending += kind.__subclasses__()
        if kind.__module__.startswith("ui."):
            found.add(kind.__name__)
    return sorted(found - BEFORE_THE_WINDOW - NEEDS_A_STATE)


def fullest(page: QWidget) -> None:
    """Each page with everything it can show: on the capture page an earlier request and the
    999 bar; the follow-up queue with all the work the walker may see (its rows' dialogs)."""
    if isinstance(page, FollowUpPage):
        page.choose_scope("everything")
    if isinstance(page, CapturePage):
        values = complete_values(answers={"immediate_danger": True})
        values["family"].update(phone=HOUSING.family.phone)  # matches the earlier request
        page.form.set_values(values)
        page.refresh_now()


@pytest.fixture
def walk(qtbot, make_context, db, rules, vocab, now):
    def walk(role: str) -> list[Seen]:
        if role in _WALKS:
            return _WALKS[role]
        actor = Actor(username="test.walker", role=role, desk=FREEPHONE_DESK.desk_name)
        for req, hours in ((HOUSING, 1), (HARM, 30)):
            save(db, rules, vocab, req, received=now - timedelta(hours=hours), actor=actor)
        with db.write() as session:
            drafts.save_draft(session, None, complete_values(), actor=actor, now=now)
        window = MainWindow(replace(make_context(FREEPHONE_DESK), actor=actor))
        qtbot.addWidget(window)
        window.resize(1366, 768)
        with qtbot.waitSignal(window.ready):
            window.start()
        try:
            walker = Walker(qtbot, window, prepare_page=fullest)
            _WALKS[role] = walker.walk(extra=[("drafts offered at start", window.offer_drafts)])
        finally:
            window.capture.autosave.stop()
        return _WALKS[role]

    return walk


@pytest.mark.parametrize("role", ROLES)
def test_no_letter_leads_to_two_places_in_any_window(walk, role) -> None:
    seen = walk(role)
    found = {f"{s.name} (from {s.opened_by or 'the tabs'})": s.clashes for s in seen if s.clashes}
    assert found == {}


@pytest.mark.parametrize("role", ROLES)
def test_every_control_on_every_page_and_dialog_has_a_name(walk, role) -> None:
    seen = walk(role)
    assert len(seen) > 3  # the walk reached pages and dialogs
    found = {s.name: s.unnamed for s in seen if s.unnamed}
    assert found == {}


@pytest.mark.parametrize("kind", dialog_kinds())
def test_the_focus_comes_back_after_the_dialog(walk, kind) -> None:
    met = [s for role in ROLES for s in walk(role) if kind in s.kinds]
    assert met, f"the walk never opened a {kind}: no menu entry or button reaches it"
    wrong = [
        f"{s.name} from {s.opened_by}: was {s.focus_before}, now {s.focus_after}"
        for s in met
        if not s.focus_returned
    ]
    assert wrong == []


def test_a_message_box_gives_the_focus_back_too(walk) -> None:
    met = [s for role in ROLES for s in walk(role) if s.kind in ("QMessageBox", "QFileDialog")]
    assert {s.kind for s in met} == {"QMessageBox", "QFileDialog"}
    assert [f"{s.name}: now {s.focus_after}" for s in met if not s.focus_returned] == []
