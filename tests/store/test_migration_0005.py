"""Migration 0005 (search indexes) upgrades a database holding requests, on SQLite and
PostgreSQL: rows intact, the new indexes in place, and search finds what was there."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import inspect

from tests.conftest import FIXED_NOW
from tests.services.requests_data import HARM, LEADER, rules_for, save
from tests.store.migrations import migrate
from triage_app import __version__
from triage_app.domain.request import Family
from triage_app.services.search import RequestQuery, search_requests
from triage_app.store.migrate import (
    SCHEMA_HEAD,
    current_revision,
    open_database,
)


def test_0005_upgrades_stored_requests_and_search_finds_them(at_head, resources, vocab):
    rules = rules_for(resources, vocab)
    refs = [
        save(
            at_head,
            rules,
            vocab,
            replace(HARM, family=Family(first_name="Ola", last_name=surname)),
            received=FIXED_NOW - timedelta(hours=hours),
        )
        for hours, surname in enumerate(["O'Brien", "Ó Briain", "Obrien-Smith"])
    ]
    migrate(at_head, "0004", down=True)
    result = open_database(at_head, __version__)
    assert (result.from_revision, result.to_revision) == ("0004", SCHEMA_HEAD)
    with at_head.engine.connect() as conn:
        assert current_revision(conn) == SCHEMA_HEAD
        indexes = {i["name"]: i for t in ("request_versions", "children", "requests")
                   for i in inspect(conn).get_indexes(t)}  # fmt: skip
    if at_head.engine.dialect.name == "postgresql":  # prefixes seek byte-ordered indexes there
        ops = {n: i["dialect_options"].get("postgresql_ops", {}) for n, i in indexes.items()}
        assert ops["ix_request_versions_postcode"] == {"postcode_key": "varchar_pattern_ops"}
        assert ops["ix_requests_reference_prefix"] == {"reference": "varchar_pattern_ops"}
    else:
        assert "ix_requests_reference_prefix" not in indexes
    with at_head.read() as s:
        found = search_requests(s, RequestQuery(text="obrien"), actor=LEADER, now=FIXED_NOW)
        kowalski = search_requests(s, RequestQuery(text="Kowal"), actor=LEADER, now=FIXED_NOW)
    # Exactly "obrien" first (newest first), then "Ó Briain", which sounds the same.
    assert [r.reference for r in found] == [refs[0], refs[2], refs[1]]
    assert [r.reference for r in kowalski] == refs  # the child, Amelia Kowalski, in each
