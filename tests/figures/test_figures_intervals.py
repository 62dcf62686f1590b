"""Re-referrals by the time since the earlier request closed, on SQLite and PostgreSQL: the
earlier request is the one that made the request a re-referral (``store.same_family``, within
the year), so a misspelt family, a child found by first name and date of birth, and an
earlier request older than a year are each counted as the re-referral itself is."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.services.requests_data import LEADER
from tests.store.rereferral_oracle import request_about, route_to
from triage_app.domain.actor import Actor
from triage_app.domain.request import Child, TriageRequest
from triage_app.domain.vocabulary import Vocabularies
from triage_app.figures import Month, monthly_figures
from triage_app.services.outcomes import close_request, reopen_request
from triage_app.store.database import Database
from triage_app.store.requests import insert_request

MARCH = Month(2026, 3)
AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
HUB, ELSEWHERE = "pathways", "mosaic"


def _save(db: Database, actor: Actor, hub: str, req: TriageRequest) -> str:
    assert req.received_at is not None
    with db.write() as s:
        return insert_request(s, req, route_to(hub), actor=actor, now=req.received_at)


def _close(db: Database, reference: str, at: datetime, vocab: Vocabularies) -> None:
    with db.write() as s:
        close_request(
            s, reference, outcome="family_declined", reason="Declined.", actor=LEADER, now=at,
            vocab=vocab,
        )  # fmt: skip


def _earlier(
    db: Database, actor: Actor, vocab: Vocabularies, req: TriageRequest, closed: datetime | None
) -> None:
    reference = _save(db, actor, ELSEWHERE, req)
    if closed is not None:
        _close(db, reference, closed, vocab)


def test_intervals_follow_the_earlier_request_that_made_the_re_referral(
    any_db: Database, vocab: Vocabularies, actor: Actor, now: datetime
) -> None:
    db = any_db
    # A family whose surname was misspelt, at the same postcode: closed 50 days before.
    family = request_about(AT - 60 * DAY, surname="Penhaligon", postcode="CV1 1AA")
    _earlier(db, actor, vocab, family, AT - 50 * DAY)
    _save(db, actor, HUB, request_about(AT, surname="Penhalligon", postcode="CV1 1AA"))
    # A child who moved, the surname one letter off: closed 120 days before.
    mia = Child(first_name="Mia", last_name="Kowalczyk", date_of_birth=date(2016, 4, 1))
    moved = request_about(AT - 200 * DAY, children=(mia,), postcode="CV2 2BB")
    _earlier(db, actor, vocab, moved, AT - 120 * DAY)
    mia_again = Child(first_name="Mia", last_name="Kowalczik", date_of_birth=date(2016, 4, 1))
    _save(db, actor, HUB, request_about(AT, children=(mia_again,), postcode="CV3 3CC"))
    # Strangers at one postcode: the second is no re-referral, whatever closed before it.
    _earlier(
        db,
        actor,
        vocab,
        request_about(AT - 30 * DAY, surname="Smith", postcode="CV4 4DD"),
        AT - 20 * DAY,
    )
    _save(db, actor, HUB, request_about(AT, surname="Jones", postcode="CV4 4DD"))
    # Re-referred by a request of 100 days before, still open; the family's request of 400
    # days before closed 10 days ago, but is outside the year, so it is not the earlier one.
    _earlier(
        db,
        actor,
        vocab,
        request_about(AT - 400 * DAY, surname="Testerson", postcode="CV5 5EE"),
        AT - 10 * DAY,
    )
    _earlier(
        db,
        actor,
        vocab,
        request_about(AT - 100 * DAY, surname="Testerson", postcode="CV5 5EE"),
        None,
    )
    _save(db, actor, HUB, request_about(AT, surname="Testerson", postcode="CV5 5EE"))
    with db.read() as s:
        figures = monthly_figures(s, MARCH, HUB, vocab, now)
    intervals = figures.breakdown("rereferral_interval")
    assert (figures.requests, figures.rereferrals) == (4, 3)
    assert intervals.count("under_3_months") == 1
    assert intervals.count("3_to_6_months") == 1
    assert intervals.count("6_to_12_months") == 0
    assert intervals.count("not_closed") == 1
    assert intervals.total == figures.rereferrals


def _reopen(db: Database, reference: str, at: datetime) -> None:
    with db.write() as s:
        reopen_request(s, reference, reason="Family back in touch.", actor=LEADER, now=at)


def _intervals(db: Database, vocab: Vocabularies, now: datetime) -> dict[str | None, int]:
    with db.read() as s:
        figures = monthly_figures(s, MARCH, HUB, vocab, now)
    return {c.code: c.count for c in figures.breakdown("rereferral_interval").counts if c.count}


def test_an_interval_is_as_things_stood_when_the_re_referral_came(
    any_db: Database, vocab: Vocabularies, actor: Actor, now: datetime
) -> None:
    """Reopened before the re-referral came, the earlier request was not closed then; what
    happens to the earlier requests after it came changes nothing in the month's figures."""
    db = any_db
    reopened = _save(
        db, actor, ELSEWHERE, request_about(AT - 60 * DAY, surname="Quill", postcode="CV6 6FF")
    )
    _close(db, reopened, AT - 50 * DAY, vocab)
    _reopen(db, reopened, AT - 40 * DAY)
    _save(db, actor, HUB, request_about(AT, surname="Quill", postcode="CV6 6FF"))
    closed = _save(
        db, actor, ELSEWHERE, request_about(AT - 200 * DAY, surname="Marrow", postcode="CV7 7GG")
    )
    _close(db, closed, AT - 150 * DAY, vocab)
    _save(db, actor, HUB, request_about(AT, surname="Marrow", postcode="CV7 7GG"))
    assert _intervals(db, vocab, now) == {"not_closed": 1, "3_to_6_months": 1}

    _close(db, reopened, AT + 2 * DAY, vocab)  # after the re-referral came
    _reopen(db, closed, AT + 3 * DAY)
    _close(db, closed, AT + 4 * DAY, vocab)
    assert _intervals(db, vocab, now) == {"not_closed": 1, "3_to_6_months": 1}
