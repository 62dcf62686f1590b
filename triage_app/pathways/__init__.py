"""Pathway guidance: rules as data, loaded and checked once, evaluated by a pure function.

The public surface: :func:`load_rules` builds a :class:`RuleSet` from a folder (or raises
:class:`RulesError` listing every problem), :func:`route` turns a request into a
:class:`~triage_app.domain.route.Route`, and :class:`RuleBook` holds the rule set in use.
"""

from __future__ import annotations

from pathlib import Path

from triage_app.locations import resources_dir
from triage_app.pathways.engine import route
from triage_app.pathways.loader import load_rules
from triage_app.pathways.model import Action, Partner, Rule, RuleSet
from triage_app.pathways.problems import RuleProblem, RulesError
from triage_app.pathways.rulebook import ReloadResult, RuleBook

#: The shipped rule set's folder, inside ``resources/``.
RULES_FOLDER = "pathways"


def default_rules_dir(resources: Path | None = None) -> Path:
    """The shipped rule set: ``resources/pathways`` (of the given resources folder, if any)."""
    return (resources or resources_dir()) / RULES_FOLDER


__all__ = [
    "Action",
    "Partner",
    "ReloadResult",
    "Rule",
    "RuleBook",
    "RuleProblem",
    "RuleSet",
    "RulesError",
    "default_rules_dir",
    "load_rules",
    "route",
]
