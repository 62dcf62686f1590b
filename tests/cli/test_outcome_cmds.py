"""``triage-app outcome``, ``note``, ``attempt``, ``action``, ``override``, ``assign``, ``queue``:
what a user types, what they read back, and the exit status (0, 1 refused or known, 2 bad input)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.cli.conftest import MONEY_WORRIES, Cli
from tests.conftest import STAFF_PASSWORD, add_staff, open_sqlite
from triage_app.config import AppConfig
from triage_app.store import audit

pytestmark = pytest.mark.usefixtures("staff")


def _record(cli: Cli) -> str:
    result = cli("record", stdin=json.dumps(MONEY_WORRIES))
    assert result.code == 0, result.err
    return str(json.loads(result.out)["reference"])


def test_attempt_note_and_close_then_show(cli: Cli, cli_config: AppConfig) -> None:
    ref = _record(cli)
    tried = cli("attempt", ref, "--method", "telephone", "--not-reached")
    assert tried.code == 0 and "not reached" in tried.out
    noted = cli("note", ref, "-", stdin="Left a voicemail; will try again tomorrow.")
    assert noted.code == 0 and ref in noted.out
    closed = cli("outcome", ref, "--close", "advice_given", "--reason", "Money advice line given.")
    assert closed.code == 0, closed.err
    assert f"{ref} (version 4): closed, outcome advice_given" in closed.out
    assert "note: Left a voicemail" in closed.out and "attempt by telephone" in closed.out
    db = open_sqlite(Path(cli_config.database))
    with db.read() as s:
        actions = [e.action for e in audit.entries(s, record_ref=ref)]
    db.close()
    assert {"contact_attempt", "note_added", "request_closed"} <= set(actions)


def test_bad_input_names_the_field_and_exits_2(cli: Cli) -> None:
    ref = _record(cli)
    result = cli("outcome", ref, "--close", "advise_given", "--reason", "x")
    assert result.code == 2
    assert "outcome: unknown outcome 'advise_given' — did you mean 'advice_given'?" in result.err
    assert cli("outcome", ref, "--close", "advice_given").code == 2  # no reason
    assert cli("attempt", ref, "--method", "pigeon", "--reached").code == 2
    assert cli("note", ref, "   ").code == 2
    assert cli("action", ref, "call_back", "--state", "finished").code == 2


def test_the_history_shows_what_an_attempt_said_and_whether_the_clock_was_gmt(cli: Cli) -> None:
    ref = _record(cli)
    said = "Left a voicemail; will try after school pick-up."
    assert cli("attempt", ref, "--method", "telephone", "--not-reached", "--note", said).code == 0
    shown = cli("outcome", ref).out
    assert f"attempt by telephone, not reached: {said}" in shown
    assert "16/03/2026 10:30 GMT" in shown  # the fixed clock: 10:30 UTC in March is GMT


def test_a_time_the_uk_clocks_skipped_or_repeated_is_refused(cli: Cli) -> None:
    ref = _record(cli)
    skipped = cli("attempt", ref, "--method", "telephone", "--reached", "--at", "2026-03-29T01:30")
    assert skipped.code == 2
    assert "--at: 01:30 on 29/03/2026 did not happen in the UK" in skipped.err
    twice = cli("attempt", ref, "--method", "telephone", "--reached", "--at", "2026-10-25T01:30")
    assert twice.code == 2
    assert "happened twice in the UK" in twice.err and "+01:00" in twice.err
    date_only = cli("attempt", ref, "--method", "telephone", "--reached", "--at", "2026-03-16")
    assert date_only.code == 2 and "--at: give the time as well" in date_only.err
    shown = cli("outcome", ref)
    assert "attempt by" not in shown.out  # none was saved


def test_known_conditions_exit_1(cli: Cli) -> None:
    ref = _record(cli)
    assert cli("outcome", ref, "--reopen", "--reason", "x").code == 1  # not closed
    assert cli("note", "HH-0000-0000", "x").code == 1  # no such request
    assert cli("action", ref, "no_such_action", "--state", "done").code == 1


def test_override_and_a_second_team_leader(cli: Cli, cli_config: AppConfig) -> None:
    db = open_sqlite(Path(cli_config.database))
    leaders = (("lead.one", "team_leader"), ("lead.two", "team_leader"))
    add_staff(db, cli_config.clock(), *leaders, first_admin=False)
    db.close()
    ref = _record(cli)
    as_one = {**cli_config.environ, "TRIAGE_USER": "lead.one", "TRIAGE_PASSWORD": STAFF_PASSWORD}
    as_two = {**as_one, "TRIAGE_USER": "lead.two"}
    one, two = replace(cli_config, environ=as_one), replace(cli_config, environ=as_two)
    asked = cli("override", ref, "--pathway", "advice", "--reason", "Only wanted a leaflet.")
    assert asked.code == 0 and "down, pending" in asked.out
    override_id = asked.out.split()[1]
    assert cli("override", ref, "--approve", override_id).code == 1  # a call handler may not
    assert cli("override", "--pending", config=one).out.startswith(f"{override_id}\t{ref}")
    approved = cli("override", ref, "--approve", override_id, config=two)
    assert approved.code == 0 and "approved" in approved.out
    shown = cli("outcome", ref)
    assert "in force advice" in shown.out
    assert "; due by the end of " in shown.out and "00:00" not in shown.out
    listed = cli("rules", "replay", "--overridden", config=one)
    assert listed.code == 0 and f"{ref}: " in listed.out and "-> advice" in listed.out


def test_assign_and_queue(cli: Cli) -> None:
    ref = _record(cli)
    assert cli("assign", ref, "--to", "me").code == 0
    queue = cli("queue", "--scope", "assigned_to_me")
    assert queue.code == 0
    assert queue.out.startswith("1 open:") and ref in queue.out and "test.handler" in queue.out
    assert "\tdue by the end of " in queue.out and "00:00" not in queue.out  # as the window says
    assert cli("assign", ref, "--to", "someone.else").code == 1  # only team leaders


@pytest.mark.parametrize(
    "command", ["outcome", "note", "attempt", "action", "override", "assign", "queue"]
)
def test_every_command_has_help(cli: Cli, command: str) -> None:
    with pytest.raises(SystemExit) as done:
        cli(command, "--help")
    assert done.value.code == 0
