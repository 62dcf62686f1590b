"""Every cell of the role × action table, and the table in docs/access.md is the same one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from triage_app.accounts.roles import (
    ACTIONS,
    PERMISSIONS,
    ROLES,
    NotPermitted,
    Scope,
    allowed,
    require,
    visible_scope,
)
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "access.md"

#: The table, written out again by hand: a change to the code must be made here too, on
#: purpose. Columns: call handler, receptionist, team leader, administrator.
EXPECTED = {
    "record_request": "YYYN",
    "discard_draft": "YYYN",
    "print_sheet": "YYYN",
    "view_own_and_hub_requests": "YYYN",
    "open_full_record": "YYYN",
    "mark_action_done": "YYYN",
    "record_outcome": "YYYN",
    "override_pathway": "YYYN",
    "take_request": "YYYN",
    "assign_request": "NNYN",
    "approve_override": "NNYN",
    "set_aside_safeguarding_step": "NNYN",
    "view_all_requests": "NNYN",
    "amend_request": "NNYN",
    "view_figures": "NNYN",
    "export": "NNYN",
    "replay_rules": "NNYY",
    "view_audit": "NNYY",
    "edit_directory": "NNYY",
    "manage_accounts": "NNNY",
    "manage_desks": "NNNY",
    "manage_rules": "NNNY",
    "change_settings": "NNNY",
    "run_retention": "NNNY",
    "erase_record": "NNNY",
}
ROLE_ORDER = ("call_handler", "receptionist", "team_leader", "administrator")
CELLS = [
    (role, action, EXPECTED[action][i] == "Y")
    for action in EXPECTED
    for i, role in enumerate(ROLE_ORDER)
]


def test_the_code_has_exactly_these_roles_and_actions() -> None:
    assert tuple(r.code for r in ROLES) == ROLE_ORDER
    assert [a.code for a in ACTIONS] == list(EXPECTED)


@pytest.mark.parametrize(("role", "action", "expected"), CELLS)
def test_every_cell(role: str, action: str, expected: bool) -> None:
    assert allowed(role, action) is expected
    actor = Actor(username="someone", role=role, desk="desk-1")
    if expected:
        require(actor, action)
    else:
        with pytest.raises(NotPermitted) as refused:
            require(actor, action)
        assert isinstance(refused.value, TriageError)
        assert str(refused.value).startswith(("a ", "an "))
        assert "may not" in str(refused.value)


@pytest.mark.parametrize("role", [None, "", "admin", "ADMINISTRATOR", "team leader"])
@pytest.mark.parametrize("action", [a.code for a in ACTIONS])
def test_unknown_roles_are_refused_everything(role: str | None, action: str) -> None:
    assert not allowed(role, action)


@pytest.mark.parametrize("role", ROLE_ORDER)
@pytest.mark.parametrize("action", ["", "delete_everything", "Export", "sign_in"])
def test_unknown_actions_are_refused_to_every_role(role: str, action: str) -> None:
    assert not allowed(role, action)
    with pytest.raises(NotPermitted, match="may not do"):
        require(Actor(username="x", role=role), action)


@pytest.mark.parametrize(
    ("role", "action", "message"),
    [
        (
            "call_handler",
            "amend_request",
            "a call handler may not amend a request; ask a team leader",
        ),
        (
            "receptionist",
            "view_audit",
            "a receptionist may not read the audit trail; ask a team leader or an administrator",
        ),
        (
            "administrator",
            "open_full_record",
            "an administrator may not open a full record; ask a call handler or a receptionist "
            "or a team leader",
        ),
    ],
)
def test_a_refusal_says_who_to_ask(role: str, action: str, message: str) -> None:
    with pytest.raises(NotPermitted) as refused:
        require(Actor(username="someone", role=role), action)
    assert str(refused.value) == message


def test_administrators_read_no_family_records() -> None:
    reading = {
        "view_own_and_hub_requests",
        "view_all_requests",
        "open_full_record",
        "amend_request",
        "print_sheet",
        "export",
        "view_figures",
    }
    assert not any(allowed("administrator", a) for a in reading)
    assert visible_scope("administrator") is Scope.NONE


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        ("call_handler", Scope.OWN_AND_HUB),
        ("receptionist", Scope.OWN_AND_HUB),
        ("team_leader", Scope.ALL),
        ("administrator", Scope.NONE),
        (None, Scope.NONE),
    ],
)
def test_visible_scope(role: str | None, scope: Scope) -> None:
    assert visible_scope(role) is scope


def _docs_table() -> tuple[list[str], dict[str, list[str]]]:
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| action | what it"))
    header = [c.strip().strip("`") for c in lines[start].strip("|").split("|")]
    rows: dict[str, list[str]] = {}
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = cells
    return header, rows


def test_the_docs_table_is_the_code_table() -> None:
    header, rows = _docs_table()
    assert header[2:] == [r.code for r in ROLES]
    assert list(rows) == [a.code for a in ACTIONS]
    for action in ACTIONS:
        cells = rows[action.code]
        assert cells[1] == action.label
        for role, cell in zip(ROLES, cells[2:], strict=True):
            assert re.fullmatch("yes|no", cell), cell
            assert (cell == "yes") == (role.code in PERMISSIONS[action]), (action, role)
