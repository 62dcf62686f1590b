"""The month's figures count the safeguarding concerns: requests naming each concern, and the
course of action of those naming any, in the breakdowns, the CSV and the PDF read back."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime

from tests.export.export_data import ROUTE, request
from tests.figures.test_figures_outputs import pdf_text
from triage_app.domain.actor import Actor
from triage_app.figures import Month, monthly_figures
from triage_app.figures.report import figures_pdf
from triage_app.figures.table import figures_csv
from triage_app.store.database import Database
from triage_app.store.requests import insert_request

MARCH = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
SOCIAL = replace(ROUTE, pathway="social_care")
SAVED = (
    (("neglect", "self_harm"), ROUTE),
    (("neglect",), SOCIAL),
    (("physical_abuse",), SOCIAL),
    ((), ROUTE),
)


def _fill(db: Database, actor: Actor) -> None:
    with db.write() as s:
        for i, (concerns, route) in enumerate(SAVED):
            req = replace(request(i), concerns=concerns, received_at=MARCH)
            insert_request(s, req, route, actor=actor, now=MARCH)


def test_concerns_are_counted_in_the_figures_csv_and_pdf(
    any_db: Database, vocab, actor: Actor, now
) -> None:
    _fill(any_db, actor)
    with any_db.read() as s:
        figures = monthly_figures(s, Month(2026, 3), None, vocab, now)
    concern = figures.breakdown("concern")
    assert (concern.count("neglect"), concern.count("self_harm")) == (2, 1)
    assert concern.count("physical_abuse") == 1 and concern.count("sexual_abuse") == 0
    assert [c.code for c in concern.counts] == list(vocab.concern.codes)
    by_pathway = figures.breakdown("concern_pathway")
    assert (by_pathway.count("social_care"), by_pathway.count("early_help")) == (2, 1)

    table = list(csv.reader(io.StringIO(figures_csv(figures).decode("utf-8"), newline="")))
    by_key = {(r[0], r[1]): int(r[3]) for r in table[1:]}
    assert by_key["concern", "neglect"] == 2 and by_key["concern", "fgm_or_honour_based_abuse"] == 0
    assert by_key["concern_pathway", "social_care"] == 2

    text = pdf_text(figures_pdf(figures))
    assert "Safeguarding concerns named" in text
    assert f"{vocab.concern.label('neglect')} 2" in text
    assert "Course of action, requests with a concern" in text
