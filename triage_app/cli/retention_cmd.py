"""``triage-app retention [--dry-run]`` and ``triage-app erase REF... --reason TEXT``.

Both are for administrators (``run_retention``, ``erase_record`` in docs/access.md). The
retention periods come from ``retention.toml`` in the configuration folder, else the defaults
in ``triage_app.retention.policy``; docs/information-governance.md explains them.
"""

from __future__ import annotations

import argparse
from typing import Any

from triage_app.cli.context import CliContext
from triage_app.domain.counts import counted
from triage_app.retention.cleanup import KindCount, run_retention, wipe_freed_space
from triage_app.retention.erasure import erase_request
from triage_app.retention.policy import load_policy


def register(sub: Any) -> None:
    retention = sub.add_parser(
        "retention",
        help="remove what is past its retention period (administrators); --dry-run only counts",
    )
    retention.add_argument(
        "--dry-run", action="store_true", help="say what would be removed; change nothing"
    )
    retention.set_defaults(handler=retention_cmd)
    erase = sub.add_parser(
        "erase",
        help="erase the personal data of one or more requests, keeping the figures' codes "
        "(administrators; audited with the reason)",
    )
    erase.add_argument("references", nargs="+", metavar="REFERENCE")
    erase.add_argument("--reason", required=True, help="why (e.g. the approved request's number)")
    erase.set_defaults(handler=erase_cmd)


def _line(c: KindCount, dry_run: bool) -> str:
    verb = "would be removed" if dry_run else "removed"
    oldest = f"; oldest last changed {c.oldest:%Y-%m-%d}" if c.oldest else ""
    return f"{c.kind}: {c.count} {verb} (kept {c.keep_days} days after the last change{oldest})"


def retention_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    actor = ctx.actor("run_retention")
    policy = load_policy(ctx.config.config_dir, ctx.config.retention)
    report = run_retention(ctx.database(), policy, actor=actor, now=ctx.now(), dry_run=args.dry_run)
    for count in report.counts:
        print(_line(count, args.dry_run))
    if args.dry_run:
        print("dry run: nothing was changed")
    elif not report.wiped:
        print(
            "removed; another desk was reading, so the removed text leaves the database's log "
            "file at its next checkpoint (run again later to make sure)"
        )
    return 0


def erase_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    actor = ctx.actor("erase_record")
    db = ctx.database()
    done = []
    with db.write() as session:
        for reference in args.references:
            done.append(
                erase_request(session, reference, reason=args.reason, actor=actor, now=ctx.now())
            )
    wiped = wipe_freed_space(db)
    for erased in done:
        print(
            f"{erased.reference}: personal data erased from {counted(erased.versions, 'version')} "
            f"and {counted(erased.children, 'child entry')}"
        )
        if erased.exported:
            print(
                f"{erased.reference} was already sent to the central system: ask for it to be "
                "erased there too"
            )
    if not wiped:
        print(
            "another desk was reading: the erased text leaves the log file at its next checkpoint"
        )
    return 0
