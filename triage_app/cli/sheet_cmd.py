"""``triage-app sheet``: a pathway advice sheet as a PDF file.

``sheet REFERENCE --out FILE.pdf [--large-print] [--discreet]`` writes a family's sheet and
records it in the audit trail as the named user (``--discreet``: nothing of what was asked,
whatever the route); ``sheet --blank NEED --out FILE.pdf`` writes the general
sheet for a presenting need, about no family, and needs no user. The file name is the
user's choice: the app never puts a name in a file name.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from triage_app.cli.context import CliContext
from triage_app.errors import InvalidInput, Problem, TriageError
from triage_app.services.advice_sheet import family_sheet, sheet_printed
from triage_app.sheets.service import PRINT_SHEET, general_sheet
from triage_app.sheets.wording import SheetWording, default_wording_file, load_wording
from triage_app.store.directory import load_directory
from triage_app.store.references import normalise_reference


def register(sub: Any) -> None:
    sheet = sub.add_parser(
        "sheet",
        help="write a pathway advice sheet (PDF) for a saved request, or a blank one for a need",
        description=(
            "Write the advice sheet a family takes away, for a saved request (recorded in "
            "the audit trail as --user), or with --blank the general sheet for a presenting "
            "need, for reception displays and partners."
        ),
    )
    sheet.add_argument("reference", nargs="?", metavar="REFERENCE", help="e.g. HH-7KQ4-M9XD")
    sheet.add_argument("--blank", metavar="NEED", help="a presenting need code, e.g. money_debt")
    sheet.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    sheet.add_argument("--large-print", action="store_true", help="16 point type or larger")
    sheet.add_argument(
        "--discreet",
        action="store_true",
        help="say nothing of what was asked (for a sheet the person the family fears may see)",
    )
    sheet.set_defaults(handler=run)


def write_pdf(path: Path, pdf: bytes) -> None:
    """Write the file whole or not at all: a half-written sheet is never left behind."""
    folder = path.parent if str(path.parent) else Path()
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".sheet-", suffix=".part")
    except OSError as e:
        raise TriageError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pdf)
        os.replace(temp, path)
    except OSError as e:
        Path(temp).unlink(missing_ok=True)
        raise TriageError(f"cannot write {path}: {e.strerror or e}") from None


def _wording(ctx: CliContext) -> SheetWording:
    return load_wording(default_wording_file(ctx.resources))


def run(args: argparse.Namespace, ctx: CliContext) -> int:
    if (args.reference is None) == (args.blank is None):
        raise InvalidInput(
            [Problem("", "give either a REFERENCE or --blank NEED (one of them, not both)")]
        )
    if args.blank is not None and args.discreet:
        raise InvalidInput([Problem("--discreet", "is for a family's sheet, not a blank one")])
    if args.blank is not None:
        wording = _wording(ctx)
        with ctx.database().read() as session:  # the directory's live details
            directory = load_directory(session)
        sheet = general_sheet(
            args.blank,
            vocab=ctx.vocab,
            rules=ctx.rules,
            wording=wording,
            on=ctx.now().date(),
            large_print=args.large_print,
            directory=directory,
        )
        write_pdf(args.out, sheet.pdf)
        if sheet.discreet:
            print(wording.discreet_staff_note, file=sys.stderr)
        print(f"wrote the blank sheet for {args.blank} to {args.out}")
        return 0
    reference = normalise_reference(args.reference)
    actor = ctx.actor(PRINT_SHEET)
    wording, rules = _wording(ctx), ctx.rules
    with ctx.database().write() as session:
        sheet = family_sheet(
            session,
            reference,
            actor=actor,
            now=ctx.now(),
            vocab=ctx.vocab,
            rules=rules,
            wording=wording,
            large_print=args.large_print,
            discreet=args.discreet,
        )
        sheet_printed(session, reference, actor=actor, now=ctx.now(), discreet=sheet.discreet)
        write_pdf(args.out, sheet.pdf)  # inside the transaction: no file, no audit entry
    if sheet.discreet:
        print(wording.discreet_staff_note, file=sys.stderr)
    print(f"wrote the advice sheet for {reference} to {args.out}")
    return 0
