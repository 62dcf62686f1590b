"""``triage-app rules replay``: what-if over the real store, writing nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.conftest import Cli
from tests.cli.test_record import CALL
from tests.conftest import FIXED_NOW, add_staff, open_sqlite
from triage_app.config import AppConfig
from triage_app.locations import resources_dir
from triage_app.store.stored import load_request


def _with_leader(config: AppConfig) -> AppConfig:
    db = open_sqlite(Path(config.database))
    add_staff(db, FIXED_NOW, ("test.leader", "team_leader"), first_admin=False)
    db.close()
    return AppConfig(
        **{**config.__dict__, "environ": {**config.environ, "TRIAGE_USER": "test.leader"}}
    )


def _candidate(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    folder = tmp_path / "candidate" / "pathways"
    shutil.copytree(resources_dir() / "pathways", folder)
    for name in ("partners.toml", "postcodes.toml"):
        shutil.copy(resources_dir() / name, folder.parent / name)
    for edit in edits:
        rules = next(
            p
            for p in folder.glob("*.toml")
            if p.name not in ("actions.toml",) and not p.name.endswith(".examples.toml")
        )
        text = rules.read_text(encoding="utf-8")
        assert edit[0] in text
        rules.write_text(text.replace(edit[0], edit[1], 1), encoding="utf-8")
    return folder


def test_replay_with_the_same_rules_changes_nothing(
    cli: Cli, cli_config: AppConfig, staff: None, tmp_path: Path
) -> None:
    for _ in range(3):
        assert cli("record", stdin=json.dumps(CALL)).code == 0
    leader = _with_leader(cli_config)
    result = cli("rules", "replay", str(_candidate(tmp_path)), config=leader)
    assert result.code == 0, result.err
    assert "3 requests, 3 unchanged, 0 would change" in result.out


def test_a_call_handler_may_not_replay(cli: Cli, staff: None, tmp_path: Path) -> None:
    result = cli("rules", "replay", str(_candidate(tmp_path)))
    assert result.code == 1
    assert "Traceback" not in result.err


def test_replay_counts_what_a_candidate_would_change(
    cli: Cli, cli_config: AppConfig, staff: None, tmp_path: Path
) -> None:
    references = [
        json.loads(cli("record", stdin=json.dumps(CALL)).out)["reference"] for _ in range(2)
    ]
    stricter = _candidate(
        tmp_path,
        (
            'when.needs_any = ["school_attendance"]\npathway = "signpost"',
            'when.needs_any = ["school_attendance"]\npathway = "social_care"',
        ),
        (
            'actions = ["contact_school"]\nrespond_within = "5 working days"',
            'actions = ["contact_school"]\nrespond_within = "the same working day"',
        ),
    )
    result = cli("rules", "replay", str(stricter), config=_with_leader(cli_config))
    assert result.code == 0, result.err
    assert "2 requests, 0 unchanged, 2 would change" in result.out
    assert "signpost -> social_care: 2" in result.out
    assert "  signpost: 2 (100.0 %) -> 0 (0.0 %)" in result.out
    assert "  social_care: 0 (0.0 %) -> 2 (100.0 %)" in result.out
    assert any(ref in result.out for ref in references)
    db = open_sqlite(Path(cli_config.database))  # the stored routes are untouched
    with db.read() as s:
        assert {load_request(s, r).route.pathway for r in references} == {"signpost"}
    db.close()
