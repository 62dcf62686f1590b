"""The month's figures of what happened after the front door, on SQLite and PostgreSQL, in
the counts, the CSV and the PDF read back."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

from pypdf import PdfReader

from tests.services.requests_data import HOUSING, LEADER, housing_for, save
from triage_app.domain.request import Child
from triage_app.figures import Month, monthly_figures
from triage_app.figures.report import figures_pdf
from triage_app.figures.table import figures_csv
from triage_app.services.contact import record_attempt
from triage_app.services.outcomes import close_request
from triage_app.services.overrides import override_pathway

#: Monday 2 March 2026, 10:00 UK time; the housing route is due by the end of the next
#: working day (Tuesday).
MARCH = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)


def test_outcomes_timeliness_overrides_intervals_and_older_children(any_db, rules, vocab):
    db = any_db
    first = save(db, rules, vocab, HOUSING, received=MARCH - timedelta(days=60))
    with db.write() as s:
        close_request(
            s, first, outcome="family_declined", reason="Declined.", actor=LEADER,
            now=MARCH - timedelta(days=50), vocab=vocab,
        )  # fmt: skip
    again = save(db, rules, vocab, HOUSING, received=MARCH)  # the same family, 50 days on
    teen = housing_for(
        "Okonkwo", "07700 900777", "CV2 1EQ",
        Child(first_name="Tobi", last_name="Okonkwo", date_of_birth=date(2008, 1, 1)),
    )  # fmt: skip
    late = save(db, rules, vocab, teen, received=MARCH)
    with db.write() as s:
        record_attempt(
            s, again, method="telephone", reached=True, actor=LEADER,
            now=MARCH + timedelta(hours=2), vocab=vocab,
        )  # fmt: skip
        close_request(
            s, again, outcome="early_help_episode", reason="Assessment agreed.", actor=LEADER,
            now=MARCH + timedelta(hours=3), vocab=vocab,
        )  # fmt: skip
        record_attempt(
            s, late, method="telephone", reached=True, actor=LEADER,
            now=MARCH + timedelta(days=15), vocab=vocab,
        )  # fmt: skip
        override_pathway(
            s, late, chosen="social_care", reason="Worried.", actor=LEADER,
            now=MARCH + timedelta(days=15), rules=rules,
        )  # fmt: skip
    with db.read() as s:
        figures = monthly_figures(s, Month(2026, 3), None, vocab, NOW)
    life = figures.outcomes
    assert (life.closed, life.early_help_episodes, life.overridden) == (1, 1, 1)
    assert figures.breakdown("outcome").count("early_help_episode") == 1
    assert figures.breakdown("outcome").count(None) == 1  # still open
    assert figures.breakdown("final_pathway").count("social_care") == 1
    assert figures.breakdown("override_direction").count("up") == 1
    assert sum(c.count for c in figures.breakdown("first_contact_in_time").counts) == 1
    assert figures.breakdown("first_contact_late").count("social_care") == 1
    assert figures.breakdown("rereferral_interval").count("under_3_months") == 1
    assert figures.breakdown("aged_16_outcome").count(None) == 1
    assert figures.breakdown("aged_16_pathway").count("social_care") == 1
    assert figures.breakdown("aged_19_pathway").total == 0
    rows = list(csv.reader(io.StringIO(figures_csv(figures).decode("utf-8"))))
    assert ["summary", "early_help_episodes"] in [r[:2] for r in rows if r[3] == "1"]
    assert any(r[0] == "rereferral_interval" and r[1] == "under_3_months" for r in rows)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(figures_pdf(figures))).pages)
    # Timeliness is one table, each course of action's share of its own requests.
    assert "First contact within the route's timescale" not in text
    assert "Share within" in text and "Within timescale" in text
    for title in (
        "Became early help episodes",
        "First contact that reached the family, by course of action",
        "Re-referrals by time since the earlier request closed",
        "Requests naming a child aged 16 or over, by outcome",
    ):
        assert title in text, title
