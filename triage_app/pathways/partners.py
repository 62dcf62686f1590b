"""Reading ``partners.toml``: every partner service, checked, as the seed of the directory.

The file is the source of partner codes (actions name them, and ``rules check`` reads it
without a database) and of each partner's first directory entry. A contact detail is taken
only with its source, so that nothing in the file can put an invented number on a sheet.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from triage_app.domain.directory import (
    DETAILS,
    PARTNER,
    REFERRALS,
    STATUSES,
    Detail,
    ServiceEntry,
)
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import echo
from triage_app.pathways.entries import Entry
from triage_app.pathways.model import Partner
from triage_app.pathways.problems import Report
from triage_app.pathways.source import TomlFile

PARTNER_KEYS = (
    "name",
    "helps_with",
    "needs",
    "concerns",
    "ages",
    "area",
    "referral",
    "hint",
    *DETAILS,
    *(f"{d}_source" for d in DETAILS),
    "status",
    "hubs",
    "for_families",
    "note",
)
#: The oldest age a service can name (up to 24 with SEND; adult services have no limit).
OLDEST = 120


def code_tables(file: TomlFile, name: str, report: Report) -> dict[str, Any]:
    tables = file.data.get(name, {})
    for key in file.data:
        if key != name:
            report.add(file.path, file.key_line(None, key), None, f"unknown section '{echo(key)}'")
    if not isinstance(tables, dict):
        report.add(file.path, file.key_line(None, name), None, f"[{name}.<code>] tables expected")
        return {}
    return tables


def table_entries(
    file: TomlFile, kind: str, keys: tuple[str, ...], report: Report
) -> Iterator[tuple[str, Entry]]:
    """Each ``[kind.<code>]`` table that is a table, its unknown keys already reported."""
    for code, data in code_tables(file, kind, report).items():
        block = file.table_block(f"{kind}.{code}")
        if not isinstance(data, dict):
            line = block.start if block else None
            report.add(file.path, line, code, f"[{kind}.{code}] must be a table")
            continue
        e = Entry(file, block, data, code, report=report)
        e.unknown_keys(keys, f"{kind} field")
        yield code, e


def _detail(e: Entry, name: str) -> Detail:
    value = e.text(name) or ""
    source = e.text(f"{name}_source") or ""
    if value and not source:
        e.problem(
            name,
            f"{name} has no {name}_source: say where it was read (the service's own public "
            "page and the day), or leave it out until the service confirms it",
        )
        return Detail()
    return Detail(value, source)


def _ages(e: Entry) -> tuple[int | None, int | None]:
    value = e.data.get("ages")
    if value is None:
        return None, None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        or not 0 <= value[0] <= value[1] <= OLDEST
    ):
        e.problem("ages", "ages must be [youngest, oldest] in years, such as [0, 4]")
        return None, None
    return value[0], value[1]


def _choice(e: Entry, key: str, allowed: tuple[str, ...]) -> str | None:
    found = e.text(key)
    if found is not None and found not in allowed:
        e.problem(key, f"{key} must be one of {', '.join(allowed)}")
        return None
    return found


def _seed(e: Entry, code: str, name: str, helps: str, vocab: Vocabularies) -> ServiceEntry:
    youngest, oldest = _ages(e)
    for_families = e.flag("for_families")
    return ServiceEntry(
        code=code,
        kind=PARTNER,
        name=name,
        description=helps,
        needs=e.codes("needs", vocab.need) or (),
        concerns=e.codes("concerns", vocab.concern) or (),
        age_from=youngest,
        age_to=oldest,
        area=e.text("area") or "",
        referral=_choice(e, "referral", REFERRALS),
        status=_choice(e, "status", STATUSES) or "active",
        for_families=for_families is not False,
        hint=e.text("hint") or "",
        note=e.text("note") or "",
        **{d: _detail(e, d) for d in DETAILS},  # type: ignore[arg-type]
    )


def read_partners(file: TomlFile, vocab: Vocabularies, report: Report) -> Mapping[str, Partner]:
    """Every partner, checked: a name and what they help with; known codes; sourced details."""
    found: dict[str, Partner] = {}
    for code, e in table_entries(file, "partner", PARTNER_KEYS, report):
        name = e.text("name", required=True)
        helps = e.text(
            "helps_with", required=True, missing="helps_with is missing: say what they help with"
        )
        hubs = e.codes("hubs", vocab.hub) or ()
        if name and helps:
            seed = _seed(e, code, name, helps, vocab)
            found[code] = Partner(
                code=code,
                name=name,
                helps_with=helps,
                hubs=hubs,
                for_families=seed.for_families,
                seed=seed,
            )
    return MappingProxyType(found)
