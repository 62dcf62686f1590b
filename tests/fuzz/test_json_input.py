"""Any JSON (or not-JSON) given to ``route`` and ``record``: a clear message, never a bug.

``route`` exits 0 or 2 (invalid input, with a message); ``record`` exits 0 or 2 and, when it
refuses, writes nothing at all. Neither ever exits 3 (a bug) or shows a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from sqlalchemy import func, select

from tests.cli.conftest import Cli, cli, cli_config, staff  # noqa: F401
from tests.conftest import open_sqlite
from tests.fuzz.strategies import VALID, json_texts
from triage_app.store.audit_models import AuditEntry
from triage_app.store.models import Request

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _no_bug(code: int, err: str) -> None:
    assert code in (0, 2), err
    assert "Traceback" not in err and "something went wrong" not in err
    if code == 2:
        assert err.startswith("triage-app") or "error" in err.lower() or ": " in err, err
        assert err.strip(), "refused without a message"


@FUZZ
@given(text=json_texts())
def test_route_answers_any_input_with_a_route_or_a_message(cli: Cli, text: str) -> None:  # noqa: F811
    result = cli("route", stdin=text)
    _no_bug(result.code, result.err)
    if result.code == 0:
        assert "pathway" in json.loads(result.out)


def _counts(database: str) -> tuple[int, int]:
    db = open_sqlite(Path(database))
    try:
        with db.read() as s:
            requests = s.execute(select(func.count()).select_from(Request)).scalar_one()
            entries = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    finally:
        db.close()
    return int(requests), int(entries)


@FUZZ
@given(text=json_texts())
def test_record_saves_whole_or_writes_nothing(cli: Cli, cli_config, staff, text: str) -> None:  # noqa: F811
    requests, _ = _counts(cli_config.database)
    result = cli("record", stdin=text)
    _no_bug(result.code, result.err)
    after, _ = _counts(cli_config.database)
    if result.code == 0:
        assert after == requests + 1
        assert json.loads(result.out)["reference"].startswith("HH-")
    else:
        assert after == requests, "a refused request was written"


def test_the_valid_base_of_the_strategies_is_valid(cli: Cli, staff) -> None:  # noqa: F811
    result = cli("record", stdin=json.dumps(VALID))
    assert result.code == 0, result.err
