"""A desk's day through the command line: staff, requests recorded, searched, a sheet
printed, the batch exported and the month's figures, each checked as a user would."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import make_url

from tests.cli.conftest import MONEY_WORRIES, Cli
from tests.conftest import FIXED_NOW, add_staff
from triage_app.config import AppConfig
from triage_app.domain.actor import Actor
from triage_app.services.search import RequestQuery, search_requests
from triage_app.store.database import Database, make_engine

LEADER = Actor(username="test.leader", role="team_leader", desk="reception-1")


def a_days_work(cli: Cli, config: AppConfig, folder: Path, requests: int = 1) -> list[str]:
    """Do the day's work on ``config``'s database; the references recorded, all exported.

    The export's batch folders are written under ``folder / "batches"``.
    """
    db = Database(make_engine(make_url(config.database)))
    add_staff(db, FIXED_NOW, ("test.handler", "call_handler"), ("test.leader", "team_leader"))
    references = []
    for i in range(requests):
        asked = {**MONEY_WORRIES, "postcode": f"CV6 {i % 9 + 1}HD"}
        saved = cli("record", stdin=json.dumps(asked), config=config)
        assert saved.code == 0, saved.err
        references.append(json.loads(saved.out)["reference"])
    leader = replace(config, environ={**config.environ, "TRIAGE_USER": "test.leader"})
    with db.read() as s:
        found = search_requests(s, RequestQuery(), actor=LEADER, now=FIXED_NOW)
    db.close()
    assert sorted(row.reference for row in found) == sorted(references)
    sheet = folder / "sheet.pdf"
    assert cli("sheet", references[0], "--out", str(sheet), config=config).code == 0
    assert references[0] in "".join(page.extract_text() for page in PdfReader(sheet).pages)
    exported = cli("export", "--out", str(folder / "batches"), config=leader)
    assert exported.code == 0, exported.err
    sent = exported_references(folder / "batches")
    assert sent == set(references)
    figures = cli("figures", "--month", "2026-03", "--out", str(folder / "f.csv"), config=leader)
    assert figures.code == 0, figures.err
    return references


def exported_references(batches: Path) -> set[str]:
    """Every reference in every batch written under ``batches``."""
    return {
        json.loads(line)["reference"]
        for records in batches.glob("*/requests.jsonl")
        for line in records.read_text(encoding="utf-8").splitlines()
    }
