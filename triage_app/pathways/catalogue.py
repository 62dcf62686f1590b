"""Partners and actions: each defined once, referred to by code from the rules.

``partners.toml`` holds ``[partner.<code>]`` tables (name, what they help with, phone, web,
whether the details are confirmed, whether the family's sheet may print them);
``actions.toml`` holds ``[action.<code>]`` tables (the label staff read, the wording the
family reads, optionally the partner it refers to and the least urgent pathway it belongs
with).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from types import MappingProxyType
from typing import Any

from triage_app.domain.vocabulary import Term, Vocabularies, Vocabulary
from triage_app.errors import echo
from triage_app.pathways.entries import Entry
from triage_app.pathways.model import Action, Partner
from triage_app.pathways.plain import name_acronyms, plain_english_problems
from triage_app.pathways.problems import Report
from triage_app.pathways.source import TomlFile

PARTNER_KEYS = ("name", "helps_with", "phone", "web", "confirmed", "hubs", "for_families")
ACTION_KEYS = ("label", "family", "partner", "min_pathway", "max_pathway")


def _tables(file: TomlFile, name: str, report: Report) -> dict[str, Any]:
    tables = file.data.get(name, {})
    for key in file.data:
        if key != name:
            report.add(file.path, file.key_line(None, key), None, f"unknown section '{echo(key)}'")
    if not isinstance(tables, dict):
        report.add(file.path, file.key_line(None, name), None, f"[{name}.<code>] tables expected")
        return {}
    return tables


def _entry(file: TomlFile, kind: str, code: str, data: object, report: Report) -> Entry | None:
    block = file.table_block(f"{kind}.{code}")
    if not isinstance(data, dict):
        line = block.start if block else None
        report.add(file.path, line, code, f"[{kind}.{code}] must be a table")
        return None
    return Entry(file, block, data, code, report=report)


def read_partners(file: TomlFile, vocab: Vocabularies, report: Report) -> Mapping[str, Partner]:
    """Every partner, checked: a name and what they help with; known hubs."""
    found: dict[str, Partner] = {}
    for code, data in _tables(file, "partner", report).items():
        e = _entry(file, "partner", code, data, report)
        if e is None:
            continue
        e.unknown_keys(PARTNER_KEYS, "partner field")
        name = e.text("name", required=True)
        helps = e.text(
            "helps_with", required=True, missing="helps_with is missing: say what they help with"
        )
        confirmed = e.flag("confirmed")
        if confirmed is None and "confirmed" not in e.data:
            e.problem(None, "confirmed is missing: true once the service has checked the details")
        hubs = e.codes("hubs", vocab.hub) or ()
        for_families = e.flag("for_families")
        if name and helps:
            found[code] = Partner(
                code=code,
                name=name,
                helps_with=helps,
                phone=e.text("phone") or "",
                web=e.text("web") or "",
                confirmed=bool(confirmed),
                hubs=hubs,
                for_families=for_families is not False,
            )
    return MappingProxyType(found)


def read_actions(
    file: TomlFile,
    vocab: Vocabularies,
    partners: Mapping[str, Partner],
    report: Report,
    *,
    unread: Collection[str] | None = (),
) -> Mapping[str, Action]:
    """Every action, checked: a label, plain family wording; a known partner and pathway if given.

    ``unread``: partners defined but not read (their problems already reported), which an
    action may name without a further problem; ``None`` when the partners file itself could
    not be read, so that no partner can be checked.

    The family wording may use an acronym unexplained only where it is part of a partner's
    own name ("Go CV"), as the sheet prints that name.
    """
    partner_codes = Vocabulary("partner", tuple(Term(c, p.name) for c, p in partners.items()))
    names = name_acronyms([p.name for p in partners.values()])
    found: dict[str, Action] = {}
    for code, data in _tables(file, "action", report).items():
        e = _entry(file, "action", code, data, report)
        if e is None:
            continue
        e.unknown_keys(ACTION_KEYS, "action field")
        label = e.text("label", required=True)
        family = e.text(
            "family",
            required=True,
            missing="family is missing: say what this step means for the family, in plain "
            'words ("We will ask the school nurse to contact you")',
        )
        for message in plain_english_problems(family or "", "the family wording", names):
            e.problem("family", message)
        named = e.data.get("partner")
        if unread is None or named in unread:
            partner = e.text("partner")
        else:
            partner = e.code("partner", partner_codes)
        min_pathway = e.code("min_pathway", vocab.pathway)
        max_pathway = e.code("max_pathway", vocab.pathway)
        if label:  # kept even without family wording, so rules naming it are not also reported
            found[code] = Action(code, label, family or "", partner, min_pathway, max_pathway)
    return MappingProxyType(found)
