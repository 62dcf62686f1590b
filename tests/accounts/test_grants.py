"""Administrators do not read families' records, and cannot make themselves readers alone.

Tried as an administrator would: add a team-leader account for oneself, or reset a team
leader's password and sign in as them, then export. Now such a change waits for a second
administrator's approval, or (with one administrator) is refused unless the database
setting allows it — and says so; a password someone else set opens one sign-in only, whose
owner is told who set it and when. Every step is in the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import FIXED_NOW, TEST_POLICY, open_sqlite
from triage_app.cli.main import run
from triage_app.config import AppConfig
from triage_app.locations import resources_dir
from triage_app.store.access_models import Staff
from triage_app.store.audit import entries

ADMIN_A = "admin pass phrase A"
ADMIN_B = "admin pass phrase B"
GIVEN = "given password 1"
OWN = "my own pass phrase"


@dataclass
class Done:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    database = tmp_path / "service.sqlite"

    def invoke(*argv: str, env: Mapping[str, str]) -> Done:
        config = AppConfig(
            database=str(database),
            data_dir=tmp_path / "data",
            config_dir=tmp_path / "config",
            resources=resources_dir(),
            environ=dict(env),
            clock=lambda: FIXED_NOW,
            accounts=TEST_POLICY,
        )
        capsys.readouterr()
        try:
            code = run(list(argv), config=config)
        except SystemExit as e:
            code = int(e.code or 0)
        captured = capsys.readouterr()
        return Done(code, captured.out, captured.err)

    invoke.database = database  # type: ignore[attr-defined]
    return invoke


def as_(user: str, password: str, **more: str) -> dict[str, str]:
    return {"TRIAGE_USER": user, "TRIAGE_PASSWORD": password, **more}


A = as_("a.admin", ADMIN_A)
B = as_("b.admin", ADMIN_B)


def _actions(database: Path) -> list[tuple[str, str, str | None, str | None]]:
    db = open_sqlite(database)
    with db.read() as s:
        found = [(e.actor, e.action, e.record_ref, e.reason) for e in entries(s)]
    db.close()
    return [f for f in found if f[1] not in {"sign_in"}]


def _accounts(database: Path) -> dict[str, tuple[str, bool]]:
    db = open_sqlite(database)
    with db.read() as s:
        rows = s.execute(select(Staff.username, Staff.role, Staff.must_change_password)).all()
    db.close()
    return {name: (role, must) for name, role, must in rows}


@pytest.fixture
def one_admin(cli) -> None:
    first = cli("users", "add", "a.admin", "--role", "administrator",
                env={"TRIAGE_NEW_PASSWORD": ADMIN_A})  # fmt: skip
    assert first.code == 0, first.err


@pytest.fixture
def two_admins(cli, one_admin: None) -> None:
    added = cli("users", "add", "b.admin", "--role", "administrator",
                env={**A, "TRIAGE_NEW_PASSWORD": GIVEN})  # fmt: skip
    assert added.code == 0, added.err
    own = cli("users", "list", env=as_("b.admin", GIVEN, TRIAGE_OWN_NEW_PASSWORD=ADMIN_B))
    assert own.code == 0, own.err


def test_a_sole_administrator_cannot_make_themselves_a_team_leader(cli, one_admin) -> None:
    tried = cli("users", "add", "a.reader", "--role", "team_leader",
                env={**A, "TRIAGE_NEW_PASSWORD": GIVEN})  # fmt: skip
    assert tried.code == 1 and tried.out == ""
    assert "needs a second administrator's approval" in tried.err
    assert "users sole-administrator on" in tried.err
    assert "a.reader" not in _accounts(cli.database)
    export = cli("export", "--out", "x", env=as_("a.reader", GIVEN))
    assert export.code == 1 and "wrong user name or password" in export.err


def test_a_sole_administrator_may_if_the_setting_says_so_and_it_is_said(cli, one_admin) -> None:
    assert cli("users", "sole-administrator", env=A).out.startswith("off:")
    assert cli("users", "sole-administrator", "on", env=A).code == 0
    added = cli("users", "add", "t.leader", "--role", "team_leader",
                env={**A, "TRIAGE_NEW_PASSWORD": GIVEN})  # fmt: skip
    assert added.code == 0, added.err
    assert "allowed by the sole_administrator_grants setting" in added.out
    assert ("a.admin", "setting_changed", None, "sole_administrator_grants: yes") in _actions(
        cli.database
    )
    last = _actions(cli.database)[-1]
    assert last[:3] == ("a.admin", "user_added", "user:t.leader")
    assert "allowed by the sole_administrator_grants setting" in (last[3] or "")


def test_with_two_administrators_a_grant_waits_for_the_other(cli, two_admins) -> None:
    asked = cli("users", "add", "t.leader", "--role", "team_leader", "--hub", "mosaic",
                env={**A, "TRIAGE_NEW_PASSWORD": GIVEN})  # fmt: skip
    assert asked.code == 0, asked.err
    assert asked.out == (
        "t.leader: waiting for a second administrator (triage-app users approve 1)\n"
    )
    assert "t.leader" not in _accounts(cli.database)
    assert cli("users", "pending", env=B).out.split("\t")[:4] == [
        "1", "t.leader", "add as team_leader", "a.admin",
    ]  # fmt: skip
    own = cli("users", "approve", "1", env=A)
    assert own.code == 1 and "another administrator must approve it" in own.err
    assert "t.leader" not in _accounts(cli.database)
    approved = cli("users", "approve", "1", env=B)
    assert approved.code == 0, approved.err
    assert _accounts(cli.database)["t.leader"] == ("team_leader", True)
    assert cli("users", "pending", env=B).out == ""
    again = cli("users", "approve", "1", env=B)
    assert again.code == 1 and "already approved" in again.err
    # Its owner's first sign-in says who set the password, and must choose their own.
    first = cli("audit", env=as_("t.leader", GIVEN))
    assert first.code == 1
    assert "your password was set by a.admin (approved by b.admin) on 16 Mar 2026" in first.err
    chosen = as_("t.leader", GIVEN, TRIAGE_OWN_NEW_PASSWORD=OWN)
    assert cli("audit", env=chosen).code == 0
    assert cli("audit", env=as_("t.leader", GIVEN)).code == 1
    assert cli("audit", env=as_("t.leader", OWN)).code == 0
    steps = [(who, what) for who, what, ref, _r in _actions(cli.database) if ref == "user:t.leader"]
    assert steps == [
        ("a.admin", "account_change_asked"),
        ("b.admin", "account_change_approved"),
        ("b.admin", "user_added"),
        ("t.leader", "password_changed"),
    ]


def test_resetting_a_readers_password_waits_and_is_one_time(cli, two_admins) -> None:
    cli("users", "add", "t.leader", "--role", "team_leader",
        env={**A, "TRIAGE_NEW_PASSWORD": GIVEN})  # fmt: skip
    cli("users", "approve", "1", env=B)
    assert cli("audit", env=as_("t.leader", GIVEN, TRIAGE_OWN_NEW_PASSWORD=OWN)).code == 0
    reset = cli("users", "reset", "t.leader", env={**A, "TRIAGE_NEW_PASSWORD": "admin knows 1"})
    assert reset.code == 0 and "waiting for a second administrator" in reset.out
    takeover = cli("export", "--out", "x", env=as_("t.leader", "admin knows 1"))
    assert takeover.code == 1 and "wrong user name or password" in takeover.err
    assert cli("audit", env=as_("t.leader", OWN)).code == 0  # the owner is unaffected
    refused = cli("users", "refuse", "2", env=B)
    assert refused.code == 0 and refused.out == "change 2 refused: nothing was done to t.leader\n"
    assert cli("audit", env=as_("t.leader", OWN)).code == 0
    # Approved, the reset password opens one sign-in, which must choose a new one.
    cli("users", "reset", "t.leader", env={**A, "TRIAGE_NEW_PASSWORD": "admin knows 2"})
    assert cli("users", "approve", "3", env=B).code == 0
    once = cli("export", "--out", "x", env=as_("t.leader", "admin knows 2"))
    assert once.code == 1 and "your password was set by a.admin (approved by b.admin)" in once.err
    assert "choose a new password now" in once.err


def test_a_sole_administrator_cannot_reset_a_readers_password(cli, one_admin) -> None:
    cli("users", "sole-administrator", "on", env=A)
    cli("users", "add", "t.leader", "--role", "team_leader",
        env={**A, "TRIAGE_NEW_PASSWORD": GIVEN})  # fmt: skip
    cli("users", "sole-administrator", "off", env=A)
    reset = cli("users", "reset", "t.leader", env={**A, "TRIAGE_NEW_PASSWORD": "admin knows 1"})
    assert reset.code == 1 and "needs a second administrator's approval" in reset.err
    assert cli("audit", env=as_("t.leader", "admin knows 1")).code == 1


def test_an_administrators_own_reset_needs_no_approval_but_is_one_time(cli, two_admins) -> None:
    reset = cli("users", "reset", "b.admin", env={**A, "TRIAGE_NEW_PASSWORD": "fresh start 1"})
    assert reset.out == "b.admin has a new password, for one sign-in only\n"
    once = cli("users", "list", env=as_("b.admin", "fresh start 1"))
    assert once.code == 1 and "set by a.admin on 16 Mar 2026" in once.err
    same = cli("users", "list", env=as_("b.admin", "fresh start 1",
                                        TRIAGE_OWN_NEW_PASSWORD="fresh start 1"))  # fmt: skip
    assert same.code == 2 and "must differ from the one you were given" in same.err


def test_one_of_two_administrators_cannot_add_a_third_alone(cli, two_admins) -> None:
    asked = cli("users", "add", "c.admin", "--role", "administrator",
                env={**A, "TRIAGE_NEW_PASSWORD": GIVEN})  # fmt: skip
    assert asked.code == 0 and "waiting for a second administrator" in asked.out
    assert "c.admin" not in _accounts(cli.database)
    assert cli("users", "approve", "1", env=B).code == 0
    assert _accounts(cli.database)["c.admin"] == ("administrator", True)


def test_an_administrator_whose_password_you_reset_cannot_approve_for_you(cli, two_admins) -> None:
    # With no third administrator the reset goes ahead, but it could have made b.admin's
    # account a.admin's: b.admin's approvals of a.admin's changes no longer count.
    reset = cli("users", "reset", "b.admin", env={**A, "TRIAGE_NEW_PASSWORD": "a knows this"})
    assert reset.code == 0 and reset.out.startswith("b.admin has a new password")
    held = as_("b.admin", "a knows this", TRIAGE_OWN_NEW_PASSWORD="now a owns it")
    cli("users", "add", "t.leader", "--role", "team_leader",
        env={**A, "TRIAGE_NEW_PASSWORD": GIVEN})  # fmt: skip
    approve = cli("users", "approve", "1", env=held)
    assert approve.code == 1 and "a.admin last reset your password" in approve.err
    again = as_("b.admin", "now a owns it")
    self_reset = cli("users", "reset", "b.admin",
                     env={**again, "TRIAGE_NEW_PASSWORD": "reset by myself"})  # fmt: skip
    assert self_reset.code == 0
    mine = as_("b.admin", "reset by myself", TRIAGE_OWN_NEW_PASSWORD="and mine again")
    assert cli("users", "approve", "1", env=mine).code == 1  # resetting one's own: no help
    assert "t.leader" not in _accounts(cli.database)


def test_the_list_shows_who_still_has_a_one_time_password(cli, one_admin) -> None:
    cli("users", "sole-administrator", "on", env=A)
    cli("users", "add", "t.leader", "--role", "team_leader",
        env={**A, "TRIAGE_NEW_PASSWORD": GIVEN})  # fmt: skip
    listed = cli("users", "list", env=A).out.splitlines()
    assert listed[1].split("\t")[3] == "active, one-time password"
    cli("audit", env=as_("t.leader", GIVEN, TRIAGE_OWN_NEW_PASSWORD=OWN))
    assert cli("users", "list", env=A).out.splitlines()[1].split("\t")[3] == "active"
