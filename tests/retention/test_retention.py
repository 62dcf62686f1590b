"""Retention: what is past its period is counted (dry run) or removed, bytes and all, audited."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.crash.samples import desk_actor, sample
from triage_app.accounts.roles import NotPermitted
from triage_app.domain.actor import Actor
from triage_app.errors import InvalidInput
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.retention.cleanup import run_retention
from triage_app.retention.policy import RetentionPolicy, load_policy
from triage_app.services import drafts
from triage_app.services.intake import amend_request, take_request
from triage_app.store import audit
from triage_app.store.database import Database
from triage_app.store.draft_models import Draft
from triage_app.store.health import check_health
from triage_app.store.models import Request, RequestVersion
from triage_app.store.version_models import ChildRow

ADMIN = Actor("test.admin", role="administrator", desk="office")
POLICY = RetentionPolicy(request_days=2192, open_draft_days=30, closed_draft_days=7)


@pytest.fixture(scope="module")
def rules(vocab):
    return load_rules(default_rules_dir(), vocab)


def _take(db: Database, i: int, when, vocab, rules, **changes) -> str:
    req = sample(i, received_at=when)
    if changes:
        from dataclasses import replace

        req = replace(req, family=replace(req.family, **changes))
    with db.write() as s:
        return take_request(
            s, req, vocab=vocab, rules=rules, actor=desk_actor(1), now=when
        ).reference


def _old_and_new(db: Database, now, vocab, rules) -> tuple[str, str, str]:
    """One request past six years, one amended recently (so kept), one recent."""
    old = _take(db, 0, now - timedelta(days=2300), vocab, rules, last_name="Oldcastle")
    amended = _take(db, 1, now - timedelta(days=2300), vocab, rules)
    with db.write() as s:
        amend_request(
            s, amended, sample(1, received_at=now - timedelta(days=2300)), based_on=1,
            reason="contact details corrected", vocab=vocab, rules=rules,
            actor=Actor("test.leader", role="team_leader"), now=now - timedelta(days=10),
        )  # fmt: skip
    recent = _take(db, 2, now - timedelta(days=30), vocab, rules)
    return old, amended, recent


def _drafts(db: Database, now) -> None:
    for age, close in ((40, None), (5, None), (10, "discard"), (3, "discard")):
        with db.write() as s:
            draft_id = drafts.save_draft(
                s,
                None,
                {"family": "Draftperson"},
                actor=desk_actor(1),
                now=now - timedelta(days=age),
            )
            if close:
                drafts.discard_draft(
                    s, draft_id, actor=desk_actor(1), now=now - timedelta(days=age), reason="test"
                )


def test_a_dry_run_counts_per_kind_and_changes_nothing(db: Database, now, vocab, rules) -> None:
    _old_and_new(db, now, vocab, rules)
    _drafts(db, now)
    report = run_retention(db, POLICY, actor=ADMIN, now=now, dry_run=True)
    counts = {c.kind: (c.count, c.oldest) for c in report.counts}
    assert counts["requests"] == (1, now - timedelta(days=2300))
    assert counts["open drafts"] == (1, now - timedelta(days=40))
    assert counts["closed drafts"] == (1, now - timedelta(days=10))
    with db.read() as s:
        assert s.execute(select(func.count()).select_from(Request)).scalar() == 3
        assert s.execute(select(func.count()).select_from(Draft)).scalar() == 4
        assert not [e for e in audit.entries(s) if e.action == "retention"]


def test_the_real_run_removes_them_whole_and_audits_the_counts(
    db: Database, now, vocab, rules
) -> None:
    _old, amended, recent = _old_and_new(db, now, vocab, rules)
    _drafts(db, now)
    report = run_retention(db, POLICY, actor=ADMIN, now=now, dry_run=False)
    assert report.removed and report.wiped
    with db.read() as s:
        refs = set(s.execute(select(Request.reference)).scalars())
        assert refs == {amended, recent}
        orphans = s.execute(
            select(func.count())
            .select_from(ChildRow)
            .where(ChildRow.version_id.not_in(select(RequestVersion.id)))
        ).scalar()
        assert orphans == 0
        assert s.execute(select(func.count()).select_from(Draft)).scalar() == 2
        (entry,) = [e for e in audit.entries(s) if e.action == "retention"]
    assert entry.actor == "test.admin"
    assert entry.reason == "requests=1 open_drafts=1 closed_drafts=1"
    assert check_health(db).healthy  # the audit chain is untouched


def test_removed_text_is_gone_from_the_file_bytes(
    sqlite_path: Path, db: Database, now, vocab, rules
) -> None:
    _take(db, 0, now - timedelta(days=2300), vocab, rules, last_name="Zanzibarquist")
    _take(db, 1, now - timedelta(days=1), vocab, rules)
    with db.engine.connect() as conn:  # the name is in the main file, not only in the log
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert b"Zanzibarquist" in sqlite_path.read_bytes()
    run_retention(db, POLICY, actor=ADMIN, now=now, dry_run=False)
    wal = sqlite_path.with_name(sqlite_path.name + "-wal")
    for path in (sqlite_path, wal):
        if path.exists():
            assert b"Zanzibarquist" not in path.read_bytes(), path.name
            assert b"zanzibarquist" not in path.read_bytes(), path.name  # the matching key


def test_only_an_administrator_may_run_it(db: Database, now) -> None:
    for role in ("call_handler", "receptionist", "team_leader"):
        with pytest.raises(NotPermitted, match="may not run the retention clean-up"):
            run_retention(db, POLICY, actor=Actor("x", role=role), now=now, dry_run=True)


def test_the_policy_file_changes_the_periods_and_bad_values_are_named(tmp_path: Path) -> None:
    assert load_policy(tmp_path, POLICY) == POLICY
    (tmp_path / "retention.toml").write_text("request_days = 3650\n")
    assert load_policy(tmp_path, POLICY) == RetentionPolicy(request_days=3650)
    for text, field in (
        ("request_days = 0\n", "request_days"),
        ("open_draft_days = 'a week'\n", "open_draft_days"),
        ("audit_days = 10\n", "audit_days"),
        ("request_days = \n", ""),
    ):
        (tmp_path / "retention.toml").write_text(text)
        with pytest.raises(InvalidInput) as caught:
            load_policy(tmp_path, POLICY)
        assert caught.value.problems[0].field == field
        assert "retention.toml" in str(caught.value)
