"""Entry point of ``triage-app``: parse the command line, run one command, map errors to exits.

Exit status: 0 done; 1 the command ran and found a problem (``db check`` unhealthy, rules
with errors) or met a known condition (database unreachable, damaged, too new); 2 the input
was wrong (a bad argument, invalid JSON, an unknown code); 3 a bug, logged without personal
data. No traceback ever reaches the user.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from triage_app import __version__
from triage_app.accounts.policy import AccountPolicy
from triage_app.cli.context import CliContext
from triage_app.cli.logs import log_unexpected, setup_logging
from triage_app.config import (
    AppConfig,
    audit_key_file,
    database_choice,
    default_config_dir,
    default_data_dir,
    environment,
    named_file,
)
from triage_app.errors import InvalidInput, TriageError, echo
from triage_app.locations import resources_dir
from triage_app.site_config import SITE, default_site_dir, load_site_config
from triage_app.store.credentials import PASSWORD_FILE_ENV, refuse_password_in_argument

#: Each subcommand and the module that adds it (``register(subparsers)``). A module is imported
#: only when its command is named (or for ``--help``), so opening the window or routing one
#: request does not pay for reportlab, the exporters and the rest.
COMMANDS = {
    "db": "triage_app.cli.db_cmd",
    "record": "triage_app.cli.record_cmd",
    "demo-data": "triage_app.cli.demo_cmd",
    "route": "triage_app.cli.route_cmd",
    "rules": "triage_app.cli.rules_cmd",
    "sheet": "triage_app.cli.sheet_cmd",
    "users": "triage_app.cli.users_cmd",
    "audit": "triage_app.cli.audit_cmd",
    "export": "triage_app.cli.export_cmd",
    "figures": "triage_app.cli.figures_cmd",
    "retention": "triage_app.cli.retention_cmd",
    "erase": "triage_app.cli.retention_cmd",
    "directory": "triage_app.cli.directory_cmd",
    "outcome": "triage_app.cli.life_cmd",
    "note": "triage_app.cli.life_cmd",
    "attempt": "triage_app.cli.life_cmd",
    "action": "triage_app.cli.life_cmd",
    "override": "triage_app.cli.work_cmd",
    "assign": "triage_app.cli.work_cmd",
    "queue": "triage_app.cli.work_cmd",
}
#: Options of the top-level parser that take a value, to step over when finding the command.
_VALUED_OPTIONS = ("--database", "--user")

EXIT_OK, EXIT_PROBLEM, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
#: The longest argument error shown: argparse's own words plus a short part of the value.
ERROR_LIMIT = 300


def _named_command(argv: Sequence[str]) -> str | None:
    """The first word that is not an option or an option's value: the command, if any."""
    words = iter(argv)
    for word in words:
        if word in _VALUED_OPTIONS:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _modules(argv: Sequence[str]) -> list[ModuleType]:
    """The command modules this command line needs: its own, none, or all (for help)."""
    named = _named_command(argv)
    if named in COMMANDS:
        wanted = [COMMANDS[named]]
    elif named is None and not {"-h", "--help"} & set(argv):
        wanted = []
    else:  # help, or a word argparse must reject with the list of commands
        wanted = list(dict.fromkeys(COMMANDS.values()))
    return [importlib.import_module(name) for name in wanted]


class _Parser(argparse.ArgumentParser):
    """argparse that exits 2 with a one-line message naming the bad argument."""

    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse repeats the value it refuses: a megabyte argument must not come back whole.
        shown = echo(message, ERROR_LIMIT)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {shown}\n(see {self.prog} --help)\n")


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="triage-app",
        description=(
            "Here to Help: take, route and record requests for early help at Coventry's "
            "Family Hubs. With no command, opens the window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"Here to Help {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="a SQLite file path or URL, or postgresql://user@host/db "
        "(default: TRIAGE_DATABASE_URL, else a file in your data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open a separate demo database filled with synthetic requests (never real data)",
    )
    parser.add_argument(
        "--exit-when-ready",
        action="store_true",
        help="open the window, print 'ready in N ms' once it can be typed in, and exit",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help="who is acting (or TRIAGE_USER); the password comes from TRIAGE_PASSWORD or a prompt",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in _modules(argv):
        module.register(sub)
    return parser


def make_config(args: argparse.Namespace) -> AppConfig:
    """The configuration from the command line, the site file IT set, and the environment.

    What the site file sets, the environment cannot change (``triage_app.site_config``).
    """
    env = environment()
    data_dir = default_data_dir()
    site = load_site_config(default_site_dir())
    database, source = database_choice(args.database, env, data_dir, demo=args.demo, site=site)
    # The site's password file is its desk role's: it goes with the site's database only.
    own_password = named_file(env, PASSWORD_FILE_ENV)
    return AppConfig(
        database=database,
        data_dir=data_dir,
        config_dir=default_config_dir(),
        resources=resources_dir(),
        demo=args.demo,
        environ=dict(env),
        audit_key=site.audit_key or audit_key_file(env),
        database_password_file=site.password_file if source == SITE else own_password,
        accounts=site.account_policy(AccountPolicy()),
        site=site,
        database_source=source,
    )


def _open_window(ctx: CliContext) -> int:
    from triage_app.cli.window import open_window  # noqa: PLC0415 - Qt only when asked for

    return open_window(ctx)


def run(argv: Sequence[str] | None = None, config: AppConfig | None = None) -> int:
    """Run one command; returns the exit status. ``config`` lets tests bring their own."""
    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words)
    args = parser.parse_args(words)
    if args.demo and args.database:
        # Synthetic requests never go into a database staff may have named for real ones.
        parser.error("--demo opens its own demo database, so --database cannot go with it")
    try:
        config = config or make_config(args)
    except TriageError as e:  # a damaged site configuration
        print(f"triage-app: {e}", file=sys.stderr)
        return EXIT_PROBLEM
    log_path = setup_logging(config.data_dir)
    ctx = CliContext(config, args)
    handler = getattr(args, "handler", None)
    try:
        refuse_password_in_argument(args.database)
        return handler(args, ctx) if handler else _open_window(ctx)
    except InvalidInput as e:
        print(f"triage-app: invalid input: {e}", file=sys.stderr)
        return EXIT_USAGE
    except TriageError as e:
        print(f"triage-app: {e}", file=sys.stderr)
        return EXIT_PROBLEM
    except (KeyboardInterrupt, BrokenPipeError) as e:
        return _stopped(e)
    except Exception as e:  # the one place a bug is caught, logged and put plainly
        where = log_unexpected(e, log_path)
        print(
            "triage-app: something went wrong inside the program (a bug). Nothing you had "
            f"saved is affected. Details without personal data are in {where}.",
            file=sys.stderr,
        )
        return EXIT_BUG
    finally:
        ctx.close()


def _stopped(by: BaseException) -> int:
    """Ctrl+C (130), or the reader stopped reading (``| head``): no bug, nothing to report."""
    if isinstance(by, KeyboardInterrupt):
        return 130
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # what is left is flushed
    return EXIT_PROBLEM


def main() -> None:
    logging.captureWarnings(True)
    sys.exit(run())


if __name__ == "__main__":
    main()
