"""What a command needs, opened only when it asks: the database, the vocabularies, the user.

``route`` never touches the database and ``--version`` opens nothing, so each is opened the
first time a command asks for it, and the modules behind it (SQLAlchemy, the rules engine,
the accounts service) are imported only then: the window shows its sign-in screen before
any of them is needed.

A command that records or reads requests acts as a signed-in member of staff, never
anonymously: the name comes from ``--user`` or ``TRIAGE_USER``, the password from
``TRIAGE_PASSWORD`` or, at a terminal, a prompt that does not echo. There is deliberately no
password option: a command line is visible to everyone on the machine (``ps``).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from triage_app import __version__
from triage_app.config import DATABASE_ENV, AppConfig
from triage_app.domain import limits
from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput, Problem, TriageError

if TYPE_CHECKING:
    from triage_app.domain.request import TriageRequest
    from triage_app.domain.vocabulary import Vocabularies
    from triage_app.pathways import RuleSet
    from triage_app.store.database import Database
    from triage_app.store.migrate import UpgradeResult

USER_ENV = "TRIAGE_USER"
PASSWORD_ENV = "TRIAGE_PASSWORD"  # noqa: S105 - the variable's name, not a password
DESK_ENV = "TRIAGE_DESK"
#: A script's own new password, for a sign-in whose password was set by someone else.
OWN_NEW_PASSWORD_ENV = "TRIAGE_OWN_NEW_PASSWORD"  # noqa: S105 - the variable's name
#: The desk stamped on what a command does when ``TRIAGE_DESK`` is not set.
CLI_DESK = "command line"


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):  # closed or replaced (a pipe that has gone, a test's text)
        return False


def _say(message: str) -> None:
    """A note while the command waits (another desk upgrading), on standard error."""
    print(f"triage-app: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Terminal:
    """How a command asks the person at the keyboard; scripts have no one to ask."""

    interactive: Callable[[], bool] = _stdin_is_terminal
    ask: Callable[[str], str] = input
    ask_secret: Callable[[str], str] = getpass.getpass


@dataclass
class CliContext:
    """One command's view of the application."""

    config: AppConfig
    args: argparse.Namespace
    terminal: Terminal = field(default_factory=Terminal)
    #: Where a note while opening goes (another desk upgrading): standard error, or the
    #: window's sign-in screen.
    notify: Callable[[str], None] = _say
    upgrade_result: UpgradeResult | None = field(default=None, init=False)
    _db: Database | None = field(default=None, init=False)
    _actor: Actor | None = field(default=None, init=False)

    @property
    def resources(self) -> Path:
        return self.config.resources

    def now(self) -> datetime:
        return self.config.clock()

    @cached_property
    def vocab(self) -> Vocabularies:
        from triage_app.domain.vocabulary import load_vocabularies  # noqa: PLC0415 - as rules

        return load_vocabularies(self.config.resources)

    @cached_property
    def rules(self) -> RuleSet:
        """The service's guidance rules as shipped in ``resources/pathways``."""
        from triage_app.pathways import load_rules  # noqa: PLC0415 - see the module's docstring

        return load_rules(self.config.resources / "pathways", self.vocab)

    def database(self) -> Database:
        """The configured database, opened and migrated to this version's schema."""
        if self._db is None:
            from triage_app.store.migrate import open_database  # noqa: PLC0415

            db = self.unopened_database()
            try:
                self.upgrade_result = open_database(
                    db, __version__, own_file=self.config.database_is_own, notify=self.notify
                )
                self._add_new_services(db)
            except BaseException:
                db.close()
                raise
            self._db = db
        return self._db

    def _add_new_services(self, db: Database) -> None:
        """Partners and hubs a release adds to ``resources/`` join the directory at start."""
        from triage_app.directory.seed import load_seed  # noqa: PLC0415
        from triage_app.pathways.problems import RulesError  # noqa: PLC0415
        from triage_app.services.directory import add_new_services  # noqa: PLC0415

        try:
            seed = load_seed(self.config.resources, self.vocab)
        except RulesError:  # the rules report a broken partners file where they are loaded
            return
        add_new_services(db, seed, now=self.now())

    def stored_requests(
        self, start: date | None, end: date | None
    ) -> Iterator[tuple[str, TriageRequest, str]]:
        """Current versions of stored requests, for ``rules replay``; needs ``replay_rules``."""
        from triage_app.store.stored import current_requests  # noqa: PLC0415

        self.actor("replay_rules")
        with self.database().read() as session:
            yield from current_requests(session, start, end)

    def unopened_database(self) -> Database:
        """The configured database without migrating it, for ``db check`` and ``db backup``.

        A PostgreSQL password comes from the configured file, if there is one.
        """
        from triage_app.store.credentials import with_password_file  # noqa: PLC0415
        from triage_app.store.database import Database, database_url, make_engine  # noqa: PLC0415

        url = with_password_file(
            database_url(self.config.database), self.config.database_password_file
        )
        return Database(make_engine(url), self.config.audit)

    def actor(self, action: str | None = None) -> Actor:
        """The signed-in user a command acts as, refused unless their role allows ``action``.

        Signs in once per command; a ``--demo`` start acts as the demo team leader.
        """
        if self._actor is None:
            self._actor = self._sign_in()
        if action is not None:
            from triage_app.accounts.roles import require  # noqa: PLC0415

            require(self._actor, action)
        return self._actor

    def _sign_in(self) -> Actor:
        from triage_app.accounts.demo import ensure_demo_team_leader  # noqa: PLC0415
        from triage_app.accounts.signin import sign_in  # noqa: PLC0415
        from triage_app.accounts.signin_errors import PasswordChangeRequired  # noqa: PLC0415

        db = self.database()
        if self.config.demo:
            with db.write() as session:
                return ensure_demo_team_leader(session, self.now())
        self._refuse_without_accounts(db)
        env = self.config.environ
        name = getattr(self.args, "user", None) or env.get(USER_ENV)
        if not name and self.terminal.interactive():
            name = self.terminal.ask("User name: ").strip()
        if not name:
            raise TriageError(
                f"this command acts as a named user: set {USER_ENV} and {PASSWORD_ENV} "
                "(or give --user NAME at a terminal); see docs/access.md"
            )
        password = env.get(PASSWORD_ENV)
        if password is None and self.terminal.interactive():
            password = self.terminal.ask_secret(f"Password for {name}: ")
        if password is None:
            raise TriageError(f"no password for {name}: set {PASSWORD_ENV}; see docs/access.md")
        desk = self._desk()
        policy = self.config.accounts
        try:
            return sign_in(db, name, password, desk=desk, now=self.now(), policy=policy)
        except PasswordChangeRequired as e:
            new = self._own_new_password(e)
        actor = sign_in(
            db, name, password, desk=desk, now=self.now(), policy=policy, new_password=new
        )
        print("your new password is saved", file=sys.stderr)
        return actor

    def _own_new_password(self, required: TriageError) -> str:
        """A new password of the user's own, in place of one someone else set for them."""
        from triage_app.errors import InvalidInput, Problem  # noqa: PLC0415

        from_env = self.config.environ.get(OWN_NEW_PASSWORD_ENV)
        if from_env is not None:
            print(f"triage-app: {required}", file=sys.stderr)
            return from_env
        if not self.terminal.interactive():
            raise TriageError(
                f"{required}; at a terminal, or with {OWN_NEW_PASSWORD_ENV} set for a script"
            )
        print(f"triage-app: {required}", file=sys.stderr)
        first = self.terminal.ask_secret("Your new password: ")
        if self.terminal.ask_secret("Type it again: ") != first:
            raise InvalidInput([Problem("new password", "the two passwords typed differ")])
        return first

    def _desk(self) -> str:
        """The desk stamped on what the command does; it must fit where it is stored."""
        desk = self.config.environ.get(DESK_ENV) or CLI_DESK
        if len(desk) > limits.NAME:
            raise InvalidInput(
                [Problem(DESK_ENV, f"is too long: at most {limits.NAME} characters")]
            )
        return desk

    def _refuse_without_accounts(self, db: Database) -> None:
        """A database with no account at all: say so, rather than "wrong name or password".

        Most often a mistyped path that has just become a new, empty database.
        """
        from triage_app.accounts.users import needs_first_administrator  # noqa: PLC0415

        with db.read() as session:
            empty = needs_first_administrator(session)
        if empty:
            new = self.upgrade_result is not None and self.upgrade_result.from_revision is None
            made = ", made just now" if new else ""
            raise TriageError(
                f"{db.describe()} is a database with no accounts yet{made}: if you meant "
                "another one, check the path or URL given with --database or "
                f"{DATABASE_ENV}; to start using this one, add its first administrator "
                "(triage-app users add NAME --role administrator, or open the window)"
            )

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
