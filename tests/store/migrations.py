"""Taking a test database to a given schema revision, up or down, with Alembic itself."""

from __future__ import annotations

from alembic import command

from triage_app.store.database import Database
from triage_app.store.migrate import alembic_config


def migrate(database: Database, to: str, *, down: bool = False) -> None:
    config = alembic_config()
    with database.engine.begin() as conn:
        config.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(config, to)
