"""Bank holidays are days the hubs are closed: counted past like a weekend, said out of hours.

Christmas 2026 falls on a Friday, Boxing Day on the Saturday (its holiday the Monday after);
Good Friday and Easter Monday 2026 are 3 and 6 April.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from triage_app.domain.localtime import LOCAL_ZONE
from triage_app.errors import TriageError
from triage_app.pathways import due
from triage_app.pathways.due import bank_holidays, due_at, out_of_hours


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=LOCAL_ZONE)


def test_a_same_day_route_on_christmas_day_is_due_after_the_boxing_day_holiday() -> None:
    christmas = local(2026, 12, 25, 11, 0)
    assert due_at(christmas, "the same working day") == local(2026, 12, 30)
    notice = out_of_hours(christmas, "the same working day")
    assert notice is not None
    assert notice.startswith("This came in on a bank holiday: the same working day is Tuesday 29")
    assert "out-of-hours service now" in notice


def test_working_days_count_past_bank_holidays() -> None:
    christmas_eve = local(2026, 12, 24, 10, 0)
    assert due_at(christmas_eve, "the next working day") == local(2026, 12, 30)
    before_easter = local(2026, 4, 2, 10, 0)  # Thursday; Good Friday and Easter Monday next
    assert due_at(before_easter, "5 working days") == local(2026, 4, 14)
    assert out_of_hours(christmas_eve, "the same working day") is None  # a working day


def test_the_list_is_read_from_the_resources_and_holds_only_weekdays(resources: Path) -> None:
    days = bank_holidays()
    assert local(2026, 12, 28).date() in days and local(2026, 12, 26).date() not in days
    assert all(day.weekday() < 5 for day in days)
    assert (resources / due.BANK_HOLIDAYS).is_file()


def test_a_damaged_list_is_named_with_what_it_must_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / due.BANK_HOLIDAYS).write_text('dates = ["2026-12-25", "25/12/2026"]\n')
    monkeypatch.setattr(due, "resources_dir", lambda: tmp_path)
    bank_holidays.cache_clear()
    try:
        with pytest.raises(TriageError) as refused:
            bank_holidays()
    finally:
        monkeypatch.undo()
        bank_holidays.cache_clear()
    message = str(refused.value)
    assert str(tmp_path / due.BANK_HOLIDAYS) in message and "YYYY-MM-DD" in message
