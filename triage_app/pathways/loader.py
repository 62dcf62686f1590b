"""Loading a rule set: files in, one frozen :class:`RuleSet` out, or every problem at once.

A rule set folder holds ``actions.toml`` and one rule file (``<name>.toml``); worked examples
sit beside it as ``<name>.examples.toml`` (see :mod:`triage_app.pathways.examples`). Partners
and the postcode table are shared by every rule set, in ``partners.toml`` and
``postcodes.toml`` one folder up (``resources/``), unless given explicitly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import echo
from triage_app.pathways import columns, contradictions
from triage_app.pathways.catalogue import read_actions, read_partners
from triage_app.pathways.conditions import ANSWERS, Conditions
from triage_app.pathways.entries import kind_of
from triage_app.pathways.hubs import EMPTY_TABLE, PostcodeTable, read_postcodes
from triage_app.pathways.model import Action, Partner, Rule, RuleSet, rules_for
from triage_app.pathways.plain import name_acronyms
from triage_app.pathways.problems import Report, RuleProblem, RulesError
from triage_app.pathways.rulefile import read_rules
from triage_app.pathways.source import TomlFile, read_toml

ACTIONS_FILE = "actions.toml"
EXAMPLES_SUFFIX = ".examples.toml"
PARTNERS_FILE = "partners.toml"
POSTCODES_FILE = "postcodes.toml"
TOP_KEYS = ("version", "effective_from", "rule")


def rule_file(rules_dir: Path, report: Report) -> Path | None:
    """The folder's one rule file: any ``*.toml`` but actions and examples."""
    if not rules_dir.is_dir():
        report.add(rules_dir, None, None, "is not a folder of rules")
        return None
    found = sorted(
        p
        for p in rules_dir.glob("*.toml")
        if p.name != ACTIONS_FILE and not p.name.endswith(EXAMPLES_SUFFIX)
    )
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        report.add(
            rules_dir,
            None,
            None,
            f"needs exactly one rule file besides {ACTIONS_FILE}; found {names}",
        )
        return None
    return found[0]


def load_rules(
    rules_dir: Path,
    vocab: Vocabularies,
    *,
    partners_file: Path | None = None,
    postcodes_file: Path | None = None,
) -> RuleSet:
    """Load and check a rule set; raise :class:`RulesError` listing every problem found."""
    report = Report()
    if not rules_dir.is_dir():  # nothing beside it is read: its neighbours are not the rules'
        message = (
            f"is a file, not a folder: give the folder that holds it ({rules_dir.parent})"
            if rules_dir.is_file()
            else "there is no such folder"
        )
        raise RulesError([RuleProblem(str(rules_dir), None, None, message)])
    partners_path = partners_file or rules_dir.parent / PARTNERS_FILE
    postcodes_path = postcodes_file or rules_dir.parent / POSTCODES_FILE
    partners_toml = read_toml(partners_path, report)
    partners: Mapping[str, Partner] = (
        read_partners(partners_toml, vocab, report) if partners_toml else MappingProxyType({})
    )
    # Partners whose own table has a problem (already reported): an action naming one is
    # not reported again as naming an unknown partner. With no partners file, none are known.
    unread = _defined(partners_toml, "partner") - set(partners) if partners_toml else None
    postcodes_toml = read_toml(postcodes_path, report)
    areas = read_postcodes(postcodes_toml, vocab, report) if postcodes_toml else EMPTY_TABLE
    actions_toml = read_toml(rules_dir / ACTIONS_FILE, report)
    actions: Mapping[str, Action] = (
        read_actions(actions_toml, vocab, partners, report, unread=unread)
        if actions_toml
        else MappingProxyType({})
    )
    if actions_toml:
        columns.check_actions(actions_toml, actions, report)
        for message in contradictions.contract_problems(vocab, actions):
            report.add(actions_toml.path, None, None, message)
    path = rule_file(rules_dir, report)
    rules_toml = read_toml(path, report) if path else None
    rule_set = (
        _rule_set(rules_toml, vocab, report, _Parts(actions, partners, areas))
        if rules_toml
        else None
    )
    report.raise_if_any()
    if rule_set is None:  # every part that failed has said why; this is a safeguard
        raise RulesError(
            [RuleProblem(str(rules_dir), None, None, "the rule set could not be read")]
        )
    return rule_set


