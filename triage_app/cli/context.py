"""What a command needs, opened only when it asks: the database, the vocabularies, the user.

``route`` never touches the database and ``--version`` opens nothing, so each is opened the
first time a command asks for it.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from pathlib import Path

from triage_app import __version__
from triage_app.config import AppConfig
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import Vocabularies, load_vocabularies
from triage_app.errors import TriageError
from triage_app.pathways import RuleSet, load_rules
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import UpgradeResult, open_database

USER_ENV = "TRIAGE_USER"


@dataclass
class CliContext:
    """One command's view of the application."""

    config: AppConfig
    args: argparse.Namespace
    upgrade_result: UpgradeResult | None = field(default=None, init=False)
    _db: Database | None = field(default=None, init=False)

    @property
    def resources(self) -> Path:
        return self.config.resources

    def now(self) -> datetime:
        return self.config.clock()

    @cached_property
    def vocab(self) -> Vocabularies:
        return load_vocabularies(self.config.resources)

    @cached_property
    def rules(self) -> RuleSet:
        """The service's guidance rules as shipped in ``resources/pathways``."""
        return load_rules(self.config.resources / "pathways", self.vocab)

    def database(self) -> Database:
        """The configured database, opened and migrated to this version's schema."""
        if self._db is None:
            db = Database(make_engine(database_url(self.config.database)))
            self.upgrade_result = open_database(db, __version__)
            self._db = db
        return self._db

    def unopened_database(self) -> Database:
        """The configured database without migrating it, for ``db check`` and ``db backup``."""
        return Database(make_engine(database_url(self.config.database)))

    def actor(self) -> Actor:
        """The named user a command acts as: ``--user`` or ``TRIAGE_USER``; never anonymous."""
        name = getattr(self.args, "user", None) or self.config.environ.get(USER_ENV)
        if not name:
            raise TriageError(
                f"this command records who did it: give --user NAME or set {USER_ENV}"
            )
        return Actor(username=name, desk=self.config.environ.get("TRIAGE_DESK"))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
