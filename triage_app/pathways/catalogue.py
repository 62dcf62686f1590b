"""Partners and actions: each defined once, referred to by code from the rules.

``partners.toml`` holds ``[partner.<code>]`` tables (name, what they help with, phone, web,
whether the details are confirmed); ``actions.toml`` holds ``[action.<code>]`` tables (the
label staff read, optionally the partner it refers to and the least urgent pathway it
belongs with).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from triage_app.domain.vocabulary import Term, Vocabularies, Vocabulary
from triage_app.pathways.entries import Entry
from triage_app.pathways.model import Action, Partner
from triage_app.pathways.problems import Report
from triage_app.pathways.source import TomlFile

PARTNER_KEYS = ("name", "helps_with", "phone", "web", "confirmed", "hubs")
ACTION_KEYS = ("label", "partner", "min_pathway")


def _tables(file: TomlFile, name: str, report: Report) -> dict[str, Any]:
    tables = file.data.get(name, {})
    for key in file.data:
        if key != name:
            report.add(file.path, file.key_line(None, key), None, f"unknown section '{key}'")
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
        if name and helps:
            found[code] = Partner(
                code=code,
                name=name,
                helps_with=helps,
                phone=e.text("phone") or "",
                web=e.text("web") or "",
                confirmed=bool(confirmed),
                hubs=hubs,
            )
    return MappingProxyType(found)


def read_actions(
    file: TomlFile, vocab: Vocabularies, partners: Mapping[str, Partner], report: Report
) -> Mapping[str, Action]:
    """Every action, checked: a label; a known partner and pathway if given."""
    partner_codes = Vocabulary("partner", tuple(Term(c, p.name) for c, p in partners.items()))
    found: dict[str, Action] = {}
    for code, data in _tables(file, "action", report).items():
        e = _entry(file, "action", code, data, report)
        if e is None:
            continue
        e.unknown_keys(ACTION_KEYS, "action field")
        label = e.text("label", required=True)
        partner = e.code("partner", partner_codes)
        min_pathway = e.code("min_pathway", vocab.pathway)
        if label:
            found[code] = Action(code, label, partner, min_pathway)
    return MappingProxyType(found)
