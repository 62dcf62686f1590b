"""``triage-app record [FILE]``: save one request given as JSON, exactly as the window would.

This is also how requests that arrive by email or an online form are imported: validated,
routed and audited as the named user, or refused with every problem named and nothing written.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from triage_app.cli.context import CliContext
from triage_app.cli.jsonio import decode, read_input
from triage_app.domain.wire import parse_request
from triage_app.services.intake import take_request


def register(sub: Any) -> None:
    record = sub.add_parser(
        "record",
        help="save one request given as JSON (file or standard input); prints its reference",
    )
    record.add_argument("file", nargs="?", type=Path, metavar="FILE")
    record.set_defaults(handler=run)


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    data = decode(read_input(args.file))
    req = parse_request(data, record=True, today=ctx.now().date())
    actor = ctx.actor("record_request")
    db = ctx.database()
    with db.write() as session:
        saved = take_request(
            session, req, vocab=ctx.vocab, rules=ctx.rules, actor=actor, now=ctx.now()
        )
    print(json.dumps({"reference": saved.reference, "pathway": saved.route.pathway}))
    return 0
