"""The ``route`` and ``rules`` commands' contract, run in-process (and once as a real process)."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.cli.conftest import MONEY_WORRIES
from tests.pathways.rulesets import RuleSetFolder
from triage_app.cli import route_cmd, rules_cmd
from triage_app.domain.request import Child, TriageRequest

MONEY = MONEY_WORRIES
DANGER = {**MONEY, "needs": ["domestic_abuse"], "answers": {"immediate_danger": True}}


@dataclass
class Ctx:
    """What the commands need of the app's context."""

    resources: Path

    def now(self) -> datetime:
        return datetime(2026, 3, 16, 10, 30, tzinfo=UTC)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="triage-app")
    sub = parser.add_subparsers(dest="command", required=True)
    route_cmd.register(sub)
    rules_cmd.register(sub)
    return parser.parse_args(argv)


def run(ctx: object, argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    args = parse(*argv)
    return int(args.handler(args, ctx))


@pytest.fixture
def ctx(resources: Path) -> Ctx:
    return Ctx(resources)


def test_route_prints_one_line_of_json(ctx: Ctx, monkeypatch, capsys) -> None:
    assert run(ctx, ["route"], json.dumps(MONEY), monkeypatch) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    got = json.loads(out)
    assert set(got) == {"pathway", "actions", "hub", "rules_version", "respond_within", "trace"}
    assert (got["pathway"], got["hub"], got["rules_version"]) == (
        "signpost",
        "pathways",
        "coventry-2.1",
    )
    assert got["trace"][0] == {"rule": "money-debt", "reason": got["trace"][0]["reason"]}


def test_route_reads_a_file(ctx: Ctx, tmp_path: Path, monkeypatch, capsys) -> None:
    path = tmp_path / "req.json"
    path.write_text(json.dumps(DANGER))
    assert run(ctx, ["route", str(path)], "", monkeypatch) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["pathway"] == "emergency"
    assert "call_999" in got["actions"]


def test_jsonl_keeps_the_order(ctx: Ctx, monkeypatch, capsys) -> None:
    lines = [json.dumps(x) for x in (MONEY, DANGER, MONEY)]
    assert run(ctx, ["route", "--jsonl"], "\n".join(lines) + "\n\n", monkeypatch) == 0
    out = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["pathway"] for line in out] == ["signpost", "emergency", "signpost"]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (
            {**MONEY, "needs": ["money_dbt"]},
            "needs[0]: unknown need 'money_dbt' — did you mean 'money_debt'?",
        ),
        (
            {k: v for k, v in MONEY.items() if k != "consent"},
            "consent: record whether the family consents",
        ),
        ({**MONEY, "colour": "blue"}, "colour: unknown field"),
        ({**MONEY, "children": [{"age_years": "eight"}]}, "children[0].age_years"),
        ({**MONEY, "answers": {"immediate_danger": "yes"}}, "answers.immediate_danger"),
    ],
)
def test_invalid_input_exits_2_naming_the_field(ctx: Ctx, monkeypatch, capsys, data, says) -> None:
    assert run(ctx, ["route"], json.dumps(data), monkeypatch) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert says in captured.err
    assert "Traceback" not in captured.err


def test_jsonl_errors_name_the_line_and_print_no_routes(ctx: Ctx, monkeypatch, capsys) -> None:
    lines = [
        json.dumps(MONEY),
        "{not json",
        json.dumps(MONEY),
        json.dumps({**MONEY, "hub": "mosiac"}),
    ]
    assert run(ctx, ["route", "--jsonl"], "\n".join(lines), monkeypatch) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert err[0].startswith("triage-app route: line 2: not valid JSON")
    assert err[1] == "triage-app route: line 4: hub: unknown hub 'mosiac' — did you mean 'mosaic'?"


def test_rules_check_passes_on_the_shipped_set(ctx: Ctx, monkeypatch, capsys) -> None:
    assert run(ctx, ["rules", "check"], "", monkeypatch) == 0
    said = capsys.readouterr()
    assert "coventry-2.1" in said.out and "bank holidays listed to 26 December 2028" in said.out
    assert said.err == ""


def test_rules_check_warns_when_the_bank_holidays_run_out(ctx: Ctx, monkeypatch, capsys) -> None:
    monkeypatch.setattr(rules_cmd, "bank_holidays", lambda: frozenset({date(2026, 12, 28)}))
    assert run(ctx, ["rules", "check"], "", monkeypatch) == 0  # a warning, not a failure
    assert "warning: the bank holidays listed end on 28 December 2026" in capsys.readouterr().err


def test_rules_check_prints_file_line_rule_message(
    ctx: Ctx, folder: RuleSetFolder, monkeypatch, capsys
) -> None:
    folder.write(
        '\n[[rule]]\nid = "typo"\nreason = "x"\nadvice = "y"\nwhen.needs_any = ["domestic_abuze"]\n'
    )
    assert run(ctx, ["rules", "check", str(folder.dir)], "", monkeypatch) == 1
    err = capsys.readouterr().err.splitlines()
    line = folder.line_of(folder.rules_file, "domestic_abuze")
    assert err[0] == (
        f"{folder.rules_file}:{line}: typo: "
        "unknown need 'domestic_abuze' — did you mean 'domestic_abuse'?"
    )


def test_rules_check_reports_uncovered_needs_and_missing_examples(
    ctx: Ctx, folder: RuleSetFolder, monkeypatch, capsys
) -> None:
    folder.write("")
    assert run(ctx, ["rules", "check", str(folder.dir)], "", monkeypatch) == 1
    err = capsys.readouterr().err
    assert "no rule gives guidance for need 'domestic_abuse'" in err
    assert "no worked examples" in err


@dataclass
class StoreCtx(Ctx):
    """A context with stored requests, as the store will offer them."""

    stored: tuple[tuple[str, TriageRequest, str], ...] = ()

    def stored_requests(
        self, start: date | None, end: date | None
    ) -> Iterable[tuple[str, TriageRequest, str]]:
        self.asked = (start, end)
        return self.stored


def test_rules_replay_summarises_changes(
    resources: Path, folder: RuleSetFolder, monkeypatch, capsys
) -> None:
    folder.write("")
    request = TriageRequest(
        "telephone", "self_referral", ("money_debt",), "given", (Child(age_years=8),)
    )
    ctx = StoreCtx(resources, stored=(("R1", request, "signpost"), ("R2", request, "advice")))
    argv = ["rules", "replay", str(folder.dir), "--from", "2026-01-01", "--to", "2026-02-01"]
    assert run(ctx, argv, "", monkeypatch) == 0
    assert ctx.asked == (date(2026, 1, 1), date(2026, 2, 1))
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "rule set test-1: 2 requests, 1 unchanged, 1 would change"
    assert out[1] == "  signpost -> advice: 1 (e.g. R1)"


def test_route_as_a_real_process() -> None:
    lines = "\n".join(json.dumps(x) for x in (MONEY, DANGER)) + "\n"
    done = subprocess.run(
        [sys.executable, "-m", "triage_app.cli.route_cmd", "--jsonl"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert [json.loads(x)["pathway"] for x in done.stdout.splitlines()] == ["signpost", "emergency"]
    bad = subprocess.run(
        [sys.executable, "-m", "triage_app.cli.route_cmd"],
        input='{"source": "police"}',
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert "contact_method: field required" in bad.stderr
    assert "Traceback" not in bad.stderr
