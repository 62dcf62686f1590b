"""Worked examples shipped with a rule set: a request and the route it must get.

``<name>.examples.toml`` beside the rule file holds ``[[example]]`` tables::

    [[example]]
    name = "leaflet: a seven-year-old's temper tantrums"
    on = 2021-07-15                   # optional: the day ages are worked out for
    desk_hub = "mosaic"               # optional: the desk taking the request
    request = { contact_method = "telephone", source = "self_referral", ... }
    expect.pathway = "early_help"
    expect.actions = ["family_support", "parenting_support"]      # optional, exact and in order
    expect.actions_include = ["parenting_support"]                # optional, any order
    expect.hub = "pathways"                                       # optional
    expect.discreet = true                                        # optional

The request is written exactly as the ``route`` command reads it. Examples are both the
service's documentation of what its rules mean and tests: ``rules check`` runs them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from triage_app.domain.request import TriageRequest
from triage_app.domain.vocabulary import Term, Vocabularies, Vocabulary
from triage_app.domain.wire import parse_request
from triage_app.errors import InvalidInput, Problem
from triage_app.pathways.discretion import route_is_discreet
from triage_app.pathways.engine import route
from triage_app.pathways.entries import Entry, kind_of
from triage_app.pathways.loader import EXAMPLES_SUFFIX
from triage_app.pathways.model import RuleSet
from triage_app.pathways.partial import routing_problems
from triage_app.pathways.problems import Report, RuleProblem
from triage_app.pathways.source import TomlFile, read_toml

EXAMPLE_KEYS = ("name", "on", "desk_hub", "request", "expect")
EXPECT_KEYS = ("pathway", "actions", "actions_include", "hub", "discreet")


@dataclass(frozen=True)
class Example:
    """One worked example and where it is written."""

    name: str
    request: TriageRequest
    on: dt.date
    desk_hub: str | None
    pathway: str
    actions: tuple[str, ...] | None
    actions_include: tuple[str, ...]
    hub: str | None
    file: str
    line: int | None
    discreet: bool | None = None


def examples_path(rules: RuleSet) -> Path:
    return rules.file.with_name(rules.file.stem + EXAMPLES_SUFFIX)


def load_examples(
    path: Path, rules: RuleSet, vocab: Vocabularies
) -> tuple[list[Example], list[RuleProblem]]:
    """The examples in a file, and the problems of any that could not be read."""
    report = Report()
    file = read_toml(path, report)
    if file is None:
        return [], report.problems
    entries = file.data.get("example", [])
    if not isinstance(entries, list) or not all(isinstance(x, dict) for x in entries):
        report.add(path, None, None, "examples must be [[example]] tables")
        return [], report.problems
    blocks = file.blocks("example")
    found = []
    for i, data in enumerate(entries):
        name = data.get("name")
        who = name if isinstance(name, str) and name else f"example #{i + 1}"
        e = Entry(file, blocks[i] if i < len(blocks) else None, data, who, report=report)
        example = _example(e, file, rules, vocab)
        if example is not None:
            found.append(example)
    return found, report.problems


def _example(e: Entry, file: TomlFile, rules: RuleSet, vocab: Vocabularies) -> Example | None:
    before = len(e.report.problems)
    e.unknown_keys(EXAMPLE_KEYS, "example field")
    on = e.data.get("on", rules.effective_from)
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        e.problem("on", "on must be a date, written 2021-07-15")
        on = rules.effective_from
    desk_hub = e.code("desk_hub", vocab.hub)
    request = _request(e, vocab, on)
    expect = e.sub("expect")
    if expect is None:
        return None
    expect.unknown_keys(EXPECT_KEYS, "expectation")
    pathway = expect.code("pathway", vocab.pathway)
    if pathway is None and "pathway" not in expect.data:
        e.problem(None, "expect.pathway is missing")
    known = _actions_vocabulary(rules)
    actions = expect.codes("actions", known)
    include = expect.codes("actions_include", known) or ()
    hub = expect.code("hub", vocab.hub)
    discreet = expect.flag("discreet")
    if request is None or pathway is None or len(e.report.problems) > before:
        return None
    return Example(
        e.who or "",
        request,
        on,
        desk_hub,
        pathway,
        actions,
        include,
        hub,
        str(file.path),
        e.line,
        discreet,
    )


def _actions_vocabulary(rules: RuleSet) -> Vocabulary:
    return Vocabulary("action", tuple(Term(c, a.label) for c, a in rules.actions.items()))


def _request(e: Entry, vocab: Vocabularies, on: dt.date) -> TriageRequest | None:
    data = e.data.get("request")
    if data is None:
        e.problem(None, "request is missing: request = { contact_method = ..., ... }")
        return None
    if not isinstance(data, dict):
        e.problem(
            "request",
            f"request must be a table, got {kind_of(data)}: request = {{ contact_method = ... }}",
        )
        return None
    try:
        request = parse_request(data)
    except InvalidInput as error:
        for p in error.problems:
            e.problem("request", _within_request(p))
        return None
    problems = routing_problems(request, vocab, on)
    for p in problems:
        e.problem("request", _within_request(p))
    return None if problems else request


def _within_request(p: Problem) -> str:
    """A request's problem, its field named as part of the example's ``request``."""
    return f"request.{p}" if p.field else f"request: {p.message}"


def run_example(example: Example, rules: RuleSet) -> list[str]:
    """What differs between the example's expected route and the one the rules give."""
    got = route(example.request, rules, on=example.on, desk_hub=example.desk_hub)
    wrong = []
    if got.pathway != example.pathway:
        wrong.append(f"expected pathway '{example.pathway}', got '{got.pathway}'")
    if example.actions is not None and got.actions != example.actions:
        wrong.append(f"expected actions {list(example.actions)}, got {list(got.actions)}")
    missing = [a for a in example.actions_include if a not in got.actions]
    if missing:
        wrong.append(f"expected actions to include {missing}, got {list(got.actions)}")
    if example.hub is not None and got.hub != example.hub:
        wrong.append(f"expected hub '{example.hub}', got '{got.hub}'")
    discreet = route_is_discreet(got, rules)
    if example.discreet is not None and discreet != example.discreet:
        said = "a discreet sheet" if example.discreet else "a sheet that is not discreet"
        wrong.append(f"expected {said}, got the other")
    return wrong


def check_examples(
    rules: RuleSet, vocab: Vocabularies, path: Path | None = None
) -> list[RuleProblem]:
    """Read and run the rule set's worked examples; every failure is a problem."""
    path = path or examples_path(rules)
    if not path.exists():
        return [
            RuleProblem(str(path), None, None, "no worked examples: add some beside the rule file")
        ]
    examples, problems = load_examples(path, rules, vocab)
    for ex in examples:
        problems.extend(RuleProblem(ex.file, ex.line, ex.name, m) for m in run_example(ex, rules))
    return problems
