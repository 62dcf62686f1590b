"""``triage-app export --out DIR [--batch ID] | --list``: batches for the central case system."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from triage_app.cli.context import CliContext
from triage_app.domain.counts import counted
from triage_app.errors import InvalidInput, Problem
from triage_app.export import export_pending, list_batches, pending_summary, write_batch_again
from triage_app.export.record import moment


def register(sub: Any) -> None:
    export = sub.add_parser(
        "export",
        help="write what the central case system has not yet had, as one batch folder",
        description=(
            "Writes DIR/<batch-id>/ with requests.jsonl, requests.csv and manifest.json, holding "
            "every new request and every new version of an amended one, and records them as "
            "sent. With nothing new, writes nothing."
        ),
    )
    export.add_argument("--out", type=Path, metavar="DIR", help="the folder to write batches into")
    export.add_argument("--batch", metavar="ID", help="write this past batch again, byte for byte")
    export.add_argument(
        "--list", action="store_true", help="show what is waiting and the batches already sent"
    )
    export.set_defaults(handler=run)


def _list(ctx: CliContext) -> int:
    ctx.actor("export")
    with ctx.database().read() as session:
        waiting = pending_summary(session)
        batches = list_batches(session)
    if waiting.count and waiting.oldest_received_at is not None:
        oldest = moment(waiting.oldest_received_at)
        print(f"waiting: {counted(waiting.count, 'record')}, the oldest taken {oldest}")
    else:
        print("waiting: nothing")
    for b in batches:
        print(f"{b.batch_id}  {moment(b.created_at)}  {b.record_count:>7} record(s)  by {b.actor}")
    return 0


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    if args.list:
        return _list(ctx)
    if args.out is None:
        raise InvalidInput([Problem("--out", "give the folder to write the batch into")])
    actor = ctx.actor("export")
    db = ctx.database()
    if args.batch:
        folder = write_batch_again(db, args.batch, args.out, actor=actor, now=ctx.now())
        print(f"wrote batch {args.batch} again to {folder}")
        return 0
    result = export_pending(db, args.out, actor=actor, now=ctx.now())
    for batch_id in result.finished_earlier:
        print(f"finished batch {batch_id}, which an interrupted export had left incomplete")
    if result.batch is None:
        print("nothing new to export: the central system has had every saved request")
        return 0
    print(
        f"exported {counted(result.batch.record_count, 'record')} in batch {result.batch.batch_id}"
    )
    print(f"to {result.folder}")
    return 0
