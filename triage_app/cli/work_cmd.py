"""``triage-app override``, ``assign``, ``queue``: who does what about a request, and what is due.

``override REFERENCE --pathway CODE --reason TEXT`` chooses a pathway other than the one
in force (upward stands; downward waits for a second team leader); ``override REFERENCE
--approve ID`` or ``--refuse ID`` decides a waiting one; ``override --pending`` lists them.
``assign REFERENCE --to USERNAME`` assigns a request (``me`` for yourself, ``nobody`` to
clear it). ``queue`` prints the follow-up queue and its counts. See ``docs/outcomes.md``.
"""

from __future__ import annotations

import argparse
from typing import Any

from triage_app.cli.context import CliContext
from triage_app.errors import InvalidInput, Problem
from triage_app.store.references import normalise_reference

_REF = {"metavar": "REFERENCE", "help": "e.g. HH-7KQ4-M9XD"}


def register(sub: Any) -> None:
    override = sub.add_parser(
        "override",
        help="choose a pathway other than the one recommended, or decide a downward one",
        description=(
            "Choose another pathway, saying why: upward stands at once, downward waits for a "
            "team leader other than you, and none goes below the request's safety floor."
        ),
    )
    override.add_argument("reference", nargs="?", **_REF)
    what = override.add_mutually_exclusive_group()
    what.add_argument("--pathway", metavar="CODE", help="the pathway chosen")
    what.add_argument("--approve", type=int, metavar="ID", help="approve waiting override ID")
    what.add_argument("--refuse", type=int, metavar="ID", help="refuse waiting override ID")
    what.add_argument("--pending", action="store_true", help="list overrides waiting")
    override.add_argument("--reason", metavar="TEXT", help="why (needed with --pathway)")
    override.add_argument("--note", metavar="TEXT", help="a note with a decision")
    override.set_defaults(handler=run_override)

    assign = sub.add_parser(
        "assign",
        help="assign a request to a named worker ('me' to take it; team leaders reassign)",
        description="Assign a request to a member of staff by username, 'me' or 'nobody'.",
    )
    assign.add_argument("reference", **_REF)
    assign.add_argument("--to", required=True, metavar="USERNAME")
    assign.set_defaults(handler=run_assign)

    queue = sub.add_parser(
        "queue",
        help="the follow-up queue: open work by due time, with counts",
        description="Open requests, most pressing first: yours and your hub's by default.",
    )
    queue.add_argument(
        "--scope",
        choices=("mine_and_hub", "assigned_to_me", "unassigned", "everything"),
        default="mine_and_hub",
    )
    queue.add_argument("--hub", metavar="CODE")
    queue.add_argument("--limit", type=int, default=50, metavar="N")
    queue.set_defaults(handler=run_queue)


def run_override(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services import overrides  # noqa: PLC0415

    actor, now = ctx.actor(), ctx.now()
    if args.pending:
        with ctx.database().read() as s:
            waiting = overrides.pending_overrides(s, actor=actor)
        for ref, o in waiting:
            print(f"{o.id}\t{ref}\t{o.recommended} -> {o.chosen}\tasked by {o.asked_by}")
        return 0
    if args.reference is None:
        raise InvalidInput([Problem("REFERENCE", "give the request's reference")])
    reference = normalise_reference(args.reference)
    with ctx.database().write() as s:
        if args.pathway:
            done = overrides.override_pathway(
                s, reference, chosen=args.pathway, reason=args.reason or "", actor=actor,
                now=now, rules=ctx.rules,
            )  # fmt: skip
        elif args.approve is not None or args.refuse is not None:
            done = overrides.decide_override(
                s, reference, args.approve if args.approve is not None else args.refuse,
                approve=args.approve is not None, actor=actor, now=now, rules=ctx.rules,
                note=args.note,
            )  # fmt: skip
        else:
            raise InvalidInput([Problem("--pathway", "give --pathway, --approve or --refuse")])
    waits = " (waiting for a team leader)" if done.state == "pending" else ""
    print(
        f"override {done.id} of {reference}: {done.recommended} -> {done.chosen}, "
        f"{done.direction}, {done.state}{waits}"
    )
    return 0


def run_assign(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services.assignment import assign_request  # noqa: PLC0415

    actor = ctx.actor()
    to = {"me": actor.username, "nobody": None}.get(args.to, args.to)
    reference = normalise_reference(args.reference)
    with ctx.database().write() as s:
        assign_request(s, reference, to=to, actor=actor, now=ctx.now())
    print(f"{reference} is assigned to {to or 'nobody'}")
    return 0


def run_queue(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services.followup import due_text, followup_queue  # noqa: PLC0415

    actor, now = ctx.actor(), ctx.now()
    with ctx.database().read() as s:
        queue = followup_queue(
            s, actor=actor, now=now, scope=args.scope, hub=args.hub, limit=args.limit,
            urgency=ctx.rules.pathways,
        )  # fmt: skip
    c = queue.counts
    print(f"{c.open} open: {c.overdue} overdue, {c.due_today} due today, {c.unassigned} unassigned")
    for r in queue.rows:
        flag = "OVERDUE" if r.overdue else r.status.replace("_", " ")
        print(
            f"{r.reference}\t{flag}\tdue {due_text(r.due)}\t{r.final_pathway or r.pathway}\t"
            f"{r.hub or 'no hub'}\t{r.assigned_to or 'unassigned'}"
        )
    return 0
