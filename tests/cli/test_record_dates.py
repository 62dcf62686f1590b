"""``triage-app record``: dates are ISO text, checked against the day they are used on.

Ages are counted on the day a request was received, so a received time in the future makes a
child look older than they are: a 7-year-old living with domestic abuse would be signposted
instead of offered early help. Numbers are not dates (``0`` would be 1 January 1970), a date
of birth is after 1900 and not after the request, and an age given with a date of birth
must agree with it. Each is refused with the field named, and nothing is written.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli
from tests.conftest import FIXED_NOW, open_sqlite
from triage_app.config import AppConfig
from triage_app.store.stored import load_request

pytestmark = pytest.mark.usefixtures("staff")

#: Domestic abuse with a 7-year-old in the household (contract rule 5: at least early help).
ABUSE = {
    "contact_method": "telephone",
    "source": "self_referral",
    "needs": ["domestic_abuse"],
    "consent": "given",
    "children": [{"first_name": "Ada", "last_name": "Testerson", "date_of_birth": "2019-01-10"}],
    "answers": {
        "immediate_danger": False,
        "significant_harm": False,
        "domestic_abuse_high_risk": False,
    },
    "received_at": "2026-03-16T09:00:00+00:00",
    "family": {"phone": "07700 900111"},
}


def _record(cli: Cli, **changes: Any) -> Any:
    return cli("record", stdin=json.dumps({**ABUSE, **changes}))


def _child(**fields: Any) -> list[dict[str, Any]]:
    return [{**ABUSE["children"][0], **fields}]  # type: ignore[index]


def _nothing_written(config: AppConfig) -> None:
    db = open_sqlite(Path(config.database))
    with db.read() as s:
        assert s.connection().exec_driver_sql("SELECT count(*) FROM requests").scalar() == 0
    db.close()


def test_a_received_time_in_the_future_is_refused_not_used_to_count_ages(
    cli: Cli, cli_config: AppConfig
) -> None:
    result = _record(cli, received_at="2045-06-01T10:00:00+00:00")
    assert result.code == 2, result.out
    assert "received_at: is in the future" in result.err
    _nothing_written(cli_config)


@pytest.mark.parametrize(
    ("received", "said"),
    [
        ("2026-03-29T01:30", "01:30 on 29/03/2026 did not happen in the UK"),
        ("2025-10-26T01:15", "01:15 on 26/10/2025 happened twice in the UK"),
    ],
)
def test_a_uk_clock_time_skipped_or_repeated_is_refused_not_moved_an_hour(
    cli: Cli, cli_config: AppConfig, received: str, said: str
) -> None:
    result = _record(cli, received_at=received)
    assert result.code == 2, result.out
    assert f"received_at: {said}" in result.err
    _nothing_written(cli_config)


def test_a_uk_clock_time_is_the_moment_the_clock_showed(cli: Cli, cli_config: AppConfig) -> None:
    result = _record(cli, received_at="2025-10-26T02:30")  # GMT again, after the change
    assert result.code == 0, result.err
    db = open_sqlite(Path(cli_config.database))
    with db.read() as s:
        stored = load_request(s, json.loads(result.out)["reference"])
    db.close()
    assert stored.request.received_at == datetime(2025, 10, 26, 2, 30, tzinfo=UTC)


def test_a_received_time_a_little_ahead_of_this_clock_is_another_clock_running_fast(
    cli: Cli, cli_config: AppConfig
) -> None:
    ahead = (FIXED_NOW + timedelta(minutes=3)).isoformat()
    result = _record(cli, received_at=ahead)
    assert result.code == 0, result.err
    assert json.loads(result.out)["pathway"] == "early_help"  # the child is 7 on that day


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"received_at": 1700000000}, "received_at"),
        ({"received_at": "1700000000"}, "received_at"),
        ({"received_at": 1.7e9}, "received_at"),
        ({"children": _child(date_of_birth=0)}, "children[0].date_of_birth"),
        ({"children": _child(date_of_birth="20190110")}, "children[0].date_of_birth"),
        ({"children": _child(date_of_birth=20190110)}, "children[0].date_of_birth"),
        ({"emergency": {"called_at": 1700000000, "called_by": "A Handler"}}, "emergency.called_at"),
    ],
)
def test_numbers_are_not_dates(
    cli: Cli, cli_config: AppConfig, changes: dict[str, Any], field: str
) -> None:
    result = _record(cli, **changes)
    assert result.code == 2, result.out
    assert f"{field}: must be a date" in result.err
    _nothing_written(cli_config)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"children": _child(date_of_birth="0001-01-01")}, "date_of_birth: is before 1900"),
        ({"children": _child(date_of_birth="1899-12-31")}, "date_of_birth: is before 1900"),
        ({"received_at": "1899-12-31T10:00:00+00:00"}, "received_at: is before 1900"),
        (
            {"children": _child(date_of_birth="2026-03-17")},
            "children[0].date_of_birth: is after the day the request was received",
        ),
        (
            {"received_at": "2025-01-01T10:00:00+00:00"},
            "children[0].date_of_birth: is after the day the request was received",
        ),
    ],
)
def test_dates_out_of_range_are_refused(
    cli: Cli, cli_config: AppConfig, changes: dict[str, Any], message: str
) -> None:
    if "received_at" in changes and "children" not in changes:
        changes["children"] = _child(date_of_birth="2025-06-01")
    result = _record(cli, **changes)
    assert result.code == 2, result.out
    assert message in result.err
    _nothing_written(cli_config)


def test_an_age_that_disagrees_with_the_date_of_birth_is_refused_naming_both(
    cli: Cli, cli_config: AppConfig
) -> None:
    result = _record(cli, children=_child(age_years=12))  # born 2019-01-10: 7 on 16 March 2026
    assert result.code == 2, result.out
    assert "children[0].age_years: does not agree with children[0].date_of_birth" in result.err
    _nothing_written(cli_config)


def test_an_age_that_agrees_with_the_date_of_birth_is_kept(cli: Cli, cli_config: AppConfig) -> None:
    result = _record(cli, children=_child(age_years=7))
    assert result.code == 0, result.err
    db = open_sqlite(Path(cli_config.database))
    with db.read() as s:
        stored = load_request(s, json.loads(result.out)["reference"])
    db.close()
    assert stored.request.children[0].age_years == 7


@pytest.mark.parametrize(
    ("typed", "born"),
    [("10/01/2019", "2019-01-10"), ("10.1.19", "2019-01-10"), ("10-1-2019", "2019-01-10")],
)
def test_a_date_of_birth_as_a_person_types_it_is_read_as_the_form_reads_it(
    cli: Cli, cli_config: AppConfig, typed: str, born: str
) -> None:
    result = _record(cli, children=_child(date_of_birth=typed, date_of_birth_estimated=True))
    assert result.code == 0, result.err
    db = open_sqlite(Path(cli_config.database))
    with db.read() as s:
        stored = load_request(s, json.loads(result.out)["reference"])
    db.close()
    assert stored.request.children[0].date_of_birth.isoformat() == born
    assert stored.request.children[0].date_of_birth_estimated


def test_a_date_that_is_not_in_the_calendar_is_refused_saying_so(
    cli: Cli, cli_config: AppConfig
) -> None:
    result = _record(cli, children=_child(date_of_birth="31/2/2019"))
    assert result.code == 2, result.out
    assert "children[0].date_of_birth: is not a real date: there is no 31/2/2019" in result.err
    _nothing_written(cli_config)
