"""``triage-app audit [--since DATE] [--record REF]``: read the audit trail, one entry a line.

Columns, tab-separated so a script can cut them: UTC time, who, role, desk, action, record,
reason ("-" where empty). For team leaders and administrators.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from triage_app.cli.context import CliContext
from triage_app.errors import echo
from triage_app.services.reference_access import check_reference
from triage_app.store.audit import AuditRecord, entries


def since_date(text: str) -> datetime:
    """``YYYY-MM-DD`` (midnight UTC) or an ISO date and time (UTC unless it names a zone)."""
    try:
        moment = datetime.fromisoformat(text)
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{echo(text)}' is not a date: use YYYY-MM-DD, e.g. 2026-03-01"
        ) from None
    except OverflowError:  # a zone that moves it past the year 9999 or before the year 1
        raise argparse.ArgumentTypeError(
            f"'{echo(text)}' is out of range in UTC: give a date from 0001-01-02 to 9999-12-30"
        ) from None


def register(sub: Any) -> None:
    parser = sub.add_parser("audit", help="list audit entries (team leaders, administrators)")
    parser.add_argument(
        "--since", type=since_date, metavar="DATE", help="only entries from this date (UTC)"
    )
    parser.add_argument(
        "--record", metavar="REF", help="only entries about this record (or user:NAME)"
    )
    parser.set_defaults(handler=audit_cmd)


def _clean(value: str | None) -> str:
    return " ".join(value.split()) if value else "-"


def audit_line(entry: AuditRecord) -> str:
    at = entry.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = (entry.actor, entry.role, entry.desk, entry.action, entry.record_ref, entry.reason)
    return "\t".join([at, *(_clean(f) for f in fields)])


def audit_cmd(args: argparse.Namespace, ctx: CliContext) -> int:
    actor = ctx.actor("view_audit")
    with ctx.database().read() as session:
        record = args.record
        if record is not None:
            record = check_reference(
                session, record, actor=actor, action="view_audit", now=ctx.now()
            )
        found = entries(session, since=args.since, record_ref=record)
    for entry in found:
        print(audit_line(entry))
    return 0
