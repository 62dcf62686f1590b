"""A month's figures worked out from a database named by its URL (in a process of its own).

What the window's figures page runs in a spawned process (:mod:`triage_app.work_apart`): the
same :func:`~triage_app.figures.monthly_figures`, over a connection of its own, closed after.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import make_url

from triage_app.domain.months import Month
from triage_app.domain.vocabulary import Vocabularies
from triage_app.figures.model import MonthlyFigures
from triage_app.figures.queries import monthly_figures
from triage_app.store.database import Database, make_engine


def figures_at(
    url: str, month: Month, hub: str | None, vocab: Vocabularies, now: datetime
) -> MonthlyFigures:
    """The figures of ``month`` (one hub or all) in the database at ``url``."""
    db = Database(make_engine(make_url(url)))
    try:
        with db.read() as session:
            return monthly_figures(session, month, hub, vocab, now)
    finally:
        db.close()
