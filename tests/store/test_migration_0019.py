"""Migration 0019 (re-referrals keep when their earlier requests last closed) on SQLite and
PostgreSQL: a database at 0018, whose re-referrals had no closing kept, is brought up with
each re-referral's earlier closing worked out, and the month's intervals are what they were
when the figures sought them in each family's history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import inspect, select

from tests.services.requests_data import LEADER
from tests.store.migrations import migrate
from tests.store.rereferral_oracle import request_about, route_to
from triage_app import __version__
from triage_app.domain.actor import Actor
from triage_app.domain.request import TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.figures import Month, monthly_figures
from triage_app.services.outcomes import close_request
from triage_app.store.database import Database
from triage_app.store.lookup_models import RereferralRow
from triage_app.store.migrate import SCHEMA_HEAD, open_database
from triage_app.store.requests import insert_request

AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def _save(db: Database, actor: Actor, req: TriageRequest) -> str:
    assert req.received_at is not None
    with db.write() as s:
        return insert_request(s, req, route_to("pathways"), actor=actor, now=req.received_at)


def test_0019_keeps_each_re_referrals_earlier_closing(
    at_head: Database, actor: Actor, vocab: Vocabularies, now: datetime
) -> None:
    earlier = _save(
        at_head, actor, request_about(AT - 70 * DAY, surname="Ashby", phone="07700 900101")
    )
    with at_head.write() as s:
        close_request(
            s, earlier, outcome="family_declined", reason="Declined.", actor=LEADER,
            now=AT - 20 * DAY, vocab=vocab,
        )  # fmt: skip
    _save(at_head, actor, request_about(AT, surname="Ashby", phone="07700 900101"))
    _save(at_head, actor, request_about(AT - 5 * DAY, surname="Brook", phone="07700 900202"))
    _save(at_head, actor, request_about(AT, surname="Brook", phone="07700 900202"))

    def kept() -> list[datetime | None]:
        with at_head.read() as s:
            rows = s.scalars(
                select(RereferralRow.earlier_closed_at).order_by(
                    RereferralRow.received_at, RereferralRow.version_id
                )
            )
            return list(rows)

    before = kept()
    assert sorted(before, key=str) == sorted([AT - 20 * DAY, None], key=str)
    migrate(at_head, "0018", down=True)  # as the release before it left the database
    with at_head.engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("rereferrals")}
    assert "earlier_closed_at" not in columns

    result = open_database(at_head, __version__)

    assert (result.from_revision, result.to_revision) == ("0018", SCHEMA_HEAD)
    assert kept() == before
    with at_head.read() as s:
        figures = monthly_figures(s, Month(2026, 3), None, vocab, now)
    intervals = figures.breakdown("rereferral_interval")
    assert (intervals.count("under_3_months"), intervals.count("not_closed")) == (1, 1)