def _defined(file: TomlFile, section: str) -> set[str]:
    """The codes of a file's ``[section.<code>]`` tables, read or not."""
    tables = file.data.get(section)
    return set(tables) if isinstance(tables, dict) else set()


@dataclass(frozen=True)
class _Parts:
    """What a rule set refers to, read from the other files."""

    actions: Mapping[str, Action]
    partners: Mapping[str, Partner]
    areas: PostcodeTable


def _rule_set(file: TomlFile, vocab: Vocabularies, report: Report, parts: _Parts) -> RuleSet | None:
    for key in file.data:
        if key not in TOP_KEYS:
            report.add(file.path, file.key_line(None, key), None, f"unknown setting '{echo(key)}'")
    version = file.data.get("version")
    if version is not None and not isinstance(version, str):
        report.add(
            file.path,
            file.key_line(None, "version"),
            None,
            f'version must be text in quotes, got {kind_of(version)}: write version = "{version}"'
            if isinstance(version, int | float) and not isinstance(version, bool)
            else f"version must be text in quotes, got {kind_of(version)}",
        )
    elif not isinstance(version, str) or not version.strip():
        report.add(
            file.path,
            file.key_line(None, "version"),
            None,
            "version is missing: give the rule set a version",
        )
    effective = file.data.get("effective_from")
    if not isinstance(effective, dt.date) or isinstance(effective, dt.datetime):
        line = file.key_line(None, "effective_from")
        report.add(file.path, line, None, "effective_from must be a date, written 2021-07-15")
    names = name_acronyms([p.name for p in parts.partners.values()])
    rules = read_rules(file, vocab, parts.actions, report, names=names)
    columns.check_version(file, version, report)
    pathways = vocab.pathway.codes
    rank = MappingProxyType({p: i for i, p in enumerate(pathways)})
    for rule in rules:
        for message in contradictions.rule_contradictions(rule, rank, vocab.consent.codes):
            report.add(rule.file, rule.line, rule.id, message)
    fallback = _fallback_problem(file, rules)
    if fallback:
        report.add(file.path, None, None, fallback)
    if report.problems or not isinstance(version, str) or not isinstance(effective, dt.date):
        return None
    return _indexed(
        file.path, version.strip(), effective, tuple(rules), parts=parts, pathways=pathways
    )


def _fallback_problem(file: TomlFile, rules: list[Rule]) -> str | None:
    """What is wrong with the rule set's fallback, if anything not already reported.

    A fallback rule that is written but has a problem of its own (an unknown pathway, say)
    has been reported as that problem; saying "no fallback rule" as well would mislead.
    """
    if any(r.fallback and r.when == Conditions() for r in rules):
        return None
    entries = file.data.get("rule")
    written = (
        [r for r in entries if isinstance(r, dict) and r.get("fallback") is True]
        if isinstance(entries, list)
        else []
    )
    if any(r.get("when") in (None, {}) for r in written):
        return None  # it did not load: its own problems say why
    if written:
        ids = ", ".join(f"'{echo(r.get('id'))}'" for r in written[:3])
        return (
            f"the fallback rule ({ids}) has conditions: a fallback rule must have none (no "
            "when), so that every request is given a reason"
        )
    return (
        "no fallback rule: add one with fallback = true and no conditions, so that every "
        "request is given a reason"
    )


