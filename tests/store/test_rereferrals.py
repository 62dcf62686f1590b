"""The stored re-referrals stay exactly what the definition says, whatever happens, in any order.

Generated histories of saves (some taken late, received before requests already saved;
some naming only the children, the family or the phone of an earlier one),
amendments that change names, phones, postcodes and times, erasures and retention clean-ups
run against a real database; afterwards the ``rereferrals`` table must hold exactly the
current versions that an independent count, worked out here in Python from what is stored,
calls re-referrals. Times fall on a grid of 73-day steps and a minute either side, so that
exactly 365 days, a minute more, and two requests at the same moment all come up.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, text

from tests.conftest import fresh_postgres_url, open_sqlite, owner_engine
from tests.store.rereferral_oracle import (
    expected_rereferrals,
    request_about,
    route_to,
    stored_rereferrals,
)
from triage_app import __version__
from triage_app.domain.actor import Actor
from triage_app.domain.request import Child, Family, TriageRequest
from triage_app.domain.route import Route
from triage_app.retention.cleanup import run_retention
from triage_app.retention.erasure import erase_request
from triage_app.retention.policy import RetentionPolicy
from triage_app.store.bulk import secondary_indexes
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import open_database
from triage_app.store.requests import add_version, insert_request
from triage_app.store.rereferrals import recount_all

BASE = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
ADMIN = Actor("test.admin", role="administrator", desk="office")

_children = st.lists(
    st.builds(
        Child,
        first_name=st.sampled_from(["Ada", "Ben", "Cai", "Dee"]),
        # Near misses of one another ("Testersen": one letter; "Testerson": how it sounds)
        # and one that is not ("Tester").
        last_name=st.sampled_from(["Testerson", "Testersen", "Tesdersohn", "Tester"]),
        date_of_birth=st.sampled_from([date(2016, 4, 1), date(2017, 5, 2)]),
    ),
    max_size=2,
).map(tuple)
_when = st.builds(
    lambda step, minute: BASE + timedelta(days=73 * step, minutes=minute),
    st.integers(0, 10),
    st.sampled_from([-1, 0, 0, 1]),
)
_request = st.builds(
    request_about,
    _when,
    children=_children,
    # Each key is often missing, so that many requests match on one key alone.
    # "Sampel" and "Simple" sound as "Sample" does (S514); "Cample" is one letter from it but
    # two from those and sounds unlike them; "Dummy" and "Madeup" are strangers to all.
    surname=st.sampled_from(
        ["Sample", "Sampel", "Simple", "Cample", "Dummy", "Madeup", None, None]
    ),
    postcode=st.sampled_from(["CV1 1AA", "CV2 2BB", None]),
    phone=st.sampled_from(
        ["07700 900111", "+44 7700 900111", "07700 900222", "07700 900333", None]
    ),
)


@dataclass(frozen=True)
class New:
    request: TriageRequest


@dataclass(frozen=True)
class Amend:
    which: int
    request: TriageRequest


@dataclass(frozen=True)
class Again:
    """A new request naming one thing of an earlier one (its children, family or phone) only,
    received at another time, before or after it: a match on that alone."""

    which: int
    keep: str
    at: datetime


@dataclass(frozen=True)
class Erase:
    which: int


@dataclass(frozen=True)
class Retain:
    """A clean-up that removes requests last changed before ``BASE`` plus ``steps`` x 73 days."""

    steps: int


#: How often each kind of step comes up, out of 20: mostly saves, now and then a clean-up.
_STEPS = (
    (8, st.builds(New, _request)),
    (5, st.builds(Again, st.integers(0, 30), st.sampled_from(["children", "family", "phone"]),
                  _when)),
    (3, st.builds(Amend, st.integers(0, 30), _request)),
    (3, st.builds(Erase, st.integers(0, 30))),
    (1, st.builds(Retain, st.integers(1, 8))),
)  # fmt: skip
_step = st.sampled_from([kind for weight, kind in _STEPS for _ in range(weight)]).flatmap(
    lambda kind: kind
)
_history = st.lists(_step, min_size=3, max_size=25)


def _again(step: Again, earlier: TriageRequest) -> New:
    kept = {
        "children": {"children": earlier.children},
        "family": {
            "family": Family(last_name=earlier.family.last_name),
            "postcode": earlier.postcode,
        },
        "phone": {"family": Family(phone=earlier.family.phone)},
    }[step.keep]
    empty = replace(earlier, children=(), family=Family(), postcode=None, received_at=step.at)
    return New(replace(empty, **kept))  # type: ignore[arg-type]


def _play(db: Database, history: list[Any]) -> None:
    saved: list[tuple[str, int]] = []  # reference, version
    requests: list[TriageRequest] = []  # as each was last saved
    for planned in history:
        step = planned
        if saved and isinstance(planned, Again):
            step = _again(planned, requests[planned.which % len(requests)])
        if isinstance(step, New):
            at = step.request.received_at
            assert at is not None
            with db.write() as s:
                ref = insert_request(s, step.request, _route(at), actor=ADMIN, now=at)
            saved.append((ref, 1))
            requests.append(step.request)
        elif saved and isinstance(step, Amend):
            i = step.which % len(saved)
            ref, version = saved[i]
            at = step.request.received_at
            assert at is not None
            with db.write() as s:
                if _exists(s, ref):
                    add_version(
                        s, ref, step.request, _route(at), actor=ADMIN, now=at,
                        reason="corrected", based_on=version,
                    )  # fmt: skip
                    saved[i] = (ref, version + 1)
                    requests[i] = step.request
        elif saved and isinstance(step, Erase):
            ref, _ = saved[step.which % len(saved)]
            with db.write() as s:
                if _exists(s, ref):
                    erase_request(s, ref, reason="approved", actor=ADMIN, now=BASE)
        elif isinstance(step, Retain):
            # Last changed = the time each version was saved with (its received time here).
            now = BASE + timedelta(days=73 * step.steps + 1000)
            run_retention(db, RetentionPolicy(request_days=1000), actor=ADMIN, now=now,
                          dry_run=False)  # fmt: skip


def _route(at: datetime) -> Route:
    # Two hubs, so that a hub's figures count only its own.
    return route_to("mosaic" if at.minute % 2 else "pathways")


def _exists(session: Any, reference: str) -> bool:
    found = session.execute(text("SELECT 1 FROM requests WHERE reference = :r"), {"r": reference})
    return found.first() is not None


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rereferrals") / "template.sqlite"
    open_sqlite(path).close()
    return path


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=_history)
def test_sqlite_keeps_rereferrals_as_defined(template: Path, history) -> None:
    path = template.with_name("history.sqlite")
    shutil.copyfile(template, path)
    db = Database(make_engine(database_url(path)))
    try:
        _play(db, history)
        expected = expected_rereferrals(db)
        assert stored_rereferrals(db) == expected
        with db.read() as s:
            indexes = secondary_indexes(s.connection(), ["rereferrals"])
        # Worked out again from nothing, as after a bulk load: in one statement, and in
        # three ranges of versions, each read by a worker of its own (demo data at a
        # million requests uses processes: ``test_demo_rows``).
        for pool in (None, ThreadPoolExecutor(3)):
            with db.write() as s:
                s.execute(text("DELETE FROM rereferrals"))
            with db.write() as s:
                recount_all(s, pool=pool, parts=3, db=db)
            assert stored_rereferrals(db) == expected
        with db.read() as s:
            assert secondary_indexes(s.connection(), ["rereferrals"]) == indexes
    finally:
        db.close()
        path.unlink()


@pytest.fixture(scope="module")
def postgres_db() -> Iterator[Database]:
    with fresh_postgres_url() as url:
        db = Database(make_engine(database_url(url)))
        open_database(db, __version__)
        yield db
        db.close()


@pytest.mark.postgres
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=_history)
def test_postgresql_keeps_rereferrals_as_defined(postgres_db: Database, history) -> None:
    owner = owner_engine(postgres_db.url)
    with owner.begin() as conn:  # a desk may not TRUNCATE: the owner empties it between examples
        conn.execute(text("TRUNCATE requests CASCADE"))
    owner.dispose()
    _play(postgres_db, history)
    assert stored_rereferrals(postgres_db) == expected_rereferrals(postgres_db)


def test_saving_seeks_indexes_only(db: Database) -> None:
    """Keeping re-referrals up reads a handful of index entries, never a table or a year.

    Checked from the plans of what a save and an amendment run, without statistics (no
    ``ANALYZE``), as a new file has none, among a few hundred stored requests.
    """
    for day in range(300):
        at = BASE + timedelta(days=day)
        request = request_about(
            at, postcode="CV1 1AA", surname=f"Sample{day % 5}", phone=f"07700 900{day % 9:03d}",
            children=(Child(first_name="Ada", last_name=f"Testerson{day % 7}",
                            date_of_birth=date(2016, 4, 1)),),
        )  # fmt: skip
        with db.write() as s:
            ref = insert_request(s, request, _route(at), actor=ADMIN, now=at)
    statements: list[tuple[str, Any]] = []

    def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if "rereferrals" in statement and not statement.lstrip().upper().startswith("EXPLAIN"):
            statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        with db.write() as s:
            add_version(
                s, ref, request, _route(at), actor=ADMIN, now=at, reason="corrected", based_on=1
            )
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(statements) == 2  # the versions' answers are removed, then written again
    with db.read() as s:
        for sql, params in statements:
            plan = "\n".join(
                row[3]
                for row in s.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )
            for table in ("request_versions", "children"):
                assert f"SCAN {table}" not in plan, plan
            assert "(is_current=?)" not in plan, plan  # every current version, by index
            assert "USING COVERING INDEX ix_request_versions_phone (phone_key=?" in plan, plan
            assert "ix_request_versions_postcode_family (postcode_key=?" in plan, plan
            assert "ix_children_first_dob (first_name_key=? AND date_of_birth=?" in plan, plan


@pytest.mark.parametrize("kind", ["children", "family", "phone"])
def test_two_requests_received_at_the_same_moment_make_the_second_saved_a_rereferral(
    any_db: Database, kind: str
) -> None:
    """An importer that stamps a batch with one time, or two desks typing the same minute:
    the request saved second is a re-referral of the first (and only that one is)."""
    at = BASE + timedelta(days=10)
    first = request_about(
        at,
        children=(Child(first_name="Ada", last_name="Testerson", date_of_birth=date(2019, 3, 1)),),
        surname="Sample",
        postcode="CV1 1AA",
        phone="07700 900111",
    )
    again = _again(Again(0, kind, at), first).request
    versions = []
    for request in (first, again):
        with any_db.write() as s:
            insert_request(s, request, _route(at), actor=ADMIN, now=at)
        with any_db.read() as s:
            versions.append(s.execute(text("SELECT max(id) FROM request_versions")).scalar_one())
    assert set(stored_rereferrals(any_db)) == {versions[1]}
    assert stored_rereferrals(any_db) == expected_rereferrals(any_db)
