"""``triage-app retention`` and ``triage-app erase`` as an administrator runs them."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.cli.conftest import STAFF_PASSWORD, Cli, cli, cli_config, staff  # noqa: F401
from tests.conftest import FIXED_NOW, open_sqlite
from tests.crash.samples import desk_actor, sample
from triage_app.domain.vocabulary import load_vocabularies
from triage_app.locations import resources_dir
from triage_app.pathways import default_rules_dir, load_rules
from triage_app.services.intake import take_request

ADMIN_ENV = {"TRIAGE_USER": "test.admin", "TRIAGE_PASSWORD": STAFF_PASSWORD}


def _request(database: str, days_ago: int) -> str:
    vocab = load_vocabularies(resources_dir())
    rules = load_rules(default_rules_dir(), vocab)
    db = open_sqlite(Path(database))
    when = FIXED_NOW - timedelta(days=days_ago)
    with db.write() as s:
        ref = take_request(
            s, sample(0, when), vocab=vocab, rules=rules, actor=desk_actor(1), now=when
        ).reference
    db.close()
    return ref


def _as_admin(cli_config):  # noqa: F811
    from dataclasses import replace

    return replace(cli_config, environ=ADMIN_ENV)


def test_retention_dry_run_then_real_run(cli: Cli, cli_config, staff) -> None:  # noqa: F811
    _request(cli_config.database, 3000)
    _request(cli_config.database, 10)
    config = _as_admin(cli_config)
    dry = cli("retention", "--dry-run", config=config)
    assert dry.code == 0, dry.err
    assert "requests: 1 would be removed (kept 2192 days after the last change; oldest" in dry.out
    assert "dry run: nothing was changed" in dry.out
    real = cli("retention", config=config)
    assert real.code == 0 and "requests: 1 removed" in real.out
    again = cli("retention", "--dry-run", config=config)
    assert "requests: 0 would be removed" in again.out


def test_retention_and_erase_are_refused_to_a_call_handler(cli: Cli, cli_config, staff) -> None:  # noqa: F811
    ref = _request(cli_config.database, 10)
    refused = cli("retention", "--dry-run")
    assert refused.code == 1
    assert "a call handler may not run the retention clean-up; ask an administrator" in refused.err
    refused = cli("erase", ref, "--reason", "x")
    assert refused.code == 1 and "may not erase a record" in refused.err


def test_erase_by_reference_with_a_reason(cli: Cli, cli_config, staff) -> None:  # noqa: F811
    ref = _request(cli_config.database, 10)
    config = _as_admin(cli_config)
    done = cli(
        "erase", ref.lower().replace("-", " "), "--reason", "approved request 7", config=config
    )
    assert done.code == 0, done.err
    assert f"{ref}: personal data erased from 1 version and 1 child entry" in done.out
    missing = cli("erase", "HH-0000-0000", "--reason", "x", config=config)
    assert missing.code == 1 and "no request has the reference" in missing.err
    with pytest.raises(SystemExit) as usage:  # argparse: the reason is required
        cli("erase", ref, config=config)
    assert usage.value.code == 2
