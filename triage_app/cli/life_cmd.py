"""``triage-app outcome``, ``note``, ``attempt``, ``action``: a request's life after the front door.

``outcome REFERENCE`` shows where the request stands (status, outcome, pathways, actions,
attempts, notes, overrides); with ``--close OUTCOME --reason TEXT`` it closes it, with
``--reopen --reason TEXT`` reopens it, with ``--start`` marks work started. ``note
REFERENCE TEXT`` adds a note (``-`` reads it from standard input); ``attempt REFERENCE
--method CODE --reached/--not-reached`` records an attempt to reach the family; ``action
REFERENCE ACTION --state STATE`` settles an action. Each acts as the signed-in ``--user``
and needs the permission ``record_outcome`` (``mark_action_done`` for ``action``) on a
request they see; nothing a family said is printed but the notes, to those who may read
them. See ``docs/outcomes.md``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from triage_app.cli.context import CliContext
from triage_app.domain.life import ACTION_STATES, RequestLife
from triage_app.domain.localtime import local_text, uk_wall_clock
from triage_app.errors import InvalidInput, Problem
from triage_app.store.references import normalise_reference

_REF = {"metavar": "REFERENCE", "help": "e.g. HH-7KQ4-M9XD"}


def register(sub: Any) -> None:
    outcome = sub.add_parser(
        "outcome",
        help="show, start, close (with an outcome) or reopen a request",
        description=(
            "Show where a request stands after the front door; or close it with an outcome "
            "and a reason (the MASH decision as given, for stepped_up_mash), reopen it with "
            "a reason, or mark work on it started. --list shows the outcome codes."
        ),
    )
    outcome.add_argument("reference", nargs="?", **_REF)
    what = outcome.add_mutually_exclusive_group()
    what.add_argument("--close", metavar="OUTCOME", help="close with this outcome code")
    what.add_argument("--reopen", action="store_true", help="reopen a closed request")
    what.add_argument("--start", action="store_true", help="mark work on an open request started")
    what.add_argument("--list", action="store_true", help="list the outcome codes and exit")
    outcome.add_argument("--reason", metavar="TEXT", help="why (needed to close or reopen)")
    outcome.add_argument("--mash-decision", metavar="TEXT", help="the MASH decision as given")
    outcome.set_defaults(handler=run_outcome)

    note = sub.add_parser(
        "note",
        help="add a dated note to a request (notes are never edited)",
        description="Add a note, stamped with you and the time. TEXT '-' reads standard input.",
    )
    note.add_argument("reference", **_REF)
    note.add_argument("text", metavar="TEXT")
    note.set_defaults(handler=run_note)

    attempt = sub.add_parser(
        "attempt",
        help="record an attempt to reach the family",
        description="Record when, how and whether the family was reached (by you).",
    )
    attempt.add_argument("reference", **_REF)
    attempt.add_argument("--method", required=True, metavar="CODE", help="e.g. telephone")
    reached = attempt.add_mutually_exclusive_group(required=True)
    reached.add_argument("--reached", dest="reached", action="store_true")
    reached.add_argument("--not-reached", dest="reached", action="store_false")
    attempt.add_argument(
        "--at", metavar="WHEN", help="when it was made, YYYY-MM-DDTHH:MM UK time (default: now)"
    )
    attempt.add_argument("--note", metavar="TEXT")
    attempt.set_defaults(handler=run_attempt)

    action = sub.add_parser(
        "action",
        help="settle an action of a request: done, not needed, or could not be done",
        description="Settle one action the request's route calls for, with an optional note.",
    )
    action.add_argument("reference", **_REF)
    action.add_argument("action", metavar="ACTION", help="the action's code, e.g. mash_referral")
    action.add_argument(
        "--state", required=True, metavar="STATE", help=f"one of {', '.join(ACTION_STATES)}"
    )
    action.add_argument("--note", metavar="TEXT")
    action.set_defaults(handler=run_action)


def _moment(value: datetime | None) -> str:
    return local_text(value, zone=True) if value else "—"


def show(life: RequestLife) -> list[str]:
    """The request's state and actions, then its history: one line a change, oldest first."""
    from triage_app.services.followup import due_text  # noqa: PLC0415 - as the window says it

    lines = [
        f"{life.reference} (version {life.version}): {life.status.replace('_', ' ')}"
        + (f", outcome {life.outcome}" if life.outcome else ""),
        f"pathway: recommended {life.recommended_pathway}, in force {life.final_pathway}",
        f"assigned to: {life.assigned_to or 'nobody'}; due {due_text(life.due_at)}",
    ]
    for a in life.actions:
        how = a.state.replace("_", " ") if a.state else "open"
        by = f" by {a.settled_by} at {_moment(a.settled_at)}" if a.state else ""
        lines.append(f"action {a.action}: {how}{by}" + (f" ({a.note})" if a.note else ""))
    history: list[tuple[datetime, str, str]] = [
        (
            c.at,
            c.by,
            f"{c.from_status} -> {c.to_status}"
            + (f" ({c.outcome})" if c.outcome else "")
            + (f": {c.reason}" if c.reason else ""),
        )
        for c in life.status_changes
    ]
    for t in life.attempts:
        said = "reached" if t.reached else "not reached"
        history.append(
            (t.at, t.by, f"attempt by {t.method}, {said}" + (f": {t.note}" if t.note else ""))
        )
    history += [(n.at, n.author, f"note: {n.text or '(erased)'}") for n in life.notes]
    history += [
        (o.asked_at, o.asked_by, f"override {o.id} {o.recommended} -> {o.chosen} "
         f"({o.direction}, {o.state})")
        for o in life.overrides
    ]  # fmt: skip
    history.sort(key=lambda line: line[0])  # stable: equal times keep their kind's order
    lines += [f"{_moment(at)} {by}: {what}" for at, by, what in history]
    return lines


