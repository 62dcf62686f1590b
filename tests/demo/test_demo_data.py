"""Demo data: realistic proportions, invented people, routed like real requests, kept apart."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.conftest import FIXED_NOW
from tests.store.rereferral_oracle import expected_rereferrals, stored_rereferrals
from triage_app import __version__
from triage_app.demo.fill import fill_demo
from triage_app.demo.generate import DemoGenerator
from triage_app.demo.load import DEMO_AUTHOR
from triage_app.demo.profile import load_profile
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import Vocabularies
from triage_app.errors import TriageError
from triage_app.pathways import RuleSet, default_rules_dir, load_rules, route
from triage_app.services.intake import take_request
from triage_app.store.database import Database, database_url, make_engine
from triage_app.store.migrate import open_database
from triage_app.store.models import Request, RequestVersion
from triage_app.store.stored import load_request
from triage_app.store.version_models import NeedRow

COUNT = 1000


@pytest.fixture(scope="module")
def rules(vocab: Vocabularies) -> RuleSet:
    return load_rules(default_rules_dir(), vocab)


@pytest.fixture
def demo_db(db: Database, resources: Path, rules: RuleSet) -> Database:
    fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=COUNT, seed=7)
    return db


def test_demo_data_follows_the_annual_report(demo_db: Database, resources: Path) -> None:
    with demo_db.read() as s:
        total = s.execute(select(func.count(RequestVersion.id))).scalar_one()
        primary = Counter(
            dict(
                s.execute(
                    select(NeedRow.need, func.count())
                    .where(NeedRow.is_primary)
                    .group_by(NeedRow.need)
                ).all()
            )
        )
        hubs = Counter(
            dict(
                s.execute(
                    select(RequestVersion.hub, func.count()).group_by(RequestVersion.hub)
                ).all()
            )
        )
        oldest, newest = s.execute(
            select(func.min(RequestVersion.received_at), func.max(RequestVersion.received_at))
        ).one()
    assert total == COUNT
    top = [need for need, _ in primary.most_common(3)]
    assert "domestic_abuse" in top and "mental_ill_health" in top  # table 3.6: the two largest
    assert hubs["woodside"] > hubs["park_edge"]  # table 3.4: 1,152 against 386
    assert set(hubs) <= set(load_profile(resources).hub[0])
    assert (newest - oldest).days > 600  # spread over the last two years


def test_every_name_and_number_is_invented(demo_db: Database, resources: Path) -> None:
    profile = load_profile(resources)
    with demo_db.read() as s:
        stored = set(s.execute(select(RequestVersion.family_last_name)).scalars())
        phones = set(s.execute(select(RequestVersion.phone)).scalars())
    assert {part for name in stored for part in name.split("-")} <= set(profile.surnames)
    assert all(p.startswith(profile.phone_prefixes) for p in phones if p is not None)
    assert len(stored) > 200  # enough families that few share a name by chance


def test_demo_routes_are_the_routes_the_rules_give(demo_db: Database, rules: RuleSet) -> None:
    with demo_db.read() as s:
        references = s.execute(select(Request.reference).limit(300)).scalars().all()
        for reference in references:
            stored = load_request(s, reference)
            again = route(stored.request, rules, on=stored.request.received_at.date())
            assert (again.pathway, again.actions, again.hub) == (
                stored.route.pathway,
                stored.route.actions,
                stored.route.hub,
            ), reference


def test_the_same_seed_gives_the_same_data(tmp_path: Path, resources: Path, rules) -> None:
    from tests.conftest import open_sqlite

    seen = []
    for name in ("a", "b"):
        db = open_sqlite(tmp_path / f"{name}.sqlite")
        fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=50, seed=3)
        with db.read() as s:
            seen.append(s.execute(select(Request.reference).order_by(Request.id)).scalars().all())
        db.close()
    assert seen[0] == seen[1]


def test_demo_data_is_never_added_beside_real_requests(
    db: Database, resources: Path, rules: RuleSet, vocab: Vocabularies
) -> None:
    from triage_app.domain.request import Child, TriageRequest

    real = TriageRequest(
        "telephone", "self_referral", ("money_debt",), "given", (Child(age_years=4),)
    )
    with db.write() as s:
        take_request(s, real, vocab=vocab, rules=rules, actor=Actor("real.person"), now=FIXED_NOW)
    with pytest.raises(TriageError, match="is a service's database"):
        fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=10)
    with db.read() as s:
        demo_rows = s.execute(
            select(func.count()).where(RequestVersion.author == DEMO_AUTHOR)
        ).scalar_one()
    assert demo_rows == 0


@pytest.mark.postgres
def test_demo_data_loads_into_postgresql_and_saving_continues(
    postgres_url: str, resources: Path, rules: RuleSet, vocab: Vocabularies
) -> None:
    from sqlalchemy import make_url

    from triage_app import __version__
    from triage_app.domain.request import Child, TriageRequest
    from triage_app.store.database import make_engine
    from triage_app.store.migrate import open_database

    db = Database(make_engine(make_url(postgres_url)))
    open_database(db, __version__)
    fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=200, seed=5)
    req = TriageRequest(
        "telephone", "self_referral", ("money_debt",), "given", (Child(age_years=4),)
    )
    with db.write() as s:  # the id sequences follow the loaded rows
        take_request(s, req, vocab=vocab, rules=rules, actor=Actor("demo.leader"), now=FIXED_NOW)
    with db.read() as s:
        assert s.execute(select(func.count(RequestVersion.id))).scalar_one() == 201
        assert isinstance(
            load_request(s, s.execute(select(Request.reference)).scalars().first()).route.trace,
            tuple,
        )
    db.close()


def test_demo_data_marks_its_rereferrals(demo_db: Database) -> None:
    """Loaded in bulk, past the save path: the re-referrals are worked out all the same."""
    expected = expected_rereferrals(demo_db)
    assert len(expected) > COUNT // 20  # the demo's returning families
    assert stored_rereferrals(demo_db) == expected


@pytest.mark.postgres
def test_demo_data_marks_its_rereferrals_on_postgresql(
    postgres_url: str, resources: Path, rules: RuleSet
) -> None:
    db = Database(make_engine(database_url(postgres_url)))
    open_database(db, __version__)
    try:
        fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=300, seed=7)
        expected = expected_rereferrals(db)
        assert expected
        assert stored_rereferrals(db) == expected
    finally:
        db.close()


def test_demo_requests_made_at_midday_are_never_received_in_the_future(resources, vocab) -> None:
    """Started at 12:15, a demo shows no request received later today: a team leader opening
    it would otherwise see calls that have not come in yet."""
    early = datetime(2026, 3, 16, 12, 15, tzinfo=UTC)
    profile = load_profile(resources)
    rules = load_rules(resources / "pathways", vocab)
    made = [d.request for d in DemoGenerator(profile, rules.areas, early, 5).requests(5_000)]
    received = [r.received_at for r in made if r.received_at is not None]
    assert len(received) == len(made)
    assert max(received) <= early
    assert any(r.date() == early.date() for r in received)
