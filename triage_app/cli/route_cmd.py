"""``triage-app route``: route requests given as JSON, without a database or a window.

``route [FILE]`` reads one request (standard input when no FILE) and prints its route as
JSON on one line. ``route --jsonl [FILE]`` reads one request per line (blank lines are
skipped) and prints one route per line, in the same order. Input is checked in full first:
if any line is invalid, every problem is reported on standard error with its line number
and field, nothing is printed on standard output, and the exit status is 2.

Ages are worked out for today's date, which is read here (from the context's clock when it
has one) and passed in to the pure routing function.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from triage_app.cli.jsonio import read_input
from triage_app.domain.request import TriageRequest
from triage_app.domain.vocabulary import Vocabularies, load_vocabularies
from triage_app.domain.wire import parse_request_json
from triage_app.errors import InvalidInput, capped
from triage_app.pathways import RuleSet, default_rules_dir, load_rules
from triage_app.pathways.conditions import Facts, facts_of
from triage_app.pathways.engine import route_json_line
from triage_app.pathways.partial import routing_problems

EXIT_OK, EXIT_INPUT = 0, 2


def register(subparsers: argparse._SubParsersAction[Any]) -> None:
    parser = subparsers.add_parser(
        "route",
        help="route a request given as JSON and print the route as JSON",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    parser.add_argument("file", nargs="?", type=Path, help="a JSON file (default: standard input)")
    parser.add_argument(
        "--jsonl", action="store_true", help="one request per line in, one route per line out"
    )
    parser.set_defaults(handler=run)


def context_vocab(ctx: Any) -> Vocabularies:
    """The context's vocabularies if it keeps them, else loaded from ``ctx.resources``."""
    found = getattr(ctx, "vocab", None)
    return found if isinstance(found, Vocabularies) else load_vocabularies(ctx.resources)


def context_rules(ctx: Any, vocab: Vocabularies) -> RuleSet:
    """The context's rule set if it keeps one, else the shipped one under ``ctx.resources``."""
    found = getattr(ctx, "rules", None)
    return (
        found if isinstance(found, RuleSet) else load_rules(default_rules_dir(ctx.resources), vocab)
    )


def context_today(ctx: Any) -> date:
    """Today, from the context's clock (``ctx.now()``) when it has one."""
    now = getattr(ctx, "now", None)
    return now().date() if callable(now) else date.today()


def parse_line(text: str, vocab: Vocabularies, on: date) -> tuple[TriageRequest, Facts]:
    """One JSON request, parsed and checked, with its facts for routing on ``on``.

    :class:`InvalidInput` names every bad field. The facts are worked out once, for the
    check (does a yes answer route it partial?) and the route alike.
    """
    request = parse_request_json(text)
    facts = facts_of(request, on)
    problems = routing_problems(request, vocab, on, facts=facts, text_checked=True)
    if problems:
        raise InvalidInput(problems)
    return request, facts


def route_lines(
    lines: Iterable[str],
    vocab: Vocabularies,
    rules: RuleSet,
    *,
    on: date,
    desk_hub: str | None = None,
) -> tuple[list[str], list[str]]:
    """Route JSON lines: the output lines, or (if any line is invalid) the error messages.

    Each line is routed as soon as it is checked, and only its output line is kept: holding
    thousands of parsed requests until the end made the garbage collector walk them again
    and again. Once a line is found invalid, the rest are only checked.
    """
    out: list[str] = []
    errors: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line or line.isspace():  # blank: what strip() would empty, without a copy
            continue
        try:
            request, facts = parse_line(line, vocab, on)
        except InvalidInput as e:
            errors.extend(f"line {number}: {p}" for p in e.problems)
            continue
        if not errors:
            out.append(route_json_line(request, rules, on=on, desk_hub=desk_hub, facts=facts))
    return ([], errors) if errors else (out, [])


def input_lines(text: str) -> list[str]:
    """The lines of ``--jsonl`` input, split as JSON Lines are: at a line feed only.

    A carriage return before it is dropped. A line separator (U+2028), a next-line (U+0085),
    a form feed or a vertical tab is part of its line's text, as JSON allows in a string.
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def _report(errors: list[str]) -> None:
    for message in capped(errors):
        print(f"triage-app route: {message}", file=sys.stderr)


def run(args: argparse.Namespace, ctx: Any) -> int:
    """Route the input; 0 when every request was routed, 2 when the input was invalid.

    ``ctx`` needs ``resources`` (the resources folder); it may also offer ``vocab``,
    ``rules`` and a clock ``now()``, which are used instead of loading or the system date.
    """
    try:
        text = read_input(args.file)
    except InvalidInput as e:
        _report([f"{e.where}: {p}" if e.where else str(p) for p in e.problems])
        return EXIT_INPUT
    vocab = context_vocab(ctx)
    rules = context_rules(ctx, vocab)
    on = context_today(ctx)
    if args.jsonl:
        out, errors = route_lines(input_lines(text), vocab, rules, on=on)
    else:
        try:
            request, facts = parse_line(text, vocab, on)
        except InvalidInput as e:
            out, errors = [], [str(p) for p in e.problems]
        else:
            out, errors = [route_json_line(request, rules, on=on, facts=facts)], []
    if errors:
        _report(errors)
        return EXIT_INPUT
    for line in out:
        sys.stdout.write(line + "\n")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run ``route`` on its own (``python -m triage_app.cli.route_cmd``), as the app would."""
    from types import SimpleNamespace  # noqa: PLC0415 - only for running this module alone

    from triage_app.errors import TriageError  # noqa: PLC0415
    from triage_app.locations import resources_dir  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="triage-app")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["route", *(sys.argv[1:] if argv is None else argv)])
    try:
        return int(args.handler(args, SimpleNamespace(resources=resources_dir())))
    except TriageError as e:
        print(f"triage-app: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
