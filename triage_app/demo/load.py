"""Loading many synthetic requests quickly: routed like any other, inserted in bulk.

A million requests must load in minutes, so rows go in as plain values with ids assigned
here (no per-row round trip for a generated key), in batches of one transaction each. Each
request is routed by the real rules; since the hub is the only part of a route that depends
on the postcode, routes are remembered per routing situation and the hub is chosen per
request.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import func, select

from triage_app.demo.generate import DemoRequest
from triage_app.domain.actor import Actor
from triage_app.domain.route import Route
from triage_app.pathways import RuleSet, route
from triage_app.pathways.hubs import choose_hub
from triage_app.store import audit
from triage_app.store.bulk import advance_sequences, insert_rows
from triage_app.store.database import Database
from triage_app.store.models import (
    ActionRow,
    Base,
    ChildRow,
    NeedRow,
    Request,
    RequestVersion,
)
from triage_app.store.requests import (
    action_values,
    child_values,
    need_values,
    new_reference,
    version_values,
)

DEMO_AUTHOR = "demo-data"
BATCH = 5000


class _Router:
    """Routes demo requests, once per scenario: same scenario, same facts, same route.

    Only the hub depends on the family's postcode, so it is chosen for each request.
    """

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.seen: dict[int, Route] = {}

    def __call__(self, demo: DemoRequest, on: date) -> Route:
        req = demo.request
        found = self.seen.get(demo.scenario) if demo.scenario is not None else None
        if found is None:
            found = route(dataclasses.replace(req, postcode=None, hub=None), self.rules, on=on)
            if demo.scenario is not None:
                self.seen[demo.scenario] = found
        hub = choose_hub(req.hub, req.postcode, self.rules.areas, None)
        return dataclasses.replace(found, hub=hub)


def _next_ids(db: Database) -> list[int]:
    with db.read() as s:
        return [
            int(s.execute(select(func.coalesce(func.max(t.id), 0))).scalar_one()) + 1
            for t in (Request, RequestVersion, ChildRow, NeedRow, ActionRow)
        ]


def load_requests(
    db: Database,
    requests: Iterable[DemoRequest],
    *,
    rules: RuleSet,
    actor: Actor,
    now: datetime,
    seed_references: Callable[[], str] = new_reference,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert the requests as version 1 each; returns how many were loaded."""
    router = _Router(rules)
    ids = _next_ids(db)
    loaded = 0
    stream = iter(requests)
    references: set[str] = set()
    while batch := list(islice(stream, BATCH)):
        rows: dict[str, list[dict[str, Any]]] = {"r": [], "v": [], "c": [], "n": [], "a": []}
        for demo in batch:
            req = demo.request
            received = req.received_at or now
            routed = router(demo, received.date())
            request_id, version_id = ids[0], ids[1]
            ids[0] += 1
            ids[1] += 1
            reference = seed_references()
            while reference in references:
                reference = seed_references()  # pragma: no cover - vanishingly rare
            references.add(reference)
            rows["r"].append(
                {
                    "id": request_id,
                    "reference": reference,
                    "record_id": str(uuid.UUID(int=request_id, version=4)),
                    "created_at": received,
                    "current_version": 1,
                }
            )
            values = version_values(req, routed, actor=actor, now=received, version=1)
            rows["v"].append({**values, "id": version_id, "request_id": request_id})
            for key, items, counter in (
                ("c", child_values(req), 2),
                ("n", need_values(req, values["primary_need"]), 3),
                ("a", action_values(routed), 4),
            ):
                for item in items:
                    rows[key].append({**item, "id": ids[counter], "version_id": version_id})
                    ids[counter] += 1
        with db.write() as s:
            for key, model in (
                ("r", Request),
                ("v", RequestVersion),
                ("c", ChildRow),
                ("n", NeedRow),
                ("a", ActionRow),
            ):
                insert_rows(s, model.__table__, rows[key])  # type: ignore[arg-type]
        loaded += len(batch)
        if progress:
            progress(loaded)
    with db.write() as s:
        models = (Request, RequestVersion, ChildRow, NeedRow, ActionRow)
        advance_sequences(s, [Base.metadata.tables[m.__tablename__] for m in models])
        audit.append(s, actor, "demo_data", at=now, reason=f"{loaded} synthetic requests")
    return loaded
