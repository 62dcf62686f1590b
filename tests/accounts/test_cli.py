"""``triage-app users`` and ``audit``, and how a command signs in: in-process, and once as a
real process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from account_helpers import ADMIN_PASSWORD, CHEAP, STAFF_PASSWORD
from conftest import CliRunner

from tests.conftest import open_sqlite
from triage_app.accounts.demo import DEMO_USERNAME
from triage_app.cli import users_cmd
from triage_app.cli.context import CliContext, Terminal
from triage_app.cli.main import build_parser
from triage_app.config import AppConfig
from triage_app.store.health import check_health

AS_ADMIN = {"TRIAGE_USER": "a.admin", "TRIAGE_PASSWORD": ADMIN_PASSWORD}


@pytest.fixture
def first_admin(cli: CliRunner) -> None:
    done = cli(
        "users", "add", "a.admin", "--role", "administrator",
        env={"TRIAGE_NEW_PASSWORD": ADMIN_PASSWORD},
    )  # fmt: skip
    assert done.code == 0, done.err
    assert done.out == "added a.admin as administrator\n"
    sole = cli("users", "sole-administrator", "on", env=AS_ADMIN)
    assert sole.code == 0 and sole.out.startswith("on: while the service has only one")


#: The password an administrator gives a new account, for its first sign-in only.
FIRST_PASSWORD = "first sign-in only"


def _add(cli: CliRunner, name: str, role: str, *extra: str) -> None:
    """Add an account and sign in once as its owner, who chooses ``STAFF_PASSWORD``."""
    env = {**AS_ADMIN, "TRIAGE_NEW_PASSWORD": FIRST_PASSWORD}
    done = cli("users", "add", name, "--role", role, *extra, env=env)
    assert done.code == 0, done.err
    assert "for their first sign-in only" in done.out
    assert "allowed by the sole_administrator_grants setting" in done.out
    first = {**as_user(name, FIRST_PASSWORD), "TRIAGE_OWN_NEW_PASSWORD": STAFF_PASSWORD}
    owner = cli("audit", env=first)
    assert "your password was set by a.admin" in owner.err
    assert "your new password is saved" in owner.err


def as_user(name: str, password: str = STAFF_PASSWORD, desk: str | None = None) -> dict[str, str]:
    env = {"TRIAGE_USER": name, "TRIAGE_PASSWORD": password}
    return {**env, "TRIAGE_DESK": desk} if desk else env


def test_the_first_account_must_be_an_administrator(cli: CliRunner) -> None:
    env = {"TRIAGE_NEW_PASSWORD": STAFF_PASSWORD}
    done = cli("users", "add", "t.leader", "--role", "team_leader", env=env)
    assert done.code == 1
    assert "the first must be an administrator (--role administrator)" in done.err


@pytest.mark.usefixtures("first_admin")
def test_after_the_first_the_users_commands_need_an_administrator(cli: CliRunner) -> None:
    no_one = cli("users", "add", "x.person", "--role", "team_leader")
    assert no_one.code == 1 and "set TRIAGE_USER and TRIAGE_PASSWORD" in no_one.err
    _add(cli, "t.leader", "team_leader")
    leader = cli("users", "list", env=as_user("t.leader"))
    assert leader.code == 1
    assert "a team leader may not add, disable or reset staff accounts" in leader.err


@pytest.mark.usefixtures("first_admin")
def test_add_list_disable_enable_reset(cli: CliRunner) -> None:
    _add(cli, "J.Smith", "receptionist", "--hub", "mosaic", "--display-name", "Jo Smith")
    listed = cli("users", "list", env=AS_ADMIN)
    assert listed.out.splitlines() == [
        "a.admin\tadministrator\t-\tactive\ta.admin",
        "j.smith\treceptionist\tmosaic\tactive\tJo Smith",
    ]
    assert cli("users", "disable", "j.smith", env=AS_ADMIN).out == "j.smith is disabled\n"
    refused = cli("audit", env=as_user("j.smith"))
    assert refused.code == 1 and "disabled" in refused.err
    assert cli("users", "enable", "j.smith", env=AS_ADMIN).code == 0
    env = {**AS_ADMIN, "TRIAGE_NEW_PASSWORD": "another pass phrase"}
    assert cli("users", "reset", "j.smith", env=env).out == (
        "j.smith has a new password, for one sign-in only (no second administrator to "
        "approve: allowed by the sole_administrator_grants setting)\n"
    )
    old = cli("audit", env=as_user("j.smith"))
    assert old.code == 1 and "wrong user name or password" in old.err
    once = cli("audit", env=as_user("j.smith", "another pass phrase"))
    assert once.code == 1 and "your password was set by a.admin on" in once.err
    assert "choose a new password now" in once.err
    own = {**as_user("j.smith", "another pass phrase"), "TRIAGE_OWN_NEW_PASSWORD": "mine only 1"}
    new = cli("audit", env=own)
    assert new.code == 1 and "a receptionist may not read the audit trail" in new.err
    again = cli("audit", env=as_user("j.smith", "another pass phrase"))
    assert again.code == 1 and "wrong user name or password" in again.err


@pytest.mark.usefixtures("first_admin")
@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["users", "add", "x.y", "--role", "manager"], "--role"),
        (["users", "add", "x.y", "--role", "team_leader", "--hub", "atlantis"], "--hub"),
        (["users", "add", "x y", "--role", "team_leader"], "username"),
        (["audit", "--since", "last tuesday"], "--since"),
        (["audit", "--since", "2026-13-01"], "--since"),
    ],
)
def test_bad_arguments_exit_2_naming_the_argument(
    cli: CliRunner, argv: list[str], named: str
) -> None:
    done = cli(*argv, env={**AS_ADMIN, "TRIAGE_NEW_PASSWORD": STAFF_PASSWORD})
    assert done.code == 2
    assert named in done.err and "Traceback" not in done.err


@pytest.mark.usefixtures("first_admin")
def test_a_bad_hub_message_suggests_one(cli: CliRunner) -> None:
    env = {**AS_ADMIN, "TRIAGE_NEW_PASSWORD": STAFF_PASSWORD}
    done = cli("users", "add", "x.y", "--role", "receptionist", "--hub", "mosiac", env=env)
    assert done.code == 2
    assert "--hub: unknown hub 'mosiac' — did you mean 'mosaic'?" in done.err


@pytest.mark.usefixtures("first_admin")
def test_a_weak_password_is_refused_with_the_rule(cli: CliRunner) -> None:
    env = {**AS_ADMIN, "TRIAGE_NEW_PASSWORD": "short"}
    done = cli("users", "add", "x.y", "--role", "team_leader", env=env)
    assert done.code == 2
    assert "password: must be at least 10 characters long" in done.err
    assert "short" not in done.err.replace("must be at least", "")


@pytest.mark.usefixtures("first_admin")
def test_a_wrong_password_is_a_plain_message(cli: CliRunner) -> None:
    done = cli("users", "list", env=as_user("a.admin", "not my password"))
    assert done.code == 1
    assert done.err == "triage-app: wrong user name or password\n"


@pytest.mark.usefixtures("first_admin")
def test_audit_lists_entries_one_a_line(cli: CliRunner, now: datetime) -> None:
    _add(cli, "t.leader", "team_leader")
    cli("audit", env=as_user("t.leader", "wrong password!"))
    done = cli("audit", env=as_user("t.leader", desk="office-2"))
    assert done.code == 0, done.err
    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    admin = f"{stamp}\ta.admin\tadministrator\tcommand line"
    leader = f"{stamp}\tt.leader\tteam_leader"
    assert done.out.splitlines() == [
        f"{stamp}\ta.admin\tadministrator\t-\tuser_added\tuser:a.admin\tfirst administrator",
        f"{admin}\tsign_in\t-\t-",
        f"{admin}\tsetting_changed\t-\tsole_administrator_grants: yes",
        f"{admin}\tsign_in\t-\t-",
        f"{admin}\tuser_added\tuser:t.leader\trole team_leader; no second administrator to "
        "approve: allowed by the sole_administrator_grants setting",
        f"{leader}\tcommand line\tsign_in_failed\t-\tnew password required",
        f"{leader}\tcommand line\tpassword_changed\tuser:t.leader\t-",
        f"{leader}\tcommand line\tsign_in\t-\t-",
        f"{leader}\tcommand line\tsign_in_failed\t-\twrong password",
        f"{leader}\toffice-2\tsign_in\t-\t-",
    ]
    one = cli("audit", "--record", "user:t.leader", env=as_user("t.leader"))
    assert [line.split("\t")[4] for line in one.out.splitlines()] == [
        "user_added",
        "password_changed",
    ]
    later = cli("audit", "--since", "2026-03-17", env=as_user("t.leader"))
    assert later.code == 0 and later.out == ""
    same_day = cli("audit", "--since", "2026-03-16T10:30:00+00:00", env=as_user("t.leader"))
    assert len(same_day.out.splitlines()) == 13  # each command signs in


@pytest.mark.usefixtures("first_admin")
def test_everything_done_leaves_a_healthy_chain(cli: CliRunner, sqlite_path: Path) -> None:
    _add(cli, "c.handler", "call_handler")
    cli("audit", env=as_user("c.handler"))
    cli("users", "disable", "c.handler", env=AS_ADMIN)
    assert cli("db", "check").code == 0
    db = open_sqlite(sqlite_path)
    health = check_health(db)
    db.close()
    assert health.healthy, health.problems


def test_a_demo_start_acts_as_the_demo_team_leader(
    cli_config: AppConfig, capsys: pytest.CaptureFixture[str]
) -> None:
    from triage_app.cli.main import run

    demo = AppConfig(**{**cli_config.__dict__, "demo": True})
    assert run(["audit"], config=demo) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[1:5] for line in lines] == [
        [DEMO_USERNAME, "team_leader", "demo", "user_added"],
        [DEMO_USERNAME, "team_leader", "demo", "sign_in"],
    ]


# -- at a terminal: prompts, never a password on the command line -------------------------


class Keyboard:
    """A person at a terminal typing the given answers; records what they were asked."""

    def __init__(self, *answers: str) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def answer(self, prompt: str) -> str:
        self.asked.append(prompt)
        return self.answers.pop(0)

    def terminal(self) -> Terminal:
        return Terminal(interactive=lambda: True, ask=self.answer, ask_secret=self.answer)


@pytest.fixture
def cli_config(sqlite_path: Path, tmp_path: Path, resources: Path, now: datetime) -> AppConfig:
    return AppConfig(
        database=str(sqlite_path),
        data_dir=tmp_path / "data",
        config_dir=tmp_path / "config",
        resources=resources,
        environ={},
        clock=lambda: now,
        accounts=CHEAP,
    )


@pytest.fixture
def context(cli_config: AppConfig) -> Iterator[Callable[..., CliContext]]:
    made: list[CliContext] = []

    def make(argv: list[str], keyboard: Keyboard, **environ: str) -> CliContext:
        config = AppConfig(**{**cli_config.__dict__, "environ": environ})
        ctx = CliContext(config, build_parser(argv).parse_args(argv), terminal=keyboard.terminal())
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


def test_a_person_at_a_terminal_is_asked(context: Callable[..., CliContext]) -> None:
    keys = Keyboard(ADMIN_PASSWORD, ADMIN_PASSWORD)
    argv = ["users", "add", "a.admin", "--role", "administrator"]
    args = build_parser(argv).parse_args(argv)
    users_cmd.add_cmd(args, context(["users", "list"], keys))
    assert keys.asked == ["New password for a.admin: ", "Type it again: "]

    keys = Keyboard("a.admin", ADMIN_PASSWORD)
    actor = context(["audit"], keys).actor("view_audit")
    assert keys.asked == ["User name: ", "Password for a.admin: "]
    assert (actor.username, actor.desk) == ("a.admin", "command line")

    keys = Keyboard(ADMIN_PASSWORD)
    assert context(["--user", "a.admin", "audit"], keys).actor().username == "a.admin"
    assert keys.asked == ["Password for a.admin: "]


def test_two_different_new_passwords_are_refused(context: Callable[..., CliContext]) -> None:
    from triage_app.errors import InvalidInput

    keys = Keyboard(ADMIN_PASSWORD, "something else entirely")
    argv = ["users", "add", "a.admin", "--role", "administrator"]
    args = build_parser(argv).parse_args(argv)
    with pytest.raises(InvalidInput, match="the two passwords typed differ"):
        users_cmd.add_cmd(args, context(["users", "list"], keys))


def test_there_is_no_password_option() -> None:
    with pytest.raises(SystemExit):
        build_parser(["--password", "x", "audit"]).parse_args(["--password", "x", "audit"])
    options = {a for action in build_parser(["--help"])._actions for a in action.option_strings}
    assert not any("pass" in option for option in options)


# -- a real process, as a script would run it ------------------------------------------------


def test_a_script_signs_in_through_the_environment(tmp_path: Path) -> None:
    database = tmp_path / "real.sqlite"
    base = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }

    def triage_app(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "triage_app.cli.main", "--database", str(database), *argv],
            capture_output=True,
            text=True,
            env={**base, **env},
            stdin=subprocess.DEVNULL,
            timeout=120,
            check=False,
        )

    made = triage_app(
        "users", "add", "a.admin", "--role", "administrator", TRIAGE_NEW_PASSWORD=ADMIN_PASSWORD
    )
    assert made.returncode == 0, made.stderr
    listed = triage_app("audit", TRIAGE_USER="a.admin", TRIAGE_PASSWORD=ADMIN_PASSWORD)
    assert listed.returncode == 0, listed.stderr
    assert [line.split("\t")[4] for line in listed.stdout.splitlines()] == [
        "user_added",
        "sign_in",
    ]
    no_password = triage_app("audit", TRIAGE_USER="a.admin")
    assert no_password.returncode == 1
    assert "no password for a.admin: set TRIAGE_PASSWORD" in no_password.stderr
    for done in (made, listed, no_password):
        assert "Traceback" not in done.stderr
        assert ADMIN_PASSWORD not in done.stdout + done.stderr
