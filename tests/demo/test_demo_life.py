"""Demo data works its older requests, so the follow-up queue looks like a real service's."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import FIXED_NOW, open_sqlite
from triage_app.demo.fill import fill_demo
from triage_app.domain.actor import Actor
from triage_app.domain.vocabulary import Vocabularies
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services.followup import followup_queue
from triage_app.store.life_models import ContactAttempt, RequestNote
from triage_app.store.models import RequestVersion

LEADER = Actor(username="demo.leader", role="team_leader")


def test_most_older_requests_are_closed_and_each_hub_has_a_few_dozen_open(
    tmp_path: Path, resources: Path, vocab: Vocabularies
) -> None:
    rules = load_rules(default_rules_dir(), vocab)
    db = open_sqlite(tmp_path / "demo.sqlite")
    fill_demo(db, resources=resources, rules=rules, now=FIXED_NOW, count=10_000)
    with db.read() as s:
        status = dict(
            s.execute(
                select(RequestVersion.status, func.count())
                .where(RequestVersion.is_current)
                .group_by(RequestVersion.status)
            ).all()
        )
        outcomes = s.execute(
            select(func.count(func.distinct(RequestVersion.outcome))).where(
                RequestVersion.is_current
            )
        ).scalar_one()
        attempts = s.execute(select(func.count(ContactAttempt.id))).scalar_one()
        notes = s.execute(select(func.count(RequestNote.id))).scalar_one()
        queues = [
            followup_queue(s, actor=LEADER, now=FIXED_NOW, scope="everything", hub=hub).counts
            for hub in vocab.hub.codes
        ]
    db.close()
    assert status["closed"] > 0.9 * sum(status.values())
    assert outcomes >= 8 and attempts > status["closed"] and notes == status["closed"]
    assert all(10 <= q.open <= 120 for q in queues), [q.open for q in queues]
