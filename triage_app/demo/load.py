"""Loading many synthetic requests quickly: routed like any other, inserted in bulk.

A million requests must load in minutes, so rows go in as plain values with ids assigned
here (no per-row round trip for a generated key), in batches of one transaction each, so a
crash part-way leaves whole batches only. On SQLite the rows are driver-ready tuples
(``triage_app.demo.rows``); into a file that holds no requests yet, the secondary indexes
are built once after loading rather than kept up to date row by row, and a file that holds
nothing at all is loaded without waiting for the disk at each batch, then made durable
before the load counts as done. PostgreSQL takes each batch's rows with one ``COPY`` per
table (:func:`~triage_app.store.bulk.copy_rows`).
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from contextlib import ExitStack
from datetime import date, datetime
from itertools import islice
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import DBAPIError

from triage_app.demo.batches import BATCH
from triage_app.demo.generate import DemoRequest
from triage_app.demo.rows import INSERTS, TABLES, Rows
from triage_app.domain.actor import Actor
from triage_app.domain.route import Route
from triage_app.pathways import RuleSet, route
from triage_app.pathways.hubs import choose_hub
from triage_app.store import audit, rereferrals
from triage_app.store.bulk import (
    advance_sequences,
    copy_rows,
    indexes_set_aside,
    missing_indexes,
    references_unchecked,
    unsynced_load,
)
from triage_app.store.database import _BEGIN_OPTION, Database
from triage_app.store.errors import as_condition
from triage_app.store.lookup_models import NameWord
from triage_app.store.models import Base, Request, RequestVersion, table_of
from triage_app.store.version_models import ActionRow, ChildRow, ConcernRow, NeedRow
from triage_app.store.version_values import (
    action_values,
    child_values,
    concern_values,
    name_word_values,
    need_values,
    version_values,
)

DEMO_AUTHOR = "demo-data"
_MODELS = (Request, RequestVersion, ChildRow, NeedRow, ActionRow, ConcernRow)
#: Batches written in one transaction. Each commit writes every page the batches changed;
#: the unique reference index is changed at random, so fewer, larger commits write much
#: less (measured: 80 -> 60 us per request). A crash still leaves whole batches only.
BATCHES_PER_TRANSACTION = 4
#: How many parts a pool's workers work out a large load's re-referrals in, one each.
RECOUNT_PARTS = 2
#: The tables working out re-referrals reads (PostgreSQL vacuums them after a load).
_ANALYSED = ("request_versions", "children", "status_changes")
#: Tables that must be empty for a file to count as new: nothing in it but the schema.
_CONTENT = ("requests", "drafts", "staff", "export_batches")


def next_ids(db: Database) -> dict[str, int]:
    """The first free id of each table demo loading numbers itself."""
    with db.read() as s:
        return {
            m.__tablename__: int(s.execute(select(func.coalesce(func.max(m.id), 0))).scalar_one())
            + 1
            for m in _MODELS
        }


def finish_load(
    db: Database, actor: Actor, now: datetime, loaded: int, *, pool: Executor | None = None
) -> None:
    """Work out re-referrals, move PostgreSQL's id sequences on, audit the load.

    The rows went in without the save path, which keeps re-referrals up. They are worked out
    here for every request, not only the loaded ones: a load into a new database, the usual
    case, is every request, and one statement over all is quicker than finding which stored
    requests the loaded ones touch. On SQLite, the workers of ``pool`` work out one part
    each, side by side; the transaction writes nothing before that (see
    ``rereferrals.recount_all``).
    """
    if not db.is_sqlite:
        _vacuum_loaded(db)
    with db.write() as s:
        rereferrals.recount_all(s, pool=pool, parts=RECOUNT_PARTS, db=db)
        advance_sequences(s, [table_of(m) for m in _MODELS])
        audit.append(s, actor, "demo_data", at=now, reason=f"{loaded} synthetic requests")


def _vacuum_loaded(db: Database) -> None:
    """Vacuum and analyse what re-referrals are worked out from (PostgreSQL), first.

    Without statistics the planner found each earlier request's last change of status by
    reading every change backwards in time (6,000 requests: 143 s, not 3.8 s). Every loaded
    version was just rewritten by its worked life: until a vacuum marks the pages visible,
    each index-only look-up also reads the table (at a million requests the statement had
    not finished in 15 minutes; 0.26 ms a version once vacuumed). A vacuum cannot run in a
    transaction, so this runs on a connection of its own.
    """
    with db.engine.connect() as conn:
        auto = conn.execution_options(isolation_level="AUTOCOMMIT")
        auto.exec_driver_sql(f"VACUUM (ANALYZE) {', '.join(_ANALYSED)}")


def _holds(conn: Connection, tables: Iterable[str]) -> bool:
    return any(
        conn.exec_driver_sql(f"SELECT 1 FROM {t} LIMIT 1").first() is not None for t in tables
    )


def restore_indexes(db: Database) -> int:
    """Build any index a killed load left unbuilt; returns how many were built."""
    with db.engine.connect() as conn, conn.begin():
        lacking = missing_indexes(conn, Base.metadata)
        for index in lacking:
            index.create(conn)
    return len(lacking)


def load_sqlite(
    db: Database, batches: Iterator[Rows], progress: Callable[[int], None] | None = None
) -> int:
    """Insert the batches of driver-ready rows, whole batches per transaction; returns requests.

    ``progress`` hears of each batch written; a failure rolls back the batches written
    since the last commit, so the file holds whole batches only.
    """
    loaded = 0
    try:
        with db.engine.connect() as conn, ExitStack() as stack:
            # Each batch takes the write lock as it begins, as every write here does.
            conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
            empty = not _holds(conn, ["requests"])
            new = empty and not _holds(conn, _CONTENT[1:])
            conn.rollback()
            if new:
                stack.enter_context(unsynced_load(conn))
                stack.enter_context(references_unchecked(conn))
            if empty:
                stack.enter_context(indexes_set_aside(conn, TABLES))
            for number, rows in enumerate(batches, 1):
                if not conn.in_transaction():
                    conn.begin()
                for table in TABLES:
                    if rows[table]:
                        conn.exec_driver_sql(INSERTS[table], rows[table])
                if number % BATCHES_PER_TRANSACTION == 0:
                    conn.commit()
                loaded += len(rows["requests"])
                if progress:
                    progress(loaded)
            if conn.in_transaction():
                conn.commit()
    except DBAPIError as e:
        condition = as_condition(e, db.describe(), writing=True)
        if condition is None:
            raise
        raise condition from e
    return loaded


class _Router:
    """Routes demo requests, once per scenario and count of earlier requests (rule 13).

    Only the hub depends on the family's postcode, so it is chosen for each request.
    """

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        self.seen: dict[tuple[int, int], Route] = {}

    def __call__(self, demo: DemoRequest, on: date) -> Route:
        req = demo.request
        key = None if demo.scenario is None else (demo.scenario, req.earlier_requests)
        found = self.seen.get(key) if key is not None else None
        if found is None:
            found = route(dataclasses.replace(req, postcode=None, hub=None), self.rules, on=on)
            if key is not None:
                self.seen[key] = found
        hub = choose_hub(req.hub, req.postcode, self.rules.areas, None)
        return dataclasses.replace(found, hub=hub)


def load_through_sqlalchemy(
    db: Database,
    requests: Iterable[DemoRequest],
    *,
    rules: RuleSet,
    actor: Actor,
    now: datetime,
    references: Callable[[], str],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert the requests as version 1 each (PostgreSQL); returns how many were loaded."""
    router = _Router(rules)
    ids = [next_ids(db)[m.__tablename__] for m in _MODELS]
    loaded = 0
    stream = iter(requests)
    taken: set[str] = set()
    while batch := list(islice(stream, BATCH)):
        rows: dict[str, list[dict[str, Any]]] = {k: [] for k in "rvcnak"}
        words: list[dict[str, Any]] = []
        for demo in batch:
            req = demo.request
            received = req.received_at or now
            routed = router(demo, received.date())
            request_id, version_id = ids[0], ids[1]
            ids[0] += 1
            ids[1] += 1
            reference = references()
            while reference in taken:
                reference = references()  # pragma: no cover - vanishingly rare
            taken.add(reference)
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
                ("k", concern_values(req), 5),
            ):
                for item in items:
                    rows[key].append({**item, "id": ids[counter], "version_id": version_id})
                    ids[counter] += 1
            named = name_word_values(req, received, values["hub"])
            words.extend({**w, "version_id": version_id} for w in named)
        with db.write() as s:
            conn = s.connection()
            for key, model in zip("rvcnak", _MODELS, strict=True):
                copy_rows(conn, table_of(model), rows[key])
            copy_rows(conn, table_of(NameWord), words)
        loaded += len(batch)
        if progress:
            progress(loaded)
    return loaded
