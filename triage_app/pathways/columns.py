"""What a rule set writes into every route saved, checked against the columns that hold it.

A route is stored with its rule set's version and its actions' codes
(``request_versions.rules_version``, ``route_actions.action``). A rule set whose version is
longer than its column would pass every other check and then make every save fail on
PostgreSQL (SQLite does not enforce lengths), so ``rules check`` and loading refuse it,
naming the line. The lengths are the schema's own (``triage_app.domain.limits``). A rule's
``respond_within`` is one of a few fixed forms (``pathways.respond``), the longest well
within its column; rule ids and reasons are stored in the route's trace, which has no
length limit.
"""

from __future__ import annotations

from collections.abc import Mapping

from triage_app.domain import limits
from triage_app.pathways.model import Action
from triage_app.pathways.problems import Report
from triage_app.pathways.source import TomlFile


def _too_long(what: str, text: str, limit: int) -> str:
    return (
        f"{what} is {len(text)} characters long: at most {limit} fit where each route saved "
        "keeps it; shorten it"
    )


def check_version(file: TomlFile, version: object, report: Report) -> None:
    """The rule set's version fits ``request_versions.rules_version``."""
    if isinstance(version, str) and len(version.strip()) > limits.RULES_VERSION:
        line = file.key_line(None, "version")
        report.add(
            file.path, line, None, _too_long("version", version.strip(), limits.RULES_VERSION)
        )


def check_actions(file: TomlFile, actions: Mapping[str, Action], report: Report) -> None:
    """Each action's code fits ``route_actions.action``."""
    for code in actions:
        if len(code) > limits.CODE:
            block = file.table_block(f"action.{code}")
            line = block.start if block else None
            report.add(file.path, line, code, _too_long("the action code", code, limits.CODE))
