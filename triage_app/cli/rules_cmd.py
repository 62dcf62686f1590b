"""``triage-app rules``: check a guidance rule set, and see what a new one would change.

``rules check [DIR]`` loads a rule set (default: the shipped one), runs its worked
examples and checks every presenting need has guidance; each problem is printed as
``file:line: rule: message`` and the exit status is 1 if there is any.

``rules replay DIR [--from DATE] [--to DATE]`` routes stored requests with the rule set in
DIR and counts how many would take a different pathway. It reads stored requests through
the context's ``stored_requests(start, end)``, which yields ``(reference, request, stored
pathway)`` for requests received between the two dates (inclusive; ``None`` is open).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from triage_app.cli.route_cmd import context_today, context_vocab
from triage_app.domain.counts import counted
from triage_app.errors import InvalidInput, Problem, capped
from triage_app.pathways import RuleProblem, RulesError, default_rules_dir, load_rules
from triage_app.pathways.coverage import uncovered_needs
from triage_app.pathways.due import BANK_HOLIDAYS, bank_holidays
from triage_app.pathways.examples import check_examples
from triage_app.pathways.replay import ReplaySummary, replay

EXIT_OK, EXIT_PROBLEM = 0, 1


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "rules", help="check the guidance rules, or replay stored requests through new ones"
    )
    sub = parser.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    check = sub.add_parser(
        "check", help="check a rule set and run its worked examples (default: the shipped one)"
    )
    check.add_argument("dir", nargs="?", type=Path, help="a rule set folder")
    check.set_defaults(handler=run)
    again = sub.add_parser(
        "replay", help="what-if: route stored requests with a candidate rule set"
    )
    again.add_argument("dir", type=Path, nargs="?", help="the candidate rule set's folder")
    again.add_argument(
        "--overridden",
        action="store_true",
        help="instead, list the requests whose pathway staff overrode, and each rule's "
        "override rate",
    )
    again.add_argument("--from", dest="start", type=date.fromisoformat, metavar="DATE")
    again.add_argument("--to", dest="end", type=date.fromisoformat, metavar="DATE")
    again.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: Any) -> int:
    """``ctx`` needs ``resources``; ``replay`` also needs ``stored_requests(start, end)``."""
    if args.rules_command == "replay":
        return run_replay(args, ctx)
    return run_check(args, ctx)


def check_problems(rules_dir: Path, ctx: Any) -> tuple[str, list[RuleProblem]]:
    """A summary line and every problem of the rule set in ``rules_dir``."""
    vocab = context_vocab(ctx)
    try:
        rules = load_rules(rules_dir, vocab)
    except RulesError as e:
        return f"{rules_dir}: the rule set did not load", list(e.problems)
    problems = uncovered_needs(rules, vocab) + check_examples(rules, vocab)
    summary = f"rule set {rules.version}: {len(rules.rules)} rules"
    return summary, problems


def run_check(args: argparse.Namespace, ctx: Any) -> int:
    rules_dir = args.dir or default_rules_dir(ctx.resources)
    summary, problems = check_problems(rules_dir, ctx)
    for line in capped([str(p) for p in problems]):
        print(line, file=sys.stderr)
    if problems:
        print(f"{summary}; {counted(len(problems), 'problem')}", file=sys.stderr)
        return EXIT_PROBLEM
    print(f"{summary}; worked examples pass; no problems")
    _bank_holidays_left(context_today(ctx))
    return EXIT_OK


#: Warn when the bank holidays listed run out within this many days.
HOLIDAYS_AHEAD = timedelta(days=365)


def _bank_holidays_left(today: date) -> None:
    """Say how far the bank holidays go, and warn when next year's are still to be added."""
    last = max(bank_holidays())
    print(f"bank holidays listed to {last:%-d %B %Y} (resources/{BANK_HOLIDAYS})")
    if last < today + HOLIDAYS_AHEAD:
        print(
            f"warning: the bank holidays listed end on {last:%-d %B %Y}: add the next year's "
            f"to resources/{BANK_HOLIDAYS}, or later days count as working days",
            file=sys.stderr,
        )


def format_summary(summary: ReplaySummary) -> list[str]:
    """The replay's findings as lines a team leader reads."""
    changed = summary.total - summary.unchanged
    lines = [
        f"rule set {summary.rules_version}: {counted(summary.total, 'request')}, "
        f"{summary.unchanged} unchanged, {changed} would change"
    ]
    for c in summary.changes:
        lines.append(f"  {c.before} -> {c.after}: {c.count} (e.g. {', '.join(c.examples)})")
    if summary.total:
        lines.append("share of requests by pathway, as stored -> with this rule set:")
        for pathway in dict.fromkeys([*summary.after, *summary.before]):
            was, now = summary.before.get(pathway, 0), summary.after.get(pathway, 0)
            lines.append(
                f"  {pathway}: {_share(was, summary.total)} -> {_share(now, summary.total)}"
            )
    return lines


def _share(count: int, total: int) -> str:
    """A count with its share, to one decimal place so that 1 of 393 is not "0 %"."""
    return f"{count:,} ({100 * count / total:.1f} %)"


def run_replay(args: argparse.Namespace, ctx: Any) -> int:
    if args.overridden:
        return run_overridden(args, ctx)
    if args.dir is None:
        raise InvalidInput(
            [Problem("DIR", "give the candidate rule set's folder (or --overridden)")]
        )
    vocab = context_vocab(ctx)
    candidate = load_rules(args.dir, vocab)
    summary = replay(ctx.stored_requests(args.start, args.end), candidate, context_today(ctx))
    for line in format_summary(summary):
        print(line)
    return EXIT_OK


def run_overridden(args: argparse.Namespace, ctx: Any) -> int:
    """The requests staff overrode in the period, then each rule's override rate."""
    from triage_app.domain.localtime import local_day_start  # noqa: PLC0415
    from triage_app.store.overridden import overridden_requests, override_rates  # noqa: PLC0415

    ctx.actor("replay_rules")
    start = local_day_start(args.start) if args.start else None
    end = local_day_start(args.end + timedelta(days=1)) if args.end else None
    with ctx.database().read() as session:
        found = overridden_requests(session, start, end)
        rates = override_rates(session, start, end)
    print(f"{counted(len(found), 'overridden request')}")
    for r in capped(
        [f"  {o.reference}: {o.recommended} -> {o.final} ({', '.join(o.rules)})" for o in found]
    ):
        print(r)
    print("override rate by rule (overridden of requests it routed):")
    for rate in rates:
        if rate.overridden:
            print(f"  {rate.rule}: {rate.overridden} of {rate.requests} ({100 * rate.rate:.1f} %)")
    return EXIT_OK
