"""Migration 0020 (the month's figures kept as counts) on SQLite and PostgreSQL: a database
at 0019, with requests saved, amended, worked and closed, is brought up with every month's
counts, and the figures are the ones worked out from its versions."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import inspect

from tests.figures.figures_data import build
from tests.services.requests_data import LEADER
from tests.store.migrations import migrate
from triage_app import __version__
from triage_app.domain.months import Month
from triage_app.domain.vocabulary import Vocabularies
from triage_app.figures.queries import monthly_figures, recounted_figures
from triage_app.services.contact import record_attempt
from triage_app.services.outcomes import close_request
from triage_app.store.database import Database
from triage_app.store.migrate import SCHEMA_HEAD, open_database

NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def test_0020_counts_every_month_as_the_versions_would(
    at_head: Database, vocab: Vocabularies
) -> None:
    stored = build(at_head, vocab, LEADER, seed=5)
    with at_head.write() as s:
        for x in stored[:40]:
            record_attempt(
                s, x.reference, method="telephone", reached=True, actor=LEADER, now=NOW,
                vocab=vocab,
            )  # fmt: skip
            close_request(
                s, x.reference, outcome="early_help_episode", reason="Agreed.", actor=LEADER,
                now=NOW, vocab=vocab,
            )  # fmt: skip
    months = [Month(2026, 3), Month(2025, 12)]

    def figures() -> list[object]:
        with at_head.read() as s:
            return [
                monthly_figures(s, m, hub, vocab, NOW) for m in months for hub in (None, "mosaic")
            ]

    before = figures()
    migrate(at_head, "0019", down=True)  # as the release before it left the database
    with at_head.engine.connect() as conn:
        assert "figure_counts" not in inspect(conn).get_table_names()

    result = open_database(at_head, __version__)

    assert (result.from_revision, result.to_revision) == ("0019", SCHEMA_HEAD)
    assert figures() == before
    with at_head.read() as s:
        for m in months:
            assert monthly_figures(s, m, None, vocab, NOW) == recounted_figures(
                s, m, None, vocab, NOW
            )
    assert sum(f.outcomes.early_help_episodes for f in before) > 0  # type: ignore[attr-defined]
