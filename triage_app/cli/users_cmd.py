"""``triage-app users add|disable|enable|reset|list|pending|approve|refuse|sole-administrator``.

Staff accounts, for administrators. While no account exists, ``users add NAME --role
administrator`` creates the first administrator without signing in; after that every
``users`` command signs in as an administrator. New passwords are typed twice at a prompt,
or for scripts read from ``TRIAGE_NEW_PASSWORD`` — never from the command line, which others
on the machine can see.

Adding a record-reading account or resetting one's password waits for a second
administrator (``users pending``, ``users approve ID``, ``users refuse ID``) unless the
service has one administrator and ``users sole-administrator on`` allows it.
"""

from __future__ import annotations

import argparse
from typing import Any

from triage_app.accounts.approvals import approve_change, pending_changes, refuse_change
from triage_app.accounts.grants import (
    PendingChange,
    describe_change,
    set_sole_administrator_grants,
    sole_grants_allowed,
)
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
    actions.add_parser(
        "pending", help="list the changes waiting for a second administrator"
    ).set_defaults(handler=pending_cmd)
    for name, handler, text in (
        ("approve", approve_cmd, "carry out a change another administrator asked for"),
        ("refuse", refuse_cmd, "drop a waiting change (or withdraw your own)"),
    ):
        parser = actions.add_parser(name, help=text)
        parser.add_argument("change", metavar="ID", type=_change_id)
        parser.set_defaults(handler=handler)
    sole = actions.add_parser(
        "sole-administrator",
        help="with one administrator only: may they grant record-reading roles (on/off)",
    )
    sole.add_argument("state", nargs="?", choices=("on", "off"), help="omit to see it")
    sole.set_defaults(handler=sole_cmd)


def _change_id(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text[:20]}' is not a change number")
    return int(text)


def _said(outcome: StaffRecord | PendingChange, done: str) -> str:
    """What a command says: done (and why no second administrator was needed), or waiting."""
    if isinstance(outcome, PendingChange):
        return (
            f"{outcome.username}: waiting for a second administrator "
            f"(triage-app users approve {outcome.id})"
        )
    return f"{done} ({outcome.note})" if outcome.note else done


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
    if isinstance(added, StaffRecord) and by is not None:
        done = (
            f"added {added.username} as {role_label(added.role)}; "
            "the password is for their first sign-in only"
        )
    else:
        done = f"added {added.username} as {role_label(added.role)}"
    print(_said(added, done))
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
    done = f"{changed.username} has a new password, for one sign-in only"
    print(_said(changed, done))
    return 0


def _line(record: StaffRecord) -> str:
    state = "disabled" if record.disabled else "active"
    if record.one_time_password and not record.disabled:
        state = "active, one-time password"
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


def pending_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    by = ctx.actor("manage_accounts")
    with ctx.database().read() as session:
        waiting = pending_changes(session, by)
    for change in waiting:
        at = change.requested_at.strftime("%Y-%m-%dT%H:%MZ")
        what = describe_change(change.kind, change.role)
        print("\t".join((str(change.id), change.username, what, change.requested_by, at)))
    return 0


def approve_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    by = ctx.actor("manage_accounts")
    with ctx.database().write() as session:
        done = approve_change(session, by, args.change, now=ctx.now())
    print(
        f"change {args.change} approved: {done.username} ({role_label(done.role)}) has a "
        "password for one sign-in only"
    )
    return 0


def refuse_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    by = ctx.actor("manage_accounts")
    with ctx.database().write() as session:
        dropped = refuse_change(session, by, args.change, now=ctx.now())
    print(f"change {args.change} refused: nothing was done to {dropped.username}")
    return 0


def sole_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    by = ctx.actor("manage_accounts")
    with ctx.database().write() as session:
        if args.state is not None:
            set_sole_administrator_grants(session, by, args.state == "on", now=ctx.now())
        allowed = sole_grants_allowed(session)
    if allowed:
        print(
            "on: while the service has only one administrator, they may add record-reading "
            "accounts and reset their passwords alone (each such change says so in the audit)"
        )
    else:
        print(
            "off: adding a record-reading account or resetting its password needs a second "
            "administrator's approval"
        )
    return 0
