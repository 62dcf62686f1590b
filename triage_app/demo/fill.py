"""Filling a database with demo data, and keeping demo data away from real requests.

Synthetic requests must never reach the central system from a real service's database, so
they only ever go into a *demo database*: one marked so (``database_settings``) when it was
made, and never unmarked. A database is made a demo one only while it holds nothing real —
no request but the generator's and no account but the demo team leader — and a demo
database never takes a staff account (``triage_app.accounts.users.add_user`` refuses), so
no one can sign in to it but the demo team leader and it never becomes a service's.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing, contextmanager
from datetime import datetime
from multiprocessing import get_context
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from triage_app.accounts.demo import DEMO_USERNAME
from triage_app.demo.batches import (
    LANES,
    RowsJob,
    collections_paused,
    row_batches,
    rows_in_workers,
)
from triage_app.demo.generate import DemoGenerator
from triage_app.demo.life import work_older_requests
from triage_app.demo.load import (
    DEMO_AUTHOR,
    RECOUNT_PARTS,
    finish_load,
    load_sqlite,
    load_through_sqlalchemy,
    next_ids,
    restore_indexes,
)
from triage_app.demo.profile import load_profile
from triage_app.domain.actor import Actor
from triage_app.errors import TriageError
from triage_app.pathways import RuleSet
from triage_app.store import db_settings, figure_counts
from triage_app.store.access_models import Staff
from triage_app.store.database import Database
from triage_app.store.models import RequestVersion
from triage_app.store.references import new_reference

#: How many requests a ``--demo`` start shows: two busy years across the eight hubs.
DEMO_START_REQUESTS = 10_000
#: Who demo loading acts as, in the rows it writes and in its audit entry.
DEMO_ACTOR = Actor(username=DEMO_AUTHOR, role="system")
#: From this many requests on, other processes make the rows while this one writes them;
#: below it, starting them costs more than it saves.
PARALLEL_FROM = 50_000
#: Threads that count a large load's months for the figures (SQLite), one per lane.
COUNT_THREADS = LANES


def _holds_anything_real(session: Session) -> bool:
    real_request = select(RequestVersion.id).where(RequestVersion.author != DEMO_AUTHOR)
    real_account = select(Staff.id).where(Staff.username != DEMO_USERNAME)
    return any(
        session.execute(q.limit(1)).first() is not None for q in (real_request, real_account)
    )


def claim_for_demo(db: Database, now: datetime) -> None:
    """Mark the database a demo one for good, or refuse: it holds real requests or accounts.

    Raises:
        TriageError: not a demo database, and not one that could become one.
    """
    with db.write() as session:
        if db_settings.is_demo(session):
            return
        if _holds_anything_real(session):
            raise TriageError(
                f"{db.describe()} is a service's database (it has staff accounts or real "
                "requests): demo data is only ever added to a demo database, so that nothing "
                "synthetic can reach the central system. Use --demo, or --database with a "
                "new file."
            )
        db_settings.put(session, db_settings.PURPOSE, db_settings.DEMO, now=now)


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
    parallel: bool = False,
) -> int:
    """Add ``count`` synthetic requests to a demo database (see the module's docstring).

    With ``parallel`` (SQLite only), other processes make the rows while this one writes
    them; the rows are the same either way. They are started afresh (``spawn``), so a
    script that asks for them must guard its own start with ``if __name__ == "__main__"``.
    """
    claim_for_demo(db, now)
    worked_as_loaded = False
    if db.is_sqlite:
        restore_indexes(db)
        ids = next_ids(db)
        job = RowsJob(
            resources, DEMO_ACTOR, now, count, seed, ids["requests"], ids["request_versions"]
        )
        batches = rows_in_workers(job, rules) if parallel else row_batches(job, rules)
        with closing(batches), collections_paused():
            loaded = load_sqlite(db, batches, progress)
        # The rows came worked, with their due times; older requests stored before need it.
        worked_as_loaded = ids["requests"] == 1
    else:
        generator = DemoGenerator(load_profile(resources), rules.areas, now, seed)
        rng = random.Random(seed)  # noqa: S311 - repeatable references for synthetic data
        loaded = load_through_sqlalchemy(
            db,
            generator.requests(count),
            rules=rules,
            actor=DEMO_ACTOR,
            now=now,
            references=lambda: new_reference(rng),
            progress=progress,
        )
        # Worked before re-referrals are worked out, so each one's earlier closing is found
        # with it rather than by a second pass over them all (``store_closings``), which
        # grew much faster than the requests on PostgreSQL.
        work_older_requests(db, now, seed, closings=False)
        worked_as_loaded = True
    with _recount_pool(parallel and db.is_sqlite) as pool:
        finish_load(db, DEMO_ACTOR, now, loaded, pool=pool)
    if not worked_as_loaded:
        work_older_requests(db, now, seed)
    with db.write() as session:  # the rows were written in bulk, and lives worked in place
        figure_counts.recount_all(session, threads=COUNT_THREADS if parallel else 1, db=db)
    return loaded


@contextmanager
def _recount_pool(wanted: bool) -> Iterator[ProcessPoolExecutor | None]:
    """Processes that work out a large load's re-referrals, one part each; None if not wanted.

    Started afresh (``spawn``), as the processes that make the rows are.
    """
    if not wanted:
        yield None
        return
    with ProcessPoolExecutor(RECOUNT_PARTS, mp_context=get_context("spawn")) as pool:
        yield pool
