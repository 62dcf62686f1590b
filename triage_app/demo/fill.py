"""Filling a database with demo data, and keeping demo data away from real requests."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from triage_app.demo.generate import DemoGenerator
from triage_app.demo.load import DEMO_AUTHOR, load_requests
from triage_app.demo.profile import load_profile
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.pathways import RuleSet
from triage_app.store.database import Database
from triage_app.store.models import RequestVersion
from triage_app.store.requests import new_reference

#: How many requests a ``--demo`` start shows: two busy years across the eight hubs.
DEMO_START_REQUESTS = 10_000


def holds_real_requests(db: Database) -> bool:
    """Whether any request in the database was made by someone other than the demo generator."""
    with db.read() as s:
        found = s.execute(
            select(RequestVersion.id).where(RequestVersion.author != DEMO_AUTHOR).limit(1)
        ).first()
    return found is not None


def is_empty(db: Database) -> bool:
    with db.read() as s:
        return s.execute(select(RequestVersion.id).limit(1)).first() is None


def fill_demo(
    db: Database,
    *,
    resources: Path,
    rules: RuleSet,
    now: datetime,
    count: int,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add ``count`` synthetic requests; refuses a database that holds real requests."""
    if holds_real_requests(db):
        raise TriageError(
            f"{db.describe()} holds real requests; demo data is only ever added to a demo "
            "database. Use --demo, or --database with a new file."
        )
    generator = DemoGenerator(load_profile(resources), rules.areas, now, seed)
    rng = random.Random(seed)  # noqa: S311 - repeatable references for synthetic data
    return load_requests(
        db,
        generator.requests(count),
        rules=rules,
        actor=Actor(username=DEMO_AUTHOR, role="system"),
        now=now,
        seed_references=lambda: new_reference(rng),
        progress=progress,
    )
