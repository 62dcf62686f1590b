"""``triage-app demo-data``: fill a database with realistic synthetic requests."""

from __future__ import annotations

import argparse
import signal
import sys
import time
from types import FrameType
from typing import Any

from triage_app.cli.context import CliContext
from triage_app.demo.fill import PARALLEL_FROM, fill_demo


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def register(sub: Any) -> None:
    demo = sub.add_parser(
        "demo-data",
        help="add synthetic requests (invented people) over the last two years, for "
        "training, demonstrations and benchmarks; refuses a database with real requests",
    )
    demo.add_argument("--requests", type=_positive, required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="same seed, same data")
    demo.set_defaults(handler=run)


def _stop(signum: int, _frame: FrameType | None) -> None:
    """A polite ``kill`` ends the load the way Ctrl+C does: indexes rebuilt, file durable."""
    raise SystemExit(128 + signum)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    started = time.monotonic()
    step = max(args.requests // 10, 50_000)

    finishing = "indexing, finding re-referrals and saving to disk"
    if not db.is_sqlite:  # PostgreSQL keeps its indexes up as rows go in
        finishing = "finding re-referrals"

    def progress(done: int) -> None:
        if done == args.requests:
            print(f"  all {done:,} written; {finishing}", file=sys.stderr)
        elif done % step < 5000:
            print(f"  {done:,} of {args.requests:,}", file=sys.stderr)

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        loaded = fill_demo(
            db,
            resources=ctx.resources,
            rules=ctx.rules,
            now=ctx.now(),
            count=args.requests,
            seed=args.seed,
            progress=progress,
            parallel=args.requests >= PARALLEL_FROM,
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    seconds = time.monotonic() - started
    print(f"added {loaded:,} synthetic requests to {db.describe()} in {seconds:.1f} s")
    return 0
