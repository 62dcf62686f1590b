"""Synthetic requests for the export tests: made-up people, some with awkward text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from triage_app.domain.actor import Actor
from triage_app.domain.request import Child, Family, Referrer, TriageRequest
from triage_app.domain.route import Route, TraceEntry
from triage_app.store.database import Database
from triage_app.store.requests import add_version, insert_request

ROUTE = Route(
    pathway="early_help",
    actions=("call_back", "early_help_assessment"),
    hub="harmony",
    rules_version="2026.1",
    respond_within="2 working days",
    trace=(TraceEntry("da_child", "Domestic abuse with a child in the household"),),
)
TAKEN = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def request(i: int, **changes: object) -> TriageRequest:
    base = TriageRequest(
        contact_method="telephone",
        source="education",
        needs=("domestic_abuse", "money_debt"),
        consent="given",
        children=(
            Child(first_name="Ada", last_name="Testerson", date_of_birth=date(2015, 5, 5),
                  gender="female", ethnicity="white_british"),
            Child(unborn=True),
        ),
        postcode="CV1 5ZZ",
        family=Family(first_name="Pat", last_name=f"Testerson{i}", address="1 Sample Street",
                      phone="07700 900123", language="English"),
        referrer=Referrer(name="R. Teacher", organisation="Example Primary School"),
        narrative="Synthetic narrative; nothing real.",
        received_at=TAKEN + timedelta(minutes=i),
    )  # fmt: skip
    return base if not changes else _replace(base, **changes)


def _replace(req: TriageRequest, **changes: object) -> TriageRequest:
    from dataclasses import replace

    return replace(req, **changes)  # type: ignore[arg-type]


def save(db: Database, actor: Actor, n: int, *, start: int = 0, **changes: object) -> list[str]:
    with db.write() as s:
        return [
            insert_request(s, request(i, **changes), ROUTE, actor=actor, now=TAKEN)
            for i in range(start, start + n)
        ]


def amend(db: Database, actor: Actor, reference: str, based_on: int = 1) -> int:
    with db.write() as s:
        return add_version(
            s, reference, request(99, consent="refused"), ROUTE, actor=actor,
            now=TAKEN + timedelta(days=1), reason="consent withdrawn", based_on=based_on,
        )  # fmt: skip
