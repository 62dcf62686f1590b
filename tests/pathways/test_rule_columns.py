"""The rules loader knows the columns a route is saved in: what passes ``rules check`` saves.

A rule set's version is stored with every route, and each action's code with the route's
actions. One too long for its column used to pass ``rules check`` and then make every save
fail on PostgreSQL (SQLite does not enforce lengths).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.crash.samples import desk_actor, sample
from tests.pathways.rulesets import RuleSetFolder
from tests.pathways.test_cli import Ctx, run
from triage_app.domain import limits
from triage_app.pathways import load_rules
from triage_app.pathways.respond import respond_rank
from triage_app.services.intake import take_request
from triage_app.store.database import Database
from triage_app.store.models import RequestVersion


def _header(version: str) -> str:
    return f'version = "{version}"\neffective_from = 2026-01-05\n'


def test_a_version_longer_than_its_column_fails_rules_check_naming_the_line(
    folder: RuleSetFolder,
    resources: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder.write("", header=_header("coventry-2026-03-draft-for-the-team-leaders"))
    assert run(Ctx(resources), ["rules", "check", str(folder.dir)], "", monkeypatch) == 1
    err = capsys.readouterr().err
    assert f"{folder.rules_file}:1: version is 43 characters long: at most 40 fit" in err


def test_an_action_code_longer_than_its_column_is_refused(folder: RuleSetFolder) -> None:
    code = "ask_the_school_nurse_to_call_the_family_back"
    actions = folder.dir / "actions.toml"
    actions.write_text(
        actions.read_text() + f'\n[action.{code}]\nlabel = "Ask the school nurse"\n'
        'family = "We will ask the school nurse to call you."\n'
    )
    folder.write("")
    [problem] = folder.problems()
    assert problem.rule == code and problem.file == str(actions)
    assert problem.line == folder.line_of(actions, f"[action.{code}]")
    assert f"the action code is {len(code)} characters long: at most 40 fit" in problem.message


def test_every_respond_within_form_fits_its_column() -> None:
    longest = "999 working days"
    assert respond_rank(longest) is not None and respond_rank("1000 working days") is None
    assert len(longest) <= len("the next working day") <= limits.RESPOND_WITHIN
    assert RequestVersion.__table__.c.respond_within.type.length == limits.RESPOND_WITHIN  # type: ignore[attr-defined]


def test_a_version_as_long_as_its_column_is_saved_with_every_route(
    folder: RuleSetFolder, any_db: Database
) -> None:
    version = "v" * limits.RULES_VERSION
    folder.write("", header=_header(version))
    rules = load_rules(folder.dir, folder.vocab)
    at = datetime(2026, 3, 16, 9, 0, tzinfo=UTC)
    with any_db.write() as s:
        saved = take_request(
            s, sample(0), vocab=folder.vocab, rules=rules, actor=desk_actor(1), now=at
        )
    assert saved.route.rules_version == version
    column = RequestVersion.__table__.c.rules_version  # type: ignore[attr-defined]
    assert column.type.length == limits.RULES_VERSION
