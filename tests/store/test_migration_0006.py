"""Migration 0006 works out the re-referrals of the requests already stored, on SQLite and
PostgreSQL, as the save path would have kept them."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import inspect

from tests.conftest import FIXED_NOW
from tests.services.requests_data import HARM, rules_for, save
from tests.store.migrations import migrate
from tests.store.rereferral_oracle import expected_rereferrals, stored_rereferrals
from triage_app import __version__
from triage_app.domain.request import Family
from triage_app.store.database import Database
from triage_app.store.migrate import SCHEMA_HEAD, open_database


def test_0006_works_out_stored_rereferrals(at_head: Database, resources, vocab) -> None:
    rules = rules_for(resources, vocab)
    for days, surname in [(400, "Sample"), (200, "Sample"), (100, "Dummy"), (0, "Sample")]:
        save(
            at_head, rules, vocab,
            replace(HARM, family=Family(first_name="Ola", last_name=surname, phone=None)),
            received=FIXED_NOW - timedelta(days=days),
        )  # fmt: skip
    kept = stored_rereferrals(at_head)
    assert kept == expected_rereferrals(at_head)
    assert len(kept) == 3  # the same child (HARM's) within a year of the one before

    migrate(at_head, "0005", down=True)  # as an older version of the app left it
    with at_head.engine.connect() as conn:
        assert "rereferrals" not in inspect(conn).get_table_names()
    result = open_database(at_head, __version__)
    assert (result.from_revision, result.to_revision) == ("0005", SCHEMA_HEAD)
    assert stored_rereferrals(at_head) == kept
