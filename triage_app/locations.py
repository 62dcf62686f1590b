"""Where the shipped data folders are, installed or in a source checkout.

``resources/`` (what the service edits) and ``db/`` (the schema's history) sit at the top of
the repository so a team leader can find them; a wheel carries them inside the package as
``triage_app/_resources`` and ``triage_app/_db``. This is the one place that knows both.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(installed: str, checkout: str) -> Path:
    inside = _PACKAGE / installed
    if inside.is_dir():
        return inside
    beside = _PACKAGE.parent / checkout
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"the application's {checkout}/ folder is missing from {_PACKAGE}")


def resources_dir() -> Path:
    """The folder holding vocabularies, hubs, partners, rules, wording and fonts."""
    return _find("_resources", "resources")


def migrations_dir() -> Path:
    """The Alembic script folder (``env.py`` and ``versions/``)."""
    return _find("_db", "db")
