r"""The machine-wide configuration a council's IT sets for every user of a PC.

One TOML file, ``here-to-help.toml``, in the platform's site configuration folder
(platformdirs' ``site_config_dir``: ``C:\ProgramData\here-to-help`` on Windows,
``/Library/Application Support/here-to-help`` on macOS, ``/etc/xdg/here-to-help`` on Linux),
writable by IT only. What it sets, a user's own settings (their desk settings, their
environment) cannot change: the database and its password file, the audit key, the desk and
its hub, and the sign-in policy. Without the file, nothing changes: a desk starts on the
embedded SQLite default. See docs/deployment.md for an example.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from platformdirs import site_config_path

from triage_app.accounts.policy import AccountPolicy
from triage_app.errors import TriageError, echo
from triage_app.settings import DESK_KINDS, DeskSettings

SITE_FILE = "here-to-help.toml"
#: Where a setting came from, as the window's Settings shows it.
SITE, USER, DEFAULT = "set by IT for this PC", "your setting", "default"
#: Each section, its keys and their types.
_SHAPE: dict[str, dict[str, type]] = {
    "database": {"url": str, "password_file": str, "audit_key": str},
    "desk": {"kind": str, "hub": str, "desk_name": str, "high_contrast": bool},
    "accounts": {"max_failures": int, "lockout_minutes": int, "min_password_length": int},
}
_MAX_BYTES = 65_536


@dataclass(frozen=True)
class SiteConfig:
    """What the site file sets; empty when there is none (``path`` None)."""

    path: Path | None = None
    database: str | None = None
    password_file: Path | None = None
    audit_key: Path | None = None
    #: The desk settings the site fixes, by field name of :class:`DeskSettings`.
    desk: Mapping[str, Any] = field(default_factory=dict)
    accounts: Mapping[str, int] = field(default_factory=dict)

    def desk_settings(self, own: DeskSettings) -> DeskSettings:
        """The user's own desk settings with what the site fixes put over them."""
        return replace(own, **dict(self.desk))

    def desk_sources(self, own_set_up: bool) -> dict[str, str]:
        """Where each desk setting comes from: the site, the user's own settings, or default."""
        mine = USER if own_set_up else DEFAULT
        return {f.name: SITE if f.name in self.desk else mine for f in fields(DeskSettings)}

    def account_policy(self, policy: AccountPolicy) -> AccountPolicy:
        """``policy`` with the site's sign-in rules put over it."""
        changes: dict[str, Any] = {
            k: v for k, v in self.accounts.items() if k in ("max_failures", "min_password_length")
        }
        if "lockout_minutes" in self.accounts:
            changes["lockout"] = timedelta(minutes=self.accounts["lockout_minutes"])
        return replace(policy, **changes)


def default_site_dir() -> Path:
    return site_config_path("here-to-help", appauthor=False)


def _checked(path: Path, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The file's sections, checked: a plain message for the first setting that is wrong."""
    for section, values in data.items():
        shape = _SHAPE.get(section)
        if shape is None or not isinstance(values, dict):
            known = ", ".join(f"[{s}]" for s in _SHAPE)
            raise TriageError(f"{path}: '{echo(section)}' is not a section (use {known})")
        for key, value in values.items():
            wanted = shape.get(key)
            if wanted is None:
                raise TriageError(
                    f"{path}: '{section}.{echo(key)}' is not a setting (in [{section}]: "
                    f"{', '.join(shape)})"
                )
            if type(value) is not wanted or (
                wanted is int and isinstance(value, int) and value < 1
            ):
                kind = {str: "text", bool: "true or false", int: "a whole number from 1"}[wanted]
                raise TriageError(f"{path}: '{section}.{key}' should be {kind}")
    return data


def load_site_config(folder: Path) -> SiteConfig:
    """The site configuration in ``folder``, or an empty one if there is no file.

    Raises:
        TriageError: the file exists but cannot be read, is not TOML, or names a setting
            that does not exist or has the wrong kind of value; the message names it.
    """
    path = folder / SITE_FILE
    try:
        with path.open("rb") as f:
            raw = f.read(_MAX_BYTES + 1)
    except FileNotFoundError:
        return SiteConfig()
    except OSError as e:
        raise TriageError(f"the site configuration {path} cannot be read ({e.strerror})") from None
    if len(raw) > _MAX_BYTES:
        raise TriageError(f"the site configuration {path} is larger than a configuration file")
    import tomllib  # noqa: PLC0415 - only a PC with a site file pays for the parser

    try:
        data = _checked(path, tomllib.loads(raw.decode("utf-8")))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise TriageError(f"the site configuration {path} is not valid TOML: {e}") from None
    kind = data.get("desk", {}).get("kind")
    if kind is not None and kind not in DESK_KINDS:
        raise TriageError(f"{path}: 'desk.kind' should be one of: {', '.join(DESK_KINDS)}")
    database = data.get("database", {})

    def as_path(key: str) -> Path | None:
        return Path(database[key]).expanduser() if database.get(key) else None

    return SiteConfig(
        path=path,
        database=database.get("url") or None,
        password_file=as_path("password_file"),
        audit_key=as_path("audit_key"),
        desk=dict(data.get("desk", {})),
        accounts=dict(data.get("accounts", {})),
    )