def run_outcome(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services import outcomes  # noqa: PLC0415
    from triage_app.services.life_view import request_life  # noqa: PLC0415

    if args.list:
        for code, label in outcomes.outcome_choices(ctx.vocab):
            print(f"{code}\t{label}")
        return 0
    if args.reference is None:
        raise InvalidInput([Problem("REFERENCE", "give the request's reference (or --list)")])
    reference = normalise_reference(args.reference)
    actor, now = ctx.actor(), ctx.now()
    db = ctx.database()
    with db.write() as s:
        if args.close:
            outcomes.close_request(
                s, reference, outcome=args.close, reason=args.reason or "", actor=actor,
                now=now, vocab=ctx.vocab, mash_decision=args.mash_decision,
            )  # fmt: skip
        elif args.reopen:
            outcomes.reopen_request(s, reference, reason=args.reason or "", actor=actor, now=now)
        elif args.start:
            outcomes.start_request(s, reference, actor=actor, now=now)
    with db.read() as s:
        print("\n".join(show(request_life(s, reference, actor=actor, now=now))))
    return 0


def run_note(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services.contact import add_note  # noqa: PLC0415

    text = sys.stdin.read() if args.text == "-" else args.text
    reference = normalise_reference(args.reference)
    with ctx.database().write() as s:
        version = add_note(s, reference, text, actor=ctx.actor(), now=ctx.now())
    print(f"added a note to {reference} (version {version})")
    return 0


def _when(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInput([Problem("--at", "give a time as YYYY-MM-DDTHH:MM")]) from None
    if len(text.strip()) <= len("YYYY-MM-DD"):  # a date alone would be taken as midnight
        raise InvalidInput([Problem("--at", "give the time as well: YYYY-MM-DDTHH:MM")])
    try:
        return uk_wall_clock(moment) if moment.tzinfo is None else moment.astimezone(UTC)
    except ValueError as e:
        raise InvalidInput([Problem("--at", str(e))]) from None
    except OverflowError:  # a zone that moves it past the calendar's ends
        raise InvalidInput([Problem("--at", "is out of range: give a time this century")]) from None


def run_attempt(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services.contact import record_attempt  # noqa: PLC0415

    reference = normalise_reference(args.reference)
    with ctx.database().write() as s:
        version = record_attempt(
            s, reference, method=args.method, reached=args.reached, actor=ctx.actor(),
            now=ctx.now(), vocab=ctx.vocab, at=_when(args.at), note=args.note,
        )  # fmt: skip
    said = "reached" if args.reached else "not reached"
    print(f"recorded an attempt on {reference} by {args.method}, {said} (version {version})")
    return 0


def run_action(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.services.actions import settle_action  # noqa: PLC0415

    reference = normalise_reference(args.reference)
    with ctx.database().write() as s:
        settle_action(
            s, reference, args.action, state=args.state, actor=ctx.actor(), now=ctx.now(),
            note=args.note,
        )  # fmt: skip
    print(f"{args.action} of {reference}: {args.state.replace('_', ' ')}")
    return 0
