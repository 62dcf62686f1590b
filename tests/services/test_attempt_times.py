"""When an attempt to reach the family was made: never in the future, never before the request.

A year typed wrong ("2025" for "2026") would otherwise count as first contact within the
route's timescale in the month's figures, and sit first in the request's history.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.services.requests_data import HANDLER, HOUSING, save
from triage_app.errors import InvalidInput
from triage_app.services.contact import record_attempt
from triage_app.services.life_view import request_life

RECEIVED = datetime(2026, 11, 2, 9, 15, tzinfo=UTC)
NOW = RECEIVED + timedelta(days=1)


def test_an_attempt_before_the_request_was_received_is_refused_and_nothing_saved(db, rules, vocab):
    ref = save(db, rules, vocab, HOUSING, received=RECEIVED)
    typed_wrong = RECEIVED.replace(year=2025)
    with pytest.raises(InvalidInput) as refused, db.write() as s:
        record_attempt(
            s, ref, method="telephone", reached=True, actor=HANDLER, now=NOW, at=typed_wrong,
            vocab=vocab,
        )  # fmt: skip
    assert str(refused.value) == (
        "at: is before the request was received (02/11/2026 09:15 GMT): "
        "give when the attempt was made"
    )
    with db.read() as s:
        life = request_life(s, ref, actor=HANDLER, now=NOW)
    assert life.status == "open" and life.version == 1
    with db.write() as s:  # the minute it came, and later, are taken
        for at in (RECEIVED, RECEIVED + timedelta(minutes=5)):
            record_attempt(
                s, ref, method="telephone", reached=False, actor=HANDLER, now=NOW, at=at,
                vocab=vocab,
            )  # fmt: skip
