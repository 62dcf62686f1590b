"""``triage-app users add|disable|enable|reset|list``: staff accounts, for administrators.

While no account exists, ``users add NAME --role administrator`` creates the first
administrator without signing in; after that every ``users`` command signs in as an
administrator. New passwords are typed twice at a prompt, or for scripts read from
``TRIAGE_NEW_PASSWORD`` — never from the command line, which others on the machine can see.
"""

from __future__ import annotations

import argparse
from typing import Any

from triage_app.accounts.roles import ADMINISTRATOR, NotPermitted, role_codes, role_label
from triage_app.accounts.users import (
    StaffRecord,
    add_user,
    disable_user,
    enable_user,
    list_users,
    needs_first_administrator,
    reset_password,
)
from triage_app.cli.context import CliContext
from triage_app.errors import InvalidInput, Problem, TriageError

NEW_PASSWORD_ENV = "TRIAGE_NEW_PASSWORD"  # noqa: S105 - the variable's name, not a password


def register(sub: Any) -> None:
    users = sub.add_parser("users", help="add, disable, enable, reset or list staff accounts")
    actions = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add an account (the first must be an administrator)")
    add.add_argument("name", metavar="NAME", help="the user name staff sign in with")
    add.add_argument("--role", required=True, choices=role_codes())
    add.add_argument("--hub", metavar="CODE", help="home hub (preset on the form)")
    add.add_argument("--display-name", metavar="TEXT", help="the name shown in the window")
    add.set_defaults(handler=add_cmd)
    for name, handler, text in (
        ("disable", disable_cmd, "stop an account signing in (it is kept for the audit)"),
        ("enable", enable_cmd, "let a disabled account sign in again"),
        ("reset", reset_cmd, "set a new password and lift any lockout"),
    ):
        parser = actions.add_parser(name, help=text)
        parser.add_argument("name", metavar="NAME")
        parser.set_defaults(handler=handler)
    actions.add_parser("list", help="list the accounts").set_defaults(handler=list_cmd)


def _new_password(ctx: CliContext, username: str) -> str:
    from_env = ctx.config.environ.get(NEW_PASSWORD_ENV)
    if from_env is not None:
        return from_env
    if not ctx.terminal.interactive():
        raise TriageError(f"no new password: set {NEW_PASSWORD_ENV} or run this at a terminal")
    first = ctx.terminal.ask_secret(f"New password for {username}: ")
    if ctx.terminal.ask_secret("Type it again: ") != first:
        raise InvalidInput([Problem("password", "the two passwords typed differ")])
    return first


def add_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    with db.read() as session:
        first = needs_first_administrator(session)
    if first and args.role != ADMINISTRATOR:
        raise NotPermitted(
            "there are no accounts yet: the first must be an administrator (--role administrator)"
        )
    by = None if first else ctx.actor("manage_accounts")
    hubs = ctx.vocab.hub
    if args.hub is not None and args.hub not in hubs:
        raise InvalidInput([Problem("--hub", hubs.unknown(args.hub))])
    password = _new_password(ctx, args.name)
    with db.write() as session:
        added = add_user(
            session,
            by,
            username=args.name,
            role=args.role,
            password=password,
            now=ctx.now(),
            policy=ctx.config.accounts,
            known_hubs=hubs.codes,
            display_name=args.display_name,
            hub=args.hub,
        )
    print(f"added {added.username} as {role_label(added.role)}")
    return 0


def disable_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    by = ctx.actor("manage_accounts")
    with ctx.database().write() as session:
        changed = disable_user(session, by, args.name, now=ctx.now())
    print(f"{changed.username} is disabled")
    return 0


def enable_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    by = ctx.actor("manage_accounts")
    with ctx.database().write() as session:
        changed = enable_user(session, by, args.name, now=ctx.now())
    print(f"{changed.username} may sign in again")
    return 0


def reset_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    by = ctx.actor("manage_accounts")
    password = _new_password(ctx, args.name)
    with ctx.database().write() as session:
        changed = reset_password(
            session, by, args.name, password, now=ctx.now(), policy=ctx.config.accounts
        )
    print(f"{changed.username} has a new password")
    return 0


def _line(record: StaffRecord) -> str:
    state = "disabled" if record.disabled else "active"
    if record.locked_until is not None and not record.disabled:
        state = f"locked until {record.locked_until.strftime('%Y-%m-%dT%H:%MZ')}"
    cells = (record.username, record.role, record.hub or "-", state, record.display_name)
    return "\t".join(cells)


def list_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    by = ctx.actor("manage_accounts")
    with ctx.database().read() as session:
        records = list_users(session, by)
    for record in records:
        print(_line(record))
    return 0
