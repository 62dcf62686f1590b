"""Reading the rules of a rule file into :class:`Rule` values, with every problem reported.

Besides unknown codes and wrong types, this finds rules that can never fire (a contradiction
in their own conditions), advice a family might not understand (an acronym never spelt out,
a very long sentence) and a rule about domestic abuse that is not marked discreet.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage_app.domain.ages import MAX_AGE, MAX_AGE_SEND
from triage_app.domain.route import TraceEntry
from triage_app.domain.vocabulary import Term, Vocabularies, Vocabulary
from triage_app.errors import echo
from triage_app.pathways.conditions import ANSWERS, Conditions, compile_conditions
from triage_app.pathways.discretion import discretion_problems
from triage_app.pathways.engine import NO_RULE_ID
from triage_app.pathways.entries import Entry, kind_of
from triage_app.pathways.hold import HOLD_ID
from triage_app.pathways.model import Action, Rule
from triage_app.pathways.plain import plain_english_problems
from triage_app.pathways.problems import Report
from triage_app.pathways.respond import FORMS, respond_rank
from triage_app.pathways.safety import FLOOR_IDS
from triage_app.pathways.source import TomlFile

RULE_KEYS = (
    "id",
    "reason",
    "when",
    "pathway",
    "actions",
    "advice",
    "respond_within",
    "fallback",
    "discreet",
)
CONDITION_KEYS = (
    "needs_any",
    "needs_at_least",
    "earlier_requests_at_least",
    "concerns_any",
    "source",
    "contact_method",
    "consent",
    "consent_not",
    "any_child_aged",
    "child_in_range",
    "unborn",
    "send",
    *ANSWERS,
)
#: Trace ids the engine writes itself; a rule may not take one.
RESERVED_IDS = FLOOR_IDS | {NO_RULE_ID, HOLD_ID}


def read_rules(
    file: TomlFile,
    vocab: Vocabularies,
    actions: Mapping[str, Action],
    report: Report,
    *,
    names: frozenset[str] = frozenset(),
) -> list[Rule]:
    """Every well-formed rule of the file, in order; problems go to ``report``.

    ``names`` are acronyms that are part of a partner's own name (like "Go CV"): advice may
    use them unexplained, as the family will see the name printed.
    """
    entries = file.data.get("rule", [])
    if not isinstance(entries, list) or not all(isinstance(r, dict) for r in entries):
        report.add(file.path, file.key_line(None, "rule"), None, "rules must be [[rule]] tables")
        return []
    blocks = file.blocks("rule")
    action_codes = Vocabulary("action", tuple(Term(c, a.label) for c, a in actions.items()))
    rules: list[Rule] = []
    first_line: dict[str, int | None] = {}
    for index, data in enumerate(entries):
        block = blocks[index] if index < len(blocks) else None
        rule_id = data.get("id")
        who = rule_id if isinstance(rule_id, str) and rule_id else f"rule #{index + 1}"
        e = Entry(file, block, data, who, report=report)
        if rule_id is None or (isinstance(rule_id, str) and not rule_id.strip()):
            e.problem(None, "id is missing: every rule needs a short, unique id")
        elif not isinstance(rule_id, str):
            e.problem("id", f"id must be text in quotes, got {kind_of(rule_id)}")
        elif rule_id in RESERVED_IDS:
            e.problem("id", f"rule id '{rule_id}' is the safety floor's own: choose another")
        elif rule_id in first_line:
            e.problem(
                "id",
                f"duplicate rule id '{echo(rule_id)}' (first used at line {first_line[rule_id]})",
            )
        else:
            first_line[rule_id] = e.line
        rule = _rule(e, vocab, action_codes, actions, names)
        if rule is not None:
            rules.append(rule)
    return rules


def _rule(
    e: Entry,
    vocab: Vocabularies,
    action_codes: Vocabulary,
    actions: Mapping[str, Action],
    names: frozenset[str],
) -> Rule | None:
    before = len(e.report.problems)
    e.unknown_keys(RULE_KEYS, "rule field")
    reason = e.text("reason", required=True, missing="reason is missing: say why, for the trace")
    advice = e.text(
        "advice", required=True, missing="missing advice wording for the family's sheet"
    )
    for message in plain_english_problems(advice or "", "advice", names):
        e.problem("advice", message)
    pathway = e.code("pathway", vocab.pathway)
    rule_actions = e.codes("actions", action_codes) or ()
    respond = e.text("respond_within")
    rank = respond_rank(respond) if respond else None
    if respond and rank is None:
        e.problem("respond_within", f"respond_within '{respond}' is not understood: write {FORMS}")
    fallback = e.flag("fallback") or False
    discreet = e.flag("discreet") or False
    when_entry = e.sub("when")
    when = _conditions(when_entry, vocab) if when_entry else None
    for message in discretion_problems(when, discreet) if when else ():
        e.problem("discreet" if "discreet" in e.data else None, message)
    for code in rule_actions:
        _check_action_fits(e, actions.get(code), pathway, vocab)
    if when is None or len(e.report.problems) > before:
        return None
    return Rule(
        id=e.who or "",
        reason=reason or "",
        when=when,
        pathway=pathway,
        actions=tuple(dict.fromkeys(rule_actions)),
        advice=advice or "",
        respond_within=respond,
        respond_rank=rank,
        fallback=fallback,
        discreet=discreet,
        file=str(e.file.path),
        line=e.line,
        matches=compile_conditions(when),
        matches_given_need=compile_conditions(when, needs_known=True),
        entry=TraceEntry(e.who or "", reason or ""),
        rank=vocab.pathway.index(pathway) if pathway else None,
    )


def _conditions(e: Entry, vocab: Vocabularies) -> Conditions | None:
    e.unknown_keys(CONDITION_KEYS, "condition")
    lists: dict[str, Any] = {}
    for key, vocabulary in (
        ("needs_any", vocab.need),
        ("concerns_any", vocab.concern),
        ("source", vocab.source),
        ("contact_method", vocab.contact_method),
        ("consent", vocab.consent),
        ("consent_not", vocab.consent),
    ):
        found = e.codes(key, vocabulary)
        if found is not None and not found and key != "consent_not":
            e.problem(
                key, f"when.{key} is an empty list, which matches nothing: the rule can never fire"
            )
        lists[key] = frozenset(found) if found is not None else None
    flags: dict[str, Any] = {k: e.flag(k) for k in ("child_in_range", "unborn", "send", *ANSWERS)}
    c = Conditions(
        **lists,
        needs_at_least=_count(e, "needs_at_least"),
        earlier_requests_at_least=_count(e, "earlier_requests_at_least"),
        any_child_aged=_ages(e),
        **flags,
    )
    _check_can_fire(e, c, vocab)
    return c


def _count(e: Entry, key: str) -> int | None:
    value = e.data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 10:
        e.problem(key, f"when.{key} must be a whole number from 1 to 10")
        return None
    return value


def _ages(e: Entry) -> tuple[int, int] | None:
    value = e.data.get("any_child_aged")
    if value is None:
        return None
    valid = isinstance(value, list) and len(value) == 2
    if not valid or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        e.problem(
            "any_child_aged", "when.any_child_aged must be two whole numbers: [lowest, highest]"
        )
        return None
    low, high = value
    if low < 0:
        e.problem(
            "any_child_aged", f"when.any_child_aged [{low}, {high}]: an age cannot be negative"
        )
    if low > high:
        e.problem(
            "any_child_aged",
            f"when.any_child_aged [{low}, {high}]: the lowest age is above the highest, "
            "so the rule can never fire",
        )
    return low, high


def _check_can_fire(e: Entry, c: Conditions, vocab: Vocabularies) -> None:
    """Report conditions that contradict each other, so the rule could never fire."""
    if (c.consent is not None or c.consent_not is not None) and not c.consents(vocab.consent.codes):
        e.problem(
            "consent", "when.consent and when.consent_not leave no consent: the rule can never fire"
        )
    if c.child_in_range is False and c.unborn is True:
        e.problem(
            "child_in_range",
            "an unborn child is always in range, so child_in_range = false with unborn = true "
            "can never fire",
        )
    if c.child_in_range is False and c.any_child_aged is not None:
        high = c.any_child_aged[1]
        limit = MAX_AGE_SEND if c.send is True else MAX_AGE
        if 0 <= high <= limit:
            e.problem(
                "child_in_range",
                f"a child aged {c.any_child_aged[0]}–{high} is always in range, so "
                "child_in_range = false can never fire with it",
            )


def _check_action_fits(
    e: Entry, action: Action | None, pathway: str | None, vocab: Vocabularies
) -> None:
    if action is None:
        return
    order = vocab.pathway.codes
    low = action.min_pathway
    if low is not None and (pathway is None or order.index(pathway) > order.index(low)):
        e.problem(
            "actions",
            f"adds '{action.code}', which goes only with '{low}' or a more "
            f"urgent pathway, but sets pathway '{pathway or 'none'}'",
        )
    high = action.max_pathway
    if high is not None and pathway is not None and order.index(pathway) < order.index(high):
        e.problem(
            "actions",
            f"adds '{action.code}', which waits for the safeguarding hub on a pathway more "
            f"urgent than '{high}', but sets pathway '{pathway}'",
        )
