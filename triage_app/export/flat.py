"""The flat CSV row of a record, for the Power BI dashboard.

One row per record version. The dashboard counts and filters; it does not need to know who
a family is, so the CSV carries no names, address, phone, email or narrative (those go to the
case system in ``requests.jsonl`` only), and locality as the postcode district (``CV6``),
never the full postcode. Children and needs are flattened to counts and ``;``-joined codes
in the order they were given. Every cell is neutralised (see ``cells``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from triage_app.domain.ages import age_on
from triage_app.export.cells import safe_row

HEADER = (
    "record_id", "reference", "version", "received_at", "created_at", "author", "desk",
    "contact_method", "source", "referrer_organisation", "postcode_district",
    "address_withheld", "language", "interpreter", "send", "consent",
    "immediate_danger", "significant_harm", "domestic_abuse_high_risk",
    "primary_need", "needs", "need_count",
    "child_count", "unborn_count", "child_ages", "child_genders", "child_ethnicities",
    "child_send_count", "hub", "hub_chosen_by_staff", "pathway", "actions",
    "respond_within", "rules_version",
)  # fmt: skip


def _flag(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _text(value: str | None) -> str:
    return value or ""


def _district(postcode: str | None) -> str:
    """The outward code: ``CV6 1HD`` → ``CV6``."""
    if not postcode:
        return ""
    compact = postcode.replace(" ", "")
    return compact[:-3] if len(compact) >= 5 else compact


def _age(child: dict[str, Any], received: date) -> str:
    if child["unborn"]:
        return "unborn"
    if child["date_of_birth"]:
        return str(age_on(date.fromisoformat(child["date_of_birth"]), received))
    age = child["age_years"]
    return "" if age is None else str(age)


def csv_row(record: dict[str, Any]) -> list[str]:
    """The record as cells in ``HEADER`` order, every one neutralised."""
    family, children, route = record["family"], record["children"], record["route"]
    referrer = record["referrer"] or {}
    answers = record["answers"]
    received = date.fromisoformat(record["received_at"][:10])
    cells = [
        record["record_id"], record["reference"], str(record["version"]),
        record["received_at"], record["created_at"],
        _text(record["author"]), _text(record["desk"]),
        record["contact_method"], record["source"], _text(referrer.get("organisation")),
        _district(family.get("postcode")), _flag(family["address_withheld"]),
        _text(family["language"]), _flag(family["interpreter"]), _flag(record["send"]),
        record["consent"],
        _flag(answers["immediate_danger"]), _flag(answers["significant_harm"]),
        _flag(answers["domestic_abuse_high_risk"]),
        record["primary_need"] or "", ";".join(record["needs"]), str(len(record["needs"])),
        str(len(children)), str(sum(1 for c in children if c["unborn"])),
        ";".join(_age(c, received) for c in children),
        ";".join(c["gender"] or "" for c in children),
        ";".join(c["ethnicity"] or "" for c in children),
        str(sum(1 for c in children if c["send"])),
        record["hub"] or "", _flag(record["hub_chosen_by_staff"]), route["pathway"],
        ";".join(route["actions"]), _text(route["respond_within"]), _text(route["rules_version"]),
    ]  # fmt: skip
    return safe_row(cells)
