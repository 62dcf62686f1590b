"""``triage-app db upgrade|check|backup|grant-desk|recount-figures``: look after the database."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from triage_app.cli.context import CliContext
from triage_app.domain.counts import counted
from triage_app.errors import TriageError
from triage_app.export.heads import sent_heads
from triage_app.store import figure_counts
from triage_app.store.health import check_health
from triage_app.store.migrate import backup_sqlite


def register(sub: Any) -> None:
    db = sub.add_parser("db", help="upgrade, check or back up the database")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    actions.add_parser(
        "upgrade", help="bring the database to this version's schema (also done on every open)"
    ).set_defaults(handler=upgrade)
    check_cmd = actions.add_parser(
        "check",
        help="integrity, foreign keys, schema version and audit trail; exit 1 if unhealthy",
        description="Check the database's integrity, foreign keys and schema, and its audit "
        "trail: the chain, its key and the head this PC kept after its last audited write "
        "(docs/tamper-evidence.md).",
    )
    check_cmd.add_argument(
        "--against",
        type=Path,
        metavar="DIR",
        help="also check the audit trail against the heads in the export batches in DIR "
        "(the central system's copy of what was sent)",
    )
    check_cmd.set_defaults(handler=check)
    actions.add_parser(
        "recount-figures",
        help="count every month's figures again from the requests (when db check says so)",
    ).set_defaults(handler=recount_figures)
    backup = actions.add_parser("backup", help="a consistent copy while the app is in use")
    backup.add_argument("path", type=Path, metavar="PATH")
    backup.set_defaults(handler=backup_cmd)
    grant = actions.add_parser(
        "grant-desk",
        help="PostgreSQL: give a role a desk's rights (run as the owner, after upgrade)",
        description="Give an existing PostgreSQL role what a desk needs and no more: read and "
        "write requests and the tables a desk's work writes, only add to and read the audit "
        "trail, no schema changes (docs/deployment.md). Run as the database's owner role; "
        "exit 1 if the role can still do more than a desk should.",
    )
    grant.add_argument("role", metavar="ROLE", help="the desks' role, e.g. here_to_help_desk")
    grant.set_defaults(handler=grant_desk_cmd)


def upgrade(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    result = ctx.upgrade_result
    if result is None or not result.changed:
        print(f"{db.describe()}: already at schema {result.to_revision if result else '?'}")
    else:
        before = result.from_revision or "new"
        print(f"{db.describe()}: upgraded from {before} to {result.to_revision}")
        if result.backup:
            print(f"the previous file was backed up to {result.backup}")
    return 0


def check(args: argparse.Namespace, ctx: CliContext) -> int:
    against = sent_heads(args.against) if args.against is not None else []
    db = ctx.unopened_database()
    try:
        health = check_health(db, against)
    finally:
        db.close()
    for problem in health.problems:
        print(f"problem: {problem}")
    if health.healthy:
        sent = f"; audit trail agrees with {len(against)} export batch(es)" if against else ""
        print(f"{db.describe()}: healthy (schema {health.schema}{sent})")
        return 0
    print(f"{db.describe()}: {counted(len(health.problems), 'problem')} found")
    return 1


def recount_figures(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    with db.write() as session:
        figure_counts.recount_all(session)
        months = len(figure_counts.months(session))
    print(f"{db.describe()}: the figures of {counted(months, 'month')} counted again")
    return 0


def backup_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    db = ctx.database()
    if not db.is_sqlite or not db.url.database:
        raise TriageError(
            "backup copies a SQLite file; for a PostgreSQL server use the server's own backup "
            "(pg_dump) as the council's database team does"
        )
    target = backup_sqlite(Path(db.url.database), args.path)
    print(f"backed up {db.describe()} to {target}")
    return 0


def grant_desk_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    from triage_app.store.roles import grant_desk  # noqa: PLC0415 - PostgreSQL only

    db = ctx.database()
    if db.is_sqlite:
        raise TriageError("grant-desk sets up PostgreSQL roles; a SQLite file has none")
    with db.engine.begin() as conn:
        too_wide = grant_desk(conn, args.role)
    print(f"{db.describe()}: {args.role} has a desk's rights")
    for problem in too_wide:
        print(f"problem: {problem}")
    return 1 if too_wide else 0
