"""The Administration page: an administrator sets the service up in the window, audited.

Driven as an administrator would: the real window signed in as one, the page's own buttons,
the dialogs filled in and saved; what changed is read back from the database.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from tests.conftest import FIXED_NOW
from tests.ui.conftest import FREEPHONE_DESK
from tests.ui.signin_helpers import (
    ADMIN_PASSWORD,
    NEVER_MS,
    add_account,
    lockable_window,
    signed_in,
    when_modal,
)
from triage_app.accounts.users import find_staff
from triage_app.store.audit_models import AuditEntry
from ui.admin.account_dialogs import NewAccount, NewAccountDialog, RoleDialog
from ui.admin.account_lists import AccountsModel
from ui.main_window import MainWindow
from ui.new_password_dialog import NewPasswordDialog

NEW_PASSWORD = "a new pass phrase 2"


@pytest.fixture
def open_as(qtbot, make_context, db):
    def make(username: str, role: str, password: str = "correct horse battery") -> MainWindow:
        add_account(db, username, role)
        actor = signed_in(db, username, FREEPHONE_DESK, password)
        return lockable_window(qtbot, make_context, actor, FREEPHONE_DESK, NEVER_MS)

    return make


@pytest.fixture
def admin_window(open_as) -> MainWindow:
    return open_as("a.admin", "administrator", ADMIN_PASSWORD)


def shown_accounts(window: MainWindow) -> dict[str, tuple[str, str]]:
    model = window.admin_page.accounts
    return {
        model.text(model.row_at(r), AccountsModel.COL_USERNAME): (
            model.text(model.row_at(r), AccountsModel.COL_ROLE),
            model.text(model.row_at(r), AccountsModel.COL_STATE),
        )
        for r in range(model.rowCount())
    }


def audit_actions(db, username: str) -> list[str]:
    with db.read() as s:
        query = select(AuditEntry.action).where(AuditEntry.record_ref == f"user:{username}")
        return list(s.execute(query).scalars())


def test_an_administrator_lands_on_the_page_and_every_closed_tab_says_why(admin_window):
    tabs = admin_window.tabs
    assert tabs.currentWidget() is admin_window.admin_page
    assert tabs.isTabEnabled(tabs.currentIndex())
    for i in range(tabs.count()):
        if not tabs.isTabEnabled(i):
            assert "administrator may not" in tabs.tabToolTip(i), tabs.tabText(i)
    assert shown_accounts(admin_window) == {"a.admin": ("Administrator", "Active")}


def test_other_roles_see_the_page_closed_with_the_reason(open_as):
    window = open_as("t.leader", "team_leader")
    index = window.tabs.indexOf(window.admin_page)
    assert not window.tabs.isTabEnabled(index)
    assert window.tabs.tabToolTip(index).startswith("A team leader may not add, disable")


def test_adding_an_account_in_the_window(qtbot, admin_window, db):
    page = admin_window.admin_page
    account = NewAccount("c.handler", "Casey Handler", "call_handler", "mosaic", NEW_PASSWORD)

    def mismatched_then_right(dialog: NewAccountDialog) -> None:
        dialog.fill(account, again="something else")
        dialog.buttons.accepted.emit()
        assert dialog.errors["password_again"].isVisibleTo(dialog)
        dialog.fill(replace(account, username="C H"))
        dialog.buttons.accepted.emit()  # the service's rule, shown beside the field
        assert "lower-case" in dialog.errors["username"].text()
        dialog.fill(account)
        dialog.buttons.accepted.emit()
        assert dialog.result() == NewAccountDialog.DialogCode.Accepted, dialog.general_error.text()

    page.sole_grants.click()  # a sole administrator adds staff who read records
    when_modal([(NewAccountDialog, mismatched_then_right)])
    outcome = page.add_account()
    assert outcome is not None and outcome.username == "c.handler"
    assert shown_accounts(admin_window)["c.handler"] == (
        "Call handler",
        "Must choose a password at next sign-in",
    )
    assert "Account c.handler added" in admin_window.statusBar().currentMessage()
    with db.read() as s:
        row = find_staff(s, "c.handler")
        assert (row.role, row.hub, row.must_change_password) == ("call_handler", "mosaic", True)
    assert audit_actions(db, "c.handler") == ["user_added"]


def test_disable_enable_unlock_and_reset_from_the_page(qtbot, admin_window, db):
    add_account(db, "c.handler", "call_handler")
    with db.write() as s:
        find_staff(s, "c.handler").locked_until = FIXED_NOW + timedelta(minutes=5)
    page = admin_window.admin_page
    page.refresh()
    assert shown_accounts(admin_window)["c.handler"][1].startswith("Locked until")
    page.select_account("c.handler")
    page.unlock_button.click()
    assert shown_accounts(admin_window)["c.handler"][1] == "Active"
    page.disable_button.click()
    assert shown_accounts(admin_window)["c.handler"][1] == "Disabled"
    page.enable_button.click()
    assert shown_accounts(admin_window)["c.handler"][1] == "Active"

    def type_twice(dialog: NewPasswordDialog) -> None:
        dialog.first.setText(NEW_PASSWORD)
        dialog.second.setText(NEW_PASSWORD)
        dialog.check()

    when_modal([(NewPasswordDialog, type_twice)])
    assert page.new_password() is not None
    assert shown_accounts(admin_window)["c.handler"][1] == "Must choose a password at next sign-in"
    assert audit_actions(db, "c.handler")[1:] == [
        "user_unlocked",
        "user_disabled",
        "user_enabled",
        "password_reset",
    ]


def test_the_last_administrator_cannot_be_disabled_and_is_told_why(qtbot, admin_window):
    page = admin_window.admin_page
    page.select_account("a.admin")
    page.disable_button.click()
    box = qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None) or (
        QApplication.activeModalWidget()
    )
    assert "last administrator" in box.text()
    box.close()
    assert shown_accounts(admin_window)["a.admin"][1] == "Active"


def test_a_new_role_waits_for_a_second_administrator_and_can_be_withdrawn(admin_window, db):
    add_account(db, "c.handler", "call_handler")
    add_account(db, "b.admin", "administrator")
    page = admin_window.admin_page
    page.refresh()
    page.select_account("c.handler")

    def make_team_leader(dialog: RoleDialog) -> None:
        dialog.role.setCurrentIndex(dialog.role.findData("team_leader"))
        dialog.buttons.accepted.emit()

    when_modal([(RoleDialog, make_team_leader)])
    page.change_role()
    assert "waits for a second administrator" in admin_window.statusBar().currentMessage()
    assert shown_accounts(admin_window)["c.handler"][0] == "Call handler"
    assert page.pending.rowCount() == 1 and page.approve_button.isEnabled()
    page.pending_table.selectRow(0)
    page.refuse_button.click()  # the one who asked may withdraw it
    assert page.pending.rowCount() == 0


def test_the_sole_administrator_setting_is_set_in_the_window(admin_window, db):
    page = admin_window.admin_page
    assert not page.sole_grants.isChecked()  # a new service: a second administrator approves
    page.sole_grants.click()
    with db.read() as s:
        entry = s.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
    assert entry.reason == "sole_administrator_grants: yes"
    assert "A sole administrator may give" in admin_window.statusBar().currentMessage()


def test_the_desk_prompt_is_true_for_whom_it_is_shown_to(qtbot, make_window, db):
    window = make_window(configured=False)  # a call handler
    assert "ask an administrator" in window.desk_status.prompt.text()
    assert not window.menus.settings_action.isEnabled()
    add_account(db, "a.admin", "administrator")
    admin = signed_in(db, "a.admin", FREEPHONE_DESK, ADMIN_PASSWORD)
    window.set_actor(admin)
    assert "File ▸ Settings for this desk (Ctrl+,)" in window.desk_status.prompt.text()
    assert window.menus.settings_action.isEnabled()