def _indexed(
    path: Path,
    version: str,
    effective: dt.date,
    rules: tuple[Rule, ...],
    *,
    parts: _Parts,
    pathways: tuple[str, ...],
) -> RuleSet:
    """Index rules by need, concern or yes answer so routing only looks at those that could fire.

    A rule that names needs is found through each of them; one that names no need but
    concerns, through each concern; one that names neither but wants a safeguarding answer
    of yes, through that answer. The rest are tried for every request.
    """
    by_need: dict[str, list[int]] = {}
    by_concern: dict[str, list[int]] = {}
    by_answer: dict[str, list[int]] = {}
    general, fallbacks = [], []
    for i, rule in enumerate(rules):
        when = rule.when
        yes = next((a for a in ANSWERS if when.answer(a) is True), None)
        if rule.fallback:
            fallbacks.append(i)
        elif when.needs_any is not None:
            for need in when.needs_any:
                by_need.setdefault(need, []).append(i)
        elif when.concerns_any is not None:
            for concern in when.concerns_any:
                by_concern.setdefault(concern, []).append(i)
        elif yes is not None:
            by_answer.setdefault(yes, []).append(i)
        else:
            general.append(i)
    return RuleSet(
        version=version,
        effective_from=effective,
        file=path,
        rules=rules,
        actions=parts.actions,
        partners=parts.partners,
        areas=parts.areas,
        pathways=pathways,
        rank=MappingProxyType({p: i for i, p in enumerate(pathways)}),
        by_need=_frozen(by_need),
        by_concern=_frozen(by_concern),
        by_answer=_frozen(by_answer),
        general=tuple(general),
        fallbacks=tuple(fallbacks),
        for_needs=_for_needs(tuple(general), _frozen(by_need)),
        held_at=_held_at(parts.actions, pathways),
        too_urgent_for=_too_urgent_for(parts.actions, pathways),
        by_id=MappingProxyType({rule.id: rule for rule in reversed(rules)}),  # the first
    )


def _held_at(
    actions: Mapping[str, Action], pathways: tuple[str, ...]
) -> Mapping[str, frozenset[str]]:
    """For each pathway, the actions held back from a route as urgent as it (``max_pathway``)."""
    return _beyond(actions, pathways, lambda a: a.max_pathway, more_urgent=True)


def _too_urgent_for(
    actions: Mapping[str, Action], pathways: tuple[str, ...]
) -> Mapping[str, frozenset[str]]:
    """For each pathway, the actions that go only with a more urgent one (``min_pathway``)."""
    return _beyond(actions, pathways, lambda a: a.min_pathway, more_urgent=False)


def _beyond(
    actions: Mapping[str, Action],
    pathways: tuple[str, ...],
    bound: Callable[[Action], str | None],
    *,
    more_urgent: bool,
) -> Mapping[str, frozenset[str]]:
    """For each pathway, the actions whose ``bound`` pathway it goes beyond.

    Beyond is more urgent than the bound (or less, without ``more_urgent``), in the rule
    set's order of pathways, most urgent first. Worked out once, at load.
    """
    rank = {p: i for i, p in enumerate(pathways)}

    def past(pathway: str, limit: str) -> bool:
        return rank[pathway] < rank[limit] if more_urgent else rank[limit] < rank[pathway]

    return MappingProxyType(
        {
            pathway: frozenset(
                code
                for code, action in actions.items()
                if (limit := bound(action)) is not None and past(pathway, limit)
            )
            for pathway in pathways
        }
    )


def _for_needs(
    general: tuple[int, ...], by_need: Mapping[str, tuple[int, ...]]
) -> Callable[[frozenset[str]], tuple[int, ...]]:
    """The rules to try for a set of needs, in file order, worked out once per set.

    Requests present a few needs out of a few dozen, so the same sets recur; each is the
    general rules and those of its needs, merged and sorted.
    """

    @lru_cache(maxsize=4096)
    def for_needs(needs: frozenset[str]) -> tuple[int, ...]:
        return rules_for(general, (by_need, needs))

    return for_needs


def _frozen(index: dict[str, list[int]]) -> Mapping[str, tuple[int, ...]]:
    return MappingProxyType({key: tuple(ix) for key, ix in index.items()})
