"""The application's configuration, built once at start and passed down.

Nothing reads the environment or the clock after start-up except through what is here, so
tests hand in their own database, folders and clock.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_config_path, user_data_path

from triage_app.accounts.policy import AccountPolicy
from triage_app.retention.policy import RetentionPolicy
from triage_app.site_config import DEFAULT, SITE, SiteConfig

if TYPE_CHECKING:
    from triage_app.store.audit_anchor import AuditPlaces

APP_NAME = "here-to-help"
DATABASE_ENV = "TRIAGE_DATABASE_URL"
#: The audit key file IT gives every desk of one database (docs/tamper-evidence.md).
AUDIT_KEY_ENV = "TRIAGE_AUDIT_KEY"
DEFAULT_DATABASE_NAME = "here-to-help.sqlite"
DEMO_DATABASE_NAME = "here-to-help-demo.sqlite"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AppConfig:
    """Where things are and what time it is, for one run of the app."""

    database: str
    data_dir: Path
    config_dir: Path
    resources: Path
    demo: bool = False
    environ: Mapping[str, str] = field(default_factory=dict)
    clock: Callable[[], datetime] = field(default=utc_now)
    #: Sign-in lockout and password rules (``triage_app.accounts``).
    accounts: AccountPolicy = field(default_factory=AccountPolicy)
    #: How long each kind of record is kept (``triage_app.retention``); ``retention.toml`` in
    #: ``config_dir`` overrides it.
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)
    #: The audit trail's key file (``TRIAGE_AUDIT_KEY``); None: ``audit/audit.key`` in
    #: ``data_dir``. The heads this PC keeps are in ``audit/heads`` there either way.
    audit_key: Path | None = None
    #: The file holding the PostgreSQL password (``TRIAGE_DATABASE_PASSWORD_FILE``), if any.
    database_password_file: Path | None = None
    #: What IT set for every user of this PC (``site_config``); empty without a site file.
    site: SiteConfig = field(default_factory=SiteConfig)
    #: Where ``database`` came from, for the window's Settings.
    database_source: str = DEFAULT

    @property
    def audit(self) -> AuditPlaces:
        """Where this PC keeps the audit trail's key and heads, outside the database."""
        # Its hashing and secrets load with the database, behind the window's first screen.
        from triage_app.store.audit_anchor import AuditPlaces  # noqa: PLC0415

        return AuditPlaces.in_folder(self.data_dir / "audit", self.audit_key)

    @property
    def database_is_own(self) -> bool:
        """Whether the database is the app's own file in its data folder, made on first start.

        Any other SQLite path was given by someone, and may be mistyped: it is never created
        with its folders (``triage_app.store.sqlite_file``).
        """
        own = (self.data_dir / DEFAULT_DATABASE_NAME, self.data_dir / DEMO_DATABASE_NAME)
        return Path(self.database) in own


def default_data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def default_config_dir() -> Path:
    return user_config_path(APP_NAME, appauthor=False)


def database_choice(
    explicit: str | None,
    env: Mapping[str, str],
    data_dir: Path,
    *,
    demo: bool,
    site: SiteConfig | None = None,
) -> tuple[str, str]:
    """The database and where it came from.

    ``--database`` beats the site configuration, which beats ``TRIAGE_DATABASE_URL``, which
    beats the file in the user's data folder: a user's environment cannot move a desk off
    the database IT set, and an administrator can still name another (the owner role's URL
    for ``db upgrade``). A demo start always uses its own file, so synthetic data never
    mixes with real requests.
    """
    if demo:
        return str(data_dir / DEMO_DATABASE_NAME), DEFAULT
    if explicit:
        return explicit, "--database"
    if site is not None and site.database:
        return site.database, SITE
    if env.get(DATABASE_ENV):
        return env[DATABASE_ENV], DATABASE_ENV
    return str(data_dir / DEFAULT_DATABASE_NAME), DEFAULT


def named_file(env: Mapping[str, str], name: str) -> Path | None:
    """The file the variable ``name`` names, if it names one."""
    value = env.get(name, "").strip()
    return Path(value).expanduser() if value else None


def audit_key_file(env: Mapping[str, str]) -> Path | None:
    """The key file ``TRIAGE_AUDIT_KEY`` names, if it names one."""
    return named_file(env, AUDIT_KEY_ENV)


def environment() -> Mapping[str, str]:
    """The process environment, read in one place."""
    return os.environ
